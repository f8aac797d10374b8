import assert from "node:assert/strict";
import * as rel from "./relations.ts";
import { cameraFrame, facingFrame, observerFrame, toLocalPoint } from "./egocentric.ts";
import { distance, type Vec3 } from "./vec.ts";

const cam = cameraFrame();

Deno.test("left/right and front/behind from the camera, ambiguous inside the margin", () => {
  assert.equal(rel.leftRight([0, 5, 0], [1, 5, 0], cam), "right");
  assert.equal(rel.leftRight([0, 5, 0], [-1, 5, 0], cam), "left");
  assert.equal(rel.leftRight([0, 5, 0], [rel.MARGINS.lateral * 0.99, 5, 0], cam), "ambiguous");
  assert.equal(rel.leftRight([0, 5, 0], [rel.MARGINS.lateral, 5, 0], cam), "right");
  assert.equal(rel.frontBehind([0, 5, 0], [0, 3, 0], cam), "in_front");
  assert.equal(rel.frontBehind([0, 5, 0], [0, 7, 0], cam), "behind");
  assert.equal(rel.frontBehind([0, 5, 0], [0, 5.05, 0], cam), "ambiguous");
});

Deno.test("turning an observer by 180° swaps left/right and front/behind", () => {
  const a: Vec3 = [0.3, 4, 0], b: Vec3 = [1.5, 6, 0.2];
  const facing = observerFrame([0, 2, 0], [0.2, 1, 0]);
  const turned = observerFrame([0, 2, 0], [-0.2, -1, 0]);
  const swap = { left: "right", right: "left", in_front: "behind", behind: "in_front" } as const;
  const lr = rel.leftRight(a, b, facing);
  const fb = rel.frontBehind(a, b, facing);
  assert.notEqual(lr, "ambiguous");
  assert.equal(rel.leftRight(a, b, turned), swap[lr as "left" | "right"]);
  assert.equal(rel.frontBehind(a, b, turned), swap[fb as "in_front" | "behind"]);
});

Deno.test("a viewpoint change preserves distances", () => {
  const points: Vec3[] = [[1, 2, 3], [-2, 5, 0.5], [0.4, 9, -1]];
  const frame = facingFrame([1, 1, 0], [3, 7, 2]);
  const local = points.map((p) => toLocalPoint(frame, p));
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      assert.ok(Math.abs(distance(points[i], points[j]) - distance(local[i], local[j])) < 1e-9);
    }
  }
});

Deno.test("observer frames: camera axes, standing at A facing B, vertical front rejected", () => {
  const f = facingFrame([0, 0, 0], [0, 5, 3]);
  assert.deepEqual(f.forward, [0, 1, 0]);
  assert.deepEqual(f.right, [1, 0, 0]);
  const east = facingFrame([0, 0, 0], [1, 0, 0]);
  // Facing +x, your right is −y (toward the camera side).
  assert.ok(Math.abs(east.right[1] + 1) < 1e-12);
  assert.throws(() => observerFrame([0, 0, 0], [0, 0, 1]), /no horizontal direction/);
});

Deno.test("above/below and higher/lower use centres and tops", () => {
  assert.equal(rel.aboveBelow([0, 5, 0], [0, 5, 1]), "above");
  assert.equal(rel.aboveBelow([0, 5, 0], [0, 5, -1]), "below");
  assert.equal(rel.aboveBelow([0, 5, 0], [0, 5, 0.05]), "ambiguous");
  // Same centre height, but b is taller: its top is higher.
  assert.equal(rel.higherLower([0, 5, 0], [1, 5, 0], { a: 0.5, b: 2 }), "higher");
});

Deno.test("closer to the camera or a reference, with the relative margin", () => {
  assert.equal(rel.closerTo([0, 3, 0], [0, 6, 0]), "a");
  assert.equal(rel.closerTo([0, 6, 0], [0, 3, 0]), "b");
  assert.equal(rel.closerTo([0, 20, 0], [0, 20.9, 0]), "ambiguous"); // 5 % of 20.45 m > 0.9 m
  assert.equal(rel.closerTo([0, 20, 0], [0, 21.2, 0]), "a");
  assert.equal(rel.closerTo([0, 5, 0], [4, 5, 0], [3, 5, 0]), "b");
  // a known uncertainty of the difference widens the margin
  assert.equal(rel.closerTo([0, 3, 0], [0, 6, 0], [0, 0, 0], 3.5), "ambiguous");
  assert.equal(rel.closerTo([0, 3, 0], [0, 6, 0], [0, 0, 0], 2.5), "a");
});

Deno.test("next to: contact distance bands", () => {
  assert.equal(rel.nextTo([0, 5, 0], [0.5, 5, 0]), "yes");
  assert.equal(rel.nextTo([0, 5, 0], [3, 5, 0]), "no");
  assert.equal(rel.nextTo([0, 5, 0], [1, 5, 0]), "ambiguous");
  assert.equal(rel.nextTo([0, 5, 0], [1, 5, 0], { a: 1, b: 1 }), "yes");
});

Deno.test("facing, half-spaces, parallel and same direction, with ambiguous bands", () => {
  assert.equal(rel.facingToward([0, 5, 0], [0, -1, 0], [0, 0, 0]), "yes");
  assert.equal(rel.facingAway([0, 5, 0], [0, 1, 0], [0, 0, 0]), "yes");
  assert.equal(rel.facingToward([0, 5, 0], [1, 0, 0], [0, 0, 0]), "no");
  const at45: Vec3 = [Math.SQRT1_2, -Math.SQRT1_2, 0];
  assert.equal(rel.facingToward([0, 5, 0], at45, [0, 0, 0]), "ambiguous");
  assert.equal(rel.inHalfSpace([0, 0, 0], [1, 0.05, 0], [0, 1, 0]), "ambiguous");
  assert.equal(rel.inHalfSpace([0, 0, 0], [0, 2, 0], [0, 1, 0]), "yes");
  assert.equal(rel.parallel([1, 0, 0], [-1, 0.1, 0]), "yes");
  assert.equal(rel.sameDirection([1, 0, 0], [-1, 0.1, 0]), "no");
  assert.equal(rel.parallel([1, 0, 0], [1, 1, 0]), "no");
  assert.equal(rel.parallel([1, 0, 0], [1, Math.tan(25 * Math.PI / 180), 0]), "ambiguous");
});
