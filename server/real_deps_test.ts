import assert from "node:assert/strict";
import { startFakeOpenAi } from "../tests/fake_openai.ts";
import { realDeps } from "./real_deps.ts";

Deno.test("realDeps with an OpenAI-compatible server: /api/models probes it with that protocol", async () => {
  const fake = startFakeOpenAi({ models: ["small-model"] });
  try {
    const deps = realDeps({ api: "openai", host: fake.url, model: "small-model" });
    assert.deepEqual([deps.llm.api, deps.llm.host], ["openai", fake.url]);
    const info = await deps.models();
    assert.equal(info.llm.available, true, info.llm.error ?? "");
    assert.equal(info.llm.api, "openai");
    const missing = await realDeps({ api: "openai", host: fake.url, model: "other" }).models();
    assert.equal(missing.llm.available, false);
  } finally {
    await fake.close();
  }
});
