import assert from "node:assert/strict";
import { evaluateExpression, MAX_EXPRESSION_LENGTH } from "./calculate.ts";

Deno.test("arithmetic, vectors and degrees", async () => {
  assert.equal(await evaluateExpression("1 + 2 * 3"), 7);
  assert.equal(
    await evaluateExpression("acos(dot(u, v) / (norm(u) * norm(v))) / deg", {
      u: [1, 0, 0],
      v: [0, 2, 0],
    }),
    90,
  );
  assert.deepEqual(await evaluateExpression("cross(u, v)", { u: [1, 0, 0], v: [0, 1, 0] }), [
    0,
    0,
    1,
  ]);
  assert.equal(await evaluateExpression("abs(d1 - d2)", { d1: 3.5, d2: 5 }), 1.5);
});

Deno.test("sandbox: no import, createUnit, evaluate, parse, assignments, functions, or units", async () => {
  for (
    const e of [
      'import({"x": 1})',
      'createUnit("foo")',
      'evaluate("1+1")',
      'parse("1")',
      "f(x) = x",
      "a = 1",
      "[1,2].map(f)",
      "2 inch",
      "simplify(x)",
    ]
  ) await assert.rejects(() => evaluateExpression(e), /expression:/, e);
});

Deno.test("bad expressions are error results, never crashes", async () => {
  await assert.rejects(() => evaluateExpression("1 +"), /cannot parse/);
  await assert.rejects(() => evaluateExpression("1 / 0"), /not a finite/);
  await assert.rejects(() => evaluateExpression("x"), /unknown symbol "x"/);
  await assert.rejects(() => evaluateExpression("1+".repeat(MAX_EXPRESSION_LENGTH)), /longer than/);
  await assert.rejects(() => evaluateExpression(`[${Array(100).fill(1).join(",")}]`), /at most 64/);
  await assert.rejects(() => evaluateExpression("dot([1,2],[1,2,3])"), /cannot evaluate/);
});
