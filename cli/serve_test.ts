import assert from "node:assert/strict";
import { InputError } from "../core/errors.ts";
import { run } from "./serve.ts";

Deno.test("serve: --help prints usage and exits 0", async () => {
  const log = console.log;
  let out = "";
  console.log = (s: string) => out += s;
  try {
    assert.equal(await run(["--help"]), 0);
  } finally {
    console.log = log;
  }
  assert.match(out, /--concurrency/);
  assert.match(out, /--token/);
});

Deno.test("serve: bad flags are input errors naming the flag", async () => {
  const fails = async (args: string[], field: string, reason: RegExp) =>
    await assert.rejects(run(args), (e: InputError) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.field, field);
      assert.match(e.reason, reason);
      return true;
    });
  await fails(["--host", "0.0.0.0"], "--token", /required to listen on 0.0.0.0/);
  await fails(["--host", "0.0.0.0", "--token", "short"], "--token", /at least 8/);
  await fails(["--port", "http"], "--port", /integer from 0 to 65535/);
  await fails(["--port", "70000"], "--port", /integer from 0 to 65535, got "70000"/);
  await fails(["--concurrency", "0"], "--concurrency", /integer from 1 to 64/);
  await fails(["--queue", "-1"], "--queue", /integer from 0 to 10000, got "-1"/);
  await fails(["--deadline", "0"], "--deadline", /> 0 and ≤ 2147481 \(seconds\)/);
  await fails(["--deadline", "2200000"], "--deadline", /≤ 2147481/);
  await fails(["--host", "not a url"], "--host", /not a host name or IP address/);
  await fails(["--ollama-host", "not a url"], "--ollama-host", /not an http\(s\) URL/);
  await fails(["--bogus"], "--bogus", /unknown/i);
});

Deno.test("serve: the task starts, answers /healthz on a free port, stops on SIGTERM", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--unstable-no-legacy-abort",
      new URL("../main.ts", import.meta.url).pathname,
      "serve",
      "--port",
      "0",
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  let url: string | undefined;
  while (!url) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    url = text.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
  }
  try {
    assert.ok(url, text);
    const health = await (await fetch(`${url}/healthz`)).json();
    assert.equal(health.ok, true);
    // Loopback without a token: another Host name is refused (DNS rebinding). fetch() will not
    // send a forged Host header, so this request is written by hand.
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(new URL(url).port) });
    await conn.write(new TextEncoder().encode(
      "GET /healthz HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    ));
    const reply = await new Response(conn.readable).text();
    assert.match(reply, /^HTTP\/1\.1 403/);
    assert.match(reply, /host \\"evil.example\\" is not served here/);
  } finally {
    child.kill("SIGTERM");
    reader.releaseLock();
    await child.stdout.cancel().catch(() => {});
    const status = await child.status;
    await child.stderr.cancel().catch(() => {});
    assert.equal(status.code, 0);
  }
});
