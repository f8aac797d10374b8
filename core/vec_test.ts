import assert from "node:assert/strict";
import { angleDegrees, cosine, cross, normalize } from "./vec.ts";

Deno.test("cross is right-handed: forward × up = right", () => {
  assert.deepEqual(cross([0, 1, 0], [0, 0, 1]), [1, 0, 0]);
});

Deno.test("cosine and angle; zero and non-finite vectors are rejected", () => {
  assert.ok(Math.abs(cosine([1, 0, 0], [1, 1, 0]) - Math.SQRT1_2) < 1e-12);
  assert.ok(Math.abs(angleDegrees([1, 0, 0], [0, -3, 0]) - 90) < 1e-12);
  assert.equal(angleDegrees([1, 0, 0], [-2, 0, 0]), 180);
  assert.throws(() => normalize([0, 0, 0]), RangeError);
  assert.throws(() => cosine([NaN, 0, 0], [1, 0, 0]), RangeError);
  assert.throws(() => cosine([Infinity, 0, 0], [1, 0, 0]), RangeError);
});
