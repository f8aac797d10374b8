import assert from "node:assert/strict";
import { CACHED_FAILURE_NOTE, roundNumbers, toolResultText } from "./tool_result.ts";

Deno.test("roundNumbers rounds floats only", () => {
  assert.deepEqual(roundNumbers({ a: [1.234567, 2], b: "x", c: { d: -0.000049 } }), {
    a: [1.2346, 2],
    b: "x",
    c: { d: -0 },
  });
});

Deno.test("toolResultText: ok, error, and a cached failure with its note", () => {
  assert.equal(
    toolResultText({ ok: true, output: { d: 1.23456 } }),
    '{"ok":true,"result":{"d":1.2346}}',
  );
  assert.equal(
    toolResultText({ ok: false, error: "bad", cached: true }),
    JSON.stringify({ cached: true, note: CACHED_FAILURE_NOTE, ok: false, error: "bad" }),
  );
});
