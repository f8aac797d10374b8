import assert from "node:assert/strict";
import { leftToRightKey } from "./left_to_right.ts";

Deno.test("leftToRightKey: box centre first, else the bearing in degrees", () => {
  assert.equal(leftToRightKey([10, 0, 30, 5], [5, 5, 0]), 20);
  assert.equal(leftToRightKey(undefined, [-1, 1, 0]), -45);
  assert.ok(leftToRightKey(undefined, [-2, 10, 0])! < leftToRightKey(undefined, [1, 3, 0])!);
  assert.equal(leftToRightKey(), undefined);
});
