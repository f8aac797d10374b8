import assert from "node:assert/strict";
import { createApp } from "./app.ts";
import type { ServerLimits } from "./limits.ts";
import { listen } from "./listen.ts";
import { fakeAsk, testDeps, tinyPng } from "./test_util.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function withListener(
  limits: Partial<ServerLimits>,
  hold: Promise<void> | undefined,
  body: (port: number, fake: ReturnType<typeof fakeAsk>) => Promise<void>,
) {
  const fake = fakeAsk(hold ? { hold } : {});
  const app = createApp(testDeps(fake.ask, { limits }));
  const server = listen(app, { hostname: "127.0.0.1", port: 0, limits });
  try {
    await body(server.port, fake);
  } finally {
    await server.shutdown();
  }
}

/** Everything the server sends until it closes the connection (or `ms` passes: "open"). */
async function readUntilClosed(conn: Deno.Conn, ms: number): Promise<string | "open"> {
  let text = "";
  const buf = new Uint8Array(4096);
  const timer = setTimeout(() => conn.close(), ms);
  try {
    while (true) {
      const n = await conn.read(buf);
      if (n === null) return text;
      text += decoder.decode(buf.subarray(0, n));
    }
  } catch {
    return "open"; // closed by the timer: the server kept it open
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch {
      // closed
    }
  }
}

async function askRequest(question = "q?"): Promise<string> {
  const body = JSON.stringify({
    question,
    image: `data:image/png;base64,${(await tinyPng()).toBase64()}`,
  });
  return "POST /api/ask HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n" +
    `content-length: ${encoder.encode(body).length}\r\n\r\n${body}`;
}

async function health(port: number) {
  return await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
}

Deno.test("slow headers, slow bodies and idle connections are closed", async () => {
  const limits = { headerTimeoutMs: 200, bodyTimeoutMs: 300, idleTimeoutMs: 300 };
  await withListener(limits, undefined, async (port) => {
    const slowHeader = await Deno.connect({ hostname: "127.0.0.1", port });
    await slowHeader.write(encoder.encode("GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n"));
    const idle = await Deno.connect({ hostname: "127.0.0.1", port });
    const slowBody = await Deno.connect({ hostname: "127.0.0.1", port });
    await slowBody.write(encoder.encode(
      "POST /api/ask HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n" +
        'content-length: 1000\r\n\r\n{"question":',
    ));
    const [h, i, b] = await Promise.all([
      readUntilClosed(slowHeader, 3000),
      readUntilClosed(idle, 3000),
      readUntilClosed(slowBody, 3000),
    ]);
    assert.equal(h, "", "a slow-header client is closed without an answer");
    assert.equal(i, "", "an idle connection is closed");
    assert.match(b, /^HTTP\/1\.1 408/);
    assert.match(b, /did not arrive within 0\.3 s/);
    // A normal request still works, and a keep-alive connection serves several.
    assert.equal((await health(port)).ok, true);
  });
});

Deno.test("connections over the cap are answered 503 and closed", async () => {
  await withListener({ maxConnections: 3 }, undefined, async (port) => {
    const held = await Promise.all(
      [1, 2, 3].map(() => Deno.connect({ hostname: "127.0.0.1", port })),
    );
    // Let the server accept them.
    await new Promise((r) => setTimeout(r, 100));
    const extra = await Deno.connect({ hostname: "127.0.0.1", port });
    const reply = await readUntilClosed(extra, 3000);
    assert.match(reply as string, /^HTTP\/1\.1 503/);
    assert.match(reply as string, /retry-after: 5/i);
    for (const c of held) c.close();
    await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200, "a place frees when a connection closes");
    await res.body?.cancel();
  });
});

Deno.test("a queued client that closes its socket leaves the queue at once", async () => {
  let open!: () => void;
  const hold = new Promise<void>((r) => open = r);
  const limits = { concurrency: 1, queue: 1, idleTimeoutMs: 200 };
  await withListener(limits, hold, async (port, fake) => {
    const running = await Deno.connect({ hostname: "127.0.0.1", port });
    await running.write(encoder.encode(await askRequest("first")));
    while (fake.calls.length < 1) await new Promise((r) => setTimeout(r, 10));
    const queued = await Deno.connect({ hostname: "127.0.0.1", port });
    await queued.write(encoder.encode(await askRequest("second")));
    while ((await health(port)).questions.queued < 1) await new Promise((r) => setTimeout(r, 10));
    // Silent while queued for longer than the idle timeout: still queued (not idle).
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await health(port)).questions.queued, 1);
    queued.close();
    const end = Date.now() + 2000;
    while ((await health(port)).questions.queued !== 0) {
      assert.ok(Date.now() < end, "the disconnected client is still queued");
      await new Promise((r) => setTimeout(r, 10));
    }
    open();
    const first = await readUntilClosed(running, 1000);
    assert.match(first as string, /event: answer/);
    assert.equal(fake.calls.length, 1, "the disconnected question never ran");
  });
});
