import assert from "node:assert/strict";
import { clipBox, type Detection, iou, nms } from "./boxes.ts";

Deno.test("iou of identical, disjoint and half-overlapping boxes", () => {
  assert.equal(iou([0, 0, 10, 10], [0, 0, 10, 10]), 1);
  assert.equal(iou([0, 0, 10, 10], [20, 20, 30, 30]), 0);
  assert.ok(Math.abs(iou([0, 0, 10, 10], [5, 0, 15, 10]) - 50 / 150) < 1e-12);
  assert.equal(iou([0, 0, 0, 10], [0, 0, 0, 10]), 0);
});

Deno.test("nms is class-wise, keeps the best score and honours max", () => {
  const d = (label: string, score: number, x: number): Detection => ({
    label,
    score,
    box: [x, 0, x + 10, 10],
  });
  const out = nms([d("dog", 0.5, 1), d("dog", 0.9, 0), d("cat", 0.8, 0), d("dog", 0.7, 50)], 0.45);
  assert.deepEqual(out.map((x) => [x.label, x.score]), [["dog", 0.9], ["cat", 0.8], ["dog", 0.7]]);
  assert.equal(nms([d("dog", 0.5, 1), d("dog", 0.9, 0)], 0.95).length, 2);
  assert.equal(nms(out, 0.45, 1).length, 1);
  // one object scored as two classes: the weaker label goes only when cross-class is on
  const twin = [d("dog", 0.8, 0), d("cat", 0.4, 0.5)];
  assert.equal(nms(twin, 0.45).length, 2);
  assert.deepEqual(nms(twin, 0.45, Infinity, 0.85).map((x) => x.label), ["dog"]);
  assert.deepEqual(clipBox([-5, 3, 120, 90], 100, 80), [0, 3, 100, 80]);
});
