import assert from "node:assert/strict";
import { deadUrl, startFakeOllama } from "../tests/fake_ollama.ts";
import { DEFAULT_HOST, probeOllama, resolveHost } from "./ollama.ts";

Deno.test("resolveHost: flag, then OLLAMA_HOST, then the default; bare hosts get the port", () => {
  const saved = Deno.env.get("OLLAMA_HOST");
  try {
    Deno.env.delete("OLLAMA_HOST");
    assert.equal(resolveHost(), DEFAULT_HOST);
    assert.equal(resolveHost("gpu-box"), "http://gpu-box:11434");
    assert.equal(resolveHost("gpu-box:8080"), "http://gpu-box:8080");
    assert.equal(resolveHost(":9999"), "http://127.0.0.1:9999");
    assert.equal(resolveHost("https://llm.example.org"), "https://llm.example.org");
    Deno.env.set("OLLAMA_HOST", "0.0.0.0:11500");
    assert.equal(resolveHost(), "http://0.0.0.0:11500");
    assert.equal(resolveHost("other:1"), "http://other:1");
  } finally {
    if (saved === undefined) Deno.env.delete("OLLAMA_HOST");
    else Deno.env.set("OLLAMA_HOST", saved);
  }
});

Deno.test("probe: ok when the server lists the model (name or name:latest)", async () => {
  const fake = startFakeOllama({ models: ["qwen3-vl:8b", "llava:latest"] });
  try {
    assert.deepEqual(await probeOllama(fake.url, "qwen3-vl:8b"), { ok: true });
    assert.deepEqual(await probeOllama(fake.url, "llava"), { ok: true });
    const missing = await probeOllama(fake.url, "gemma3:4b");
    assert.equal(missing.ok, false);
    if (!missing.ok) {
      assert.equal(missing.error.kind, "model_missing");
      assert.match(missing.error.message, /ollama pull gemma3:4b/);
    }
  } finally {
    await fake.close();
  }
});

Deno.test("probe: a server that is down or slow fails quickly with the host named", async () => {
  const url = await deadUrl();
  const down = await probeOllama(url, "qwen3-vl:8b", 1000);
  assert.equal(down.ok, false);
  if (!down.ok) {
    assert.equal(down.error.kind, "unreachable");
    assert.ok(down.error.message.includes(url));
  }
  const fake = startFakeOllama({ tagsDelayMs: 5000 });
  try {
    const t0 = performance.now();
    const slow = await probeOllama(fake.url, "qwen3-vl:8b", 200);
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(slow.ok, false);
    if (!slow.ok) assert.equal(slow.error.kind, "timeout");
  } finally {
    await fake.close();
  }
});
