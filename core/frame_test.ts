import assert from "node:assert/strict";
import {
  anglesFromFront,
  fromKittiBox,
  fromOpenCv,
  fromSpatialReasoner,
  frontFromAngles,
  gravityAlign,
  toOpenCv,
  toSpatialReasoner,
} from "./frame.ts";
import type { Vec3 } from "./vec.ts";

const close = (a: number[], b: number[], eps = 1e-9) =>
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) < eps, `${a} ≉ ${b}`));

const samples: Vec3[] = [[1, 2, 3], [-0.5, 4, -2], [0, 0, 1]];

Deno.test("OpenCV ⇄ ours: axes map as documented and round-trip", () => {
  close(fromOpenCv([1, 0, 0]), [1, 0, 0]); // right stays right
  close(fromOpenCv([0, 1, 0]), [0, 0, -1]); // OpenCV down is our −z
  close(fromOpenCv([0, 0, 1]), [0, 1, 0]); // OpenCV forward is our +y
  for (const v of samples) close(toOpenCv(fromOpenCv(v)), v);
});

Deno.test("SpatialReasoner ⇄ ours: +x left, +y up, +z forward", () => {
  close(fromSpatialReasoner([1, 0, 0]), [-1, 0, 0]);
  close(fromSpatialReasoner([0, 1, 0]), [0, 0, 1]);
  close(fromSpatialReasoner([0, 0, 1]), [0, 1, 0]);
  for (const v of samples) close(fromSpatialReasoner(toSpatialReasoner(v)), v);
});

Deno.test("KITTI box: bottom centre lifted by h/2, heading from ry", () => {
  const b = fromKittiBox({ h: 2, w: 1, l: 4, location: [1, 1.5, 10], ry: 0 });
  close(b.center, [1, 10, -0.5]);
  close(b.size, [1, 4, 2]);
  close(b.front, [1, 0, 0]); // ry = 0 heads along camera +X (right)
  close(fromKittiBox({ h: 1, w: 1, l: 1, location: [0, 0, 5], ry: -Math.PI / 2 }).front, [0, 1, 0]);
});

Deno.test("gravityAlign: pitch up lifts forward, roll drops the right side, level is identity", () => {
  close(gravityAlign([0, 1, 0], { pitchDeg: 90, rollDeg: 0 }), [0, 0, 1]);
  close(gravityAlign([1, 0, 0], { pitchDeg: 0, rollDeg: 90 }), [0, 0, -1]);
  for (const v of samples) close(gravityAlign(v, { pitchDeg: 0, rollDeg: 0 }), v);
  assert.throws(() => gravityAlign([1, 0, 0], { pitchDeg: NaN, rollDeg: 0 }), /pitchDeg/);
});

Deno.test("front from angles: 0 faces the camera, 90 points right; inverse round-trips", () => {
  close(frontFromAngles(0), [0, -1, 0]);
  close(frontFromAngles(90), [1, 0, 0]);
  close(frontFromAngles(180), [0, 1, 0]);
  close(frontFromAngles(0, 90), [0, 0, 1]);
  for (const [az, el] of [[10, 0], [200, -30], [359, 45]]) {
    const r = anglesFromFront(frontFromAngles(az, el));
    close([r.azimuthDeg, r.elevationDeg], [az, el], 1e-6);
  }
  assert.throws(() => frontFromAngles(Infinity), /azimuth/);
  assert.throws(() => frontFromAngles(0, 120), /elevation/);
  assert.throws(() => anglesFromFront([0, 0, 0]), /front/);
});
