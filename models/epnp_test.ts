import assert from "node:assert/strict";
import { angleDegrees, cross, normalize, scale, sub, type Vec3 } from "../core/vec.ts";
import { CORNER_SIGNS, solveBoxEpnp, symmetricEigen } from "./epnp.ts";

/** Deterministic pseudo-random numbers in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function rotY(v: Vec3, a: number): Vec3 {
  return [v[0] * Math.cos(a) + v[2] * Math.sin(a), v[1], -v[0] * Math.sin(a) + v[2] * Math.cos(a)];
}
function rotX(v: Vec3, a: number): Vec3 {
  return [v[0], v[1] * Math.cos(a) - v[2] * Math.sin(a), v[1] * Math.sin(a) + v[2] * Math.cos(a)];
}

Deno.test("symmetricEigen diagonalises a symmetric matrix", () => {
  const a = [[4, 1, 2], [1, 3, 0], [2, 0, 5]];
  const { values, vectors } = symmetricEigen(a);
  for (let k = 0; k < 3; k++) {
    const av = a.map((r) => r.reduce((s, x, j) => s + x * vectors[k][j], 0));
    av.forEach((x, i) => assert.ok(Math.abs(x - values[k] * vectors[k][i]) < 1e-9));
  }
});

Deno.test("EPnP recovers synthetic boxes' front and up within 1° from projected corners", () => {
  const r = rng(7);
  const fx = 800, fy = 800, cx = 320, cy = 240;
  for (let t = 0; t < 50; t++) {
    // A box of random size and yaw, on the floor, in front of a camera pitched by ±25°.
    const size: Vec3 = [0.4 + r() * 0.4, 0.6 + r() * 0.6, 0.4 + r() * 0.4];
    const yaw = r() * 2 * Math.PI;
    const pitch = (r() - 0.5) * (50 * Math.PI / 180);
    const centre: Vec3 = [(r() - 0.5) * 2, (r() - 0.5) * 1, 2 + r() * 4];
    // Box axes in OpenCV camera coordinates: x, y = up (−y in OpenCV), z = front.
    const axes = [[1, 0, 0], [0, -1, 0], [0, 0, 1]].map((a) =>
      rotX(rotY(a as Vec3, yaw), pitch)
    ) as Vec3[];
    const corners = CORNER_SIGNS.map((s): [number, number] => {
      const p = [0, 1, 2].map((i) =>
        centre[i] + axes.reduce((acc, ax, k) => acc + s[k] * size[k] / 2 * ax[i], 0)
      ) as Vec3;
      const u = fx * p[0] / p[2] + cx + (r() - 0.5) * 0.2; // ±0.1 px noise
      const v = fy * p[1] / p[2] + cy + (r() - 0.5) * 0.2;
      return [(u - cx) / fx, (v - cy) / fy];
    });
    const { controls } = solveBoxEpnp(corners);
    const [c0, , c2, c3] = controls;
    assert.ok(c0[2] > 0, "centre in front of the camera");
    const up = normalize(sub(c2, c0));
    const frontRaw = sub(c3, c0);
    const front = normalize(cross(cross(up, frontRaw), up));
    assert.ok(angleDegrees(up, axes[1]) < 1, `case ${t}: up off by ${angleDegrees(up, axes[1])}`);
    assert.ok(
      angleDegrees(front, axes[2]) < 1,
      `case ${t}: front off by ${angleDegrees(front, axes[2])}`,
    );
    // Scale is free; the shape is right: centre direction matches.
    assert.ok(angleDegrees(normalize(c0), normalize(scale(centre, 1))) < 1);
  }
});

Deno.test("EPnP rejects malformed input by name", () => {
  assert.throws(() => solveBoxEpnp([[0, 0]]), /corners/);
});
