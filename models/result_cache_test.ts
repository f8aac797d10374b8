import assert from "node:assert/strict";
import { cachedResult, clearResultCache, resultKey } from "./result_cache.ts";

Deno.test("cachedResult computes once per key and does not keep failures", async () => {
  clearResultCache();
  let runs = 0;
  const compute = () => Promise.resolve(++runs);
  const k = resultKey("abc", "yolox-nano", { score: 0.3 });
  const [a, b] = await Promise.all([cachedResult(k, compute), cachedResult(k, compute)]);
  assert.equal(a.value, 1);
  assert.equal(b.value, 1);
  assert.equal(runs, 1);
  assert.equal((await cachedResult(k, compute)).hit, true);
  assert.equal(
    (await cachedResult(resultKey("abc", "yolox-nano", { score: 0.5 }), compute)).value,
    2,
  );
  const bad = resultKey("x", "m", {});
  await assert.rejects(cachedResult(bad, () => Promise.reject(new Error("boom"))), /boom/);
  assert.equal((await cachedResult(bad, compute)).hit, false);
  clearResultCache();
});
