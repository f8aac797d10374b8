import assert from "node:assert/strict";
import { createApp } from "./app.ts";
import { imageExtension, ImageStore } from "./image_store.ts";
import { fakeAsk, readSse, testDeps, tinyPng } from "./test_util.ts";

const sha = (n: number) => n.toString(16).padStart(64, "0");

Deno.test("imageExtension reads the signature", () => {
  assert.equal(imageExtension(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), "jpg");
  assert.equal(imageExtension(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10])), "png");
  const webp = new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 ");
  assert.equal(imageExtension(webp), "webp");
  assert.equal(imageExtension(new Uint8Array([1, 2, 3])), "img");
});

Deno.test("ImageStore: content-addressed, written once, least recently used evicted past the cap", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = new ImageStore({ dir: `${dir}/images`, maxBytes: 2500 });
    const bytes = (fill: number) => {
      const b = new Uint8Array(1000).fill(fill);
      b.set([0xff, 0xd8, 0xff]);
      return b;
    };
    const a = await store.save(sha(1), bytes(1));
    assert.equal(a, `${dir}/images/${sha(1)}.jpg`);
    await new Promise((r) => setTimeout(r, 20));
    await store.save(sha(2), bytes(2));
    await new Promise((r) => setTimeout(r, 20));
    // Using the first again makes the second the least recently used.
    assert.equal(await store.find(sha(1)), a);
    await new Promise((r) => setTimeout(r, 20));
    await store.save(sha(3), bytes(3)); // 3000 bytes > 2500: one goes
    assert.ok(await store.find(sha(1)));
    assert.equal(await store.find(sha(2)), undefined);
    assert.ok(await store.find(sha(3)));
    // An image larger than the cap is not kept at all.
    assert.equal(await store.save(sha(4), new Uint8Array(3000)), undefined);
    assert.deepEqual((await Array.fromAsync(Deno.readDir(`${dir}/images`))).length, 2);
    assert.equal(await store.exportProblem({ path: a }), undefined);
    assert.match(
      (await store.exportProblem({ path: `${dir}/images/${sha(2)}.jpg` }))!,
      /no longer in the server's image store \(it keeps the most recent 0 MiB/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** One question about a new upload through `/api/ask`; the answer event's data. */
async function askOnce(app: ReturnType<typeof createApp>) {
  const body = new FormData();
  body.append("image", new Blob([(await tinyPng()).slice()], { type: "image/png" }), "x.png");
  body.append("question", "Which is closer, the dog or the bike?");
  const res = await app.request("/api/ask", { method: "POST", body });
  return JSON.parse((await readSse(res)).at(-1)!.data);
}

Deno.test("uploads are kept so exports carry them; without a store the export is refused with the reason", async () => {
  const kept = createApp(testDeps(fakeAsk().ask));
  const answer = await askOnce(kept);
  assert.deepEqual(answer.export, { ok: true });
  const trace = await (await kept.request(`/api/traces/${answer.trace_id}`)).json();
  assert.match(trace.image.path, new RegExp(`${answer.image.sha256}\\.png$`));
  const image = await kept.request(`/api/images/${answer.image.sha256}.png`);
  assert.equal(image.status, 200);
  assert.equal(image.headers.get("content-type"), "image/png");
  assert.equal((await kept.request(`/api/images/${sha(9)}.png`)).status, 404);

  const bare = createApp(testDeps(fakeAsk().ask, { imageStore: undefined }));
  const refused = await askOnce(bare);
  assert.equal(refused.export.ok, false);
  assert.match(refused.export.reason, /keeps no uploaded images/);
  const res = await bare.request(`/api/traces/${refused.trace_id}/export?format=json`);
  assert.equal(res.status, 422);
  assert.match((await res.json()).error.message, /cannot export this trace with its image/);
});

Deno.test("request log: one line per API call with method, path, status, ms and trace id", async () => {
  const lines: string[] = [];
  const app = createApp(testDeps(fakeAsk().ask, { log: (l) => lines.push(l) }));
  const answer = await askOnce(app);
  await app.request("/api/traces/nope");
  await app.request("/"); // the page is not an API call
  assert.equal(lines.length, 2, lines.join("\n"));
  assert.match(lines[0], new RegExp(`^POST /api/ask 200 \\d+ ms trace=${answer.trace_id}$`));
  assert.match(lines[1], /^GET \/api\/traces\/nope 404 \d+ ms$/);
});
