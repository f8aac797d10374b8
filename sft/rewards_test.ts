import assert from "node:assert/strict";
import { accuracyReward, formatReward, processReward, totalReward } from "./rewards.ts";

const GOOD = "<think>The 3D location of the dog is (0.10, 2.00, 0.00). " +
  "The 3D location of the car is (1.00, 9.00, 0.20). " +
  "The distance from the dog to the camera is 2.00. " +
  "The distance from the car to the camera is 9.06.</think>\n<answer>A</answer>";
const gold = {
  answer: "A",
  options: ["dog", "car"],
  category: "location_closer_to_camera",
} as const;

Deno.test("a correct, well-formed, complete completion scores 1 on every reward", () => {
  assert.deepEqual(totalReward(GOOD, gold), {
    accuracy: 1,
    format: 1,
    process: 1,
    total: 3,
  });
});

Deno.test("accuracy is 0 for a wrong or missing answer", () => {
  assert.equal(accuracyReward(GOOD.replace("<answer>A", "<answer>B"), gold), 0);
  assert.equal(accuracyReward("<think>x</think>", gold), 0);
  // Accuracy does not depend on the format.
  assert.equal(accuracyReward("junk <answer>dog</answer> junk", gold), 1);
});

Deno.test("format is 0 when anything surrounds the blocks", () => {
  assert.equal(formatReward(`${GOOD}\nextra`), 0);
  assert.equal(formatReward(GOOD), 1);
});

Deno.test("process counts only required steps present in the think part", () => {
  const half = GOOD.replace(/The distance from[^<]*/, "");
  assert.equal(processReward(half, "location_closer_to_camera"), 0.5);
  // Steps written in the answer part do not count.
  const moved = "<think>The 3D location of the dog is (0.10, 2.00, 0.00).</think>" +
    "<answer>The 3D location of the car is (1.00, 9.00, 0.20). A</answer>";
  assert.equal(processReward(moved, "height_higher"), 0.5);
  assert.equal(processReward(`x${GOOD}`, "location_closer_to_camera"), 0);
});

Deno.test("weights scale the total", () => {
  const r = totalReward(GOOD.replace("<answer>A", "<answer>B"), gold, {
    accuracy: 2,
    format: 0.5,
    process: 0.25,
  });
  assert.equal(r.total, 0 * 2 + 0.5 + 0.25);
});
