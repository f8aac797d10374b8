import assert from "node:assert/strict";
import { backProject, project } from "./pinhole.ts";

const cam = { fx: 700, fy: 710, cx: 320, cy: 240 };

Deno.test("back-projection and projection round-trip; the principal point is straight ahead", () => {
  const p = backProject(cam, 320, 240, 5);
  assert.deepEqual(p.map((x) => Math.abs(x) < 1e-12 ? 0 : x), [0, 5, 0]);
  for (const [u, v, d] of [[0, 0, 1], [639, 479, 12.5], [100, 400, 0.3]]) {
    const r = project(cam, backProject(cam, u, v, d));
    assert.ok(Math.abs(r.u - u) < 1e-9 && Math.abs(r.v - v) < 1e-9 && Math.abs(r.depth - d) < 1e-9);
  }
  // Pixels below the centre are below the camera (−z), right of it are +x.
  const q = backProject(cam, 420, 340, 2);
  assert.ok(q[0] > 0 && q[2] < 0);
});

Deno.test("back-projection rejects zero focal length, non-positive depth, NaN pixels", () => {
  assert.throws(() => backProject({ ...cam, fx: 0 }, 1, 1, 1), /camera.fx/);
  assert.throws(() => backProject(cam, 1, 1, 0), /depth/);
  assert.throws(() => backProject(cam, NaN, 1, 1), /pixel/);
});
