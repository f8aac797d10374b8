import assert from "node:assert/strict";
import { gravityAlign } from "../core/frame.ts";
import { floorFromDepth } from "./floor_plane.ts";

const camera = { fx: 500, fy: 500, cx: 320, cy: 240 };

/** A depth map of a flat floor seen from height H at pitch θ (0 above the horizon). */
function floorMap(H: number, pitchDeg: number, wall = false) {
  const width = 640, height = 480;
  const data = new Float32Array(width * height);
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const d = gravityAlign([(u - camera.cx) / camera.fx, 1, -(v - camera.cy) / camera.fy], {
        pitchDeg,
        rollDeg: 0,
      });
      const t = d[2] < 0 ? H / -d[2] : 0;
      // optional wall 6 m ahead that hides the floor beyond it
      const tw = wall ? 6 / d[1] : Infinity;
      data[v * width + u] = Math.min(t > 0 && t < 50 ? t : Infinity, tw);
      if (!Number.isFinite(data[v * width + u])) data[v * width + u] = 0;
    }
  }
  return { width, height, data };
}

Deno.test("floor plane: pitch and height of a rendered floor", () => {
  for (const [H, pitch] of [[1.2, -15], [1.6, 0], [0.9, -30], [1.4, 5]]) {
    const f = floorFromDepth(floorMap(H, pitch, true), camera)!;
    assert.ok(f, `${H} ${pitch}`);
    assert.ok(Math.abs(f.pitch.deg - pitch) < 0.5, `pitch ${f.pitch.deg} vs ${pitch}`);
    assert.ok(Math.abs(f.height.metres / H - 1) < 0.03, `height ${f.height.metres} vs ${H}`);
    assert.equal(f.pitch.source, "rgbd floor");
  }
});

Deno.test("floor plane: no floor in view gives no evidence", () => {
  const width = 640, height = 480;
  const wall = { width, height, data: new Float32Array(width * height).fill(2) };
  assert.equal(floorFromDepth(wall, camera), undefined);
  assert.equal(
    floorFromDepth({ width, height, data: new Float32Array(width * height) }, camera),
    undefined,
  );
});
