import assert from "node:assert/strict";
import { anglesFromFront, frontFromAngles, gravityAlign, toOpenCv } from "../core/frame.ts";
import { intrinsicsFromFov } from "../core/intrinsics.ts";
import { angleDegrees, type Vec3 } from "../core/vec.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { configFromEnv } from "./config.ts";
import { CORNER_SIGNS } from "./epnp.ts";
import { loadImage } from "./image.ts";
import {
  chairPoseFromKeypoints,
  estimateChairPose,
  MIN_CHAIR_PRESENCE,
  tiltFromUp,
} from "./objectron.ts";
import { getModelSpec } from "./registry.ts";

/** Rotation that takes gravity-aligned vectors into a camera pitched by `pitchDeg`. */
function toCamera(v: Vec3, pitchDeg: number): Vec3 {
  const p = -pitchDeg * Math.PI / 180;
  return [v[0], v[1] * Math.cos(p) - v[2] * Math.sin(p), v[1] * Math.sin(p) + v[2] * Math.cos(p)];
}

Deno.test("tiltFromUp inverts gravityAlign for pitch and roll", () => {
  for (const [pitchDeg, rollDeg] of [[-30, 0], [10, 5], [-45, -15]]) {
    // The up that a camera pitched by pitchDeg sees.
    const t = tiltFromUp(toCamera([0, 0, 1], pitchDeg));
    assert.ok(Math.abs(t.pitchDeg - pitchDeg) < 1e-9 && Math.abs(t.rollDeg) < 1e-9);
    const up = gravityAlign([0, 0, 1], { pitchDeg: 0, rollDeg: -rollDeg });
    const back = gravityAlign(up, tiltFromUp(up));
    assert.ok(angleDegrees(back, [0, 0, 1]) < 1e-6, `roll ${rollDeg}`);
  }
});

Deno.test("a synthetic chair seen by a pitched camera: front within 1°, pitch recovered", () => {
  const camera = { fx: 600, fy: 600, cx: 320, cy: 240, source: "given" as const };
  for (const az of [0, 40, 100, 180, 230, 320]) {
    const pitchDeg = -35;
    const front = frontFromAngles(az); // gravity-aligned, ours
    const right: Vec3 = [-front[1], front[0], 0]; // box +x
    const up: Vec3 = [0, 0, 1];
    const centre: Vec3 = [0.3, 3, -1.2];
    const size = [0.5, 0.9, 0.5];
    const pixels = [[0, 0, 0] as Vec3, ...CORNER_SIGNS].map((s): [number, number] => {
      const world = [0, 1, 2].map((i) =>
        centre[i] + s[0] * size[0] / 2 * right[i] + s[1] * size[1] / 2 * up[i] +
        s[2] * size[2] / 2 * front[i]
      ) as Vec3;
      const [x, y, z] = toOpenCv(toCamera(world, pitchDeg));
      return [camera.fx * x / z + camera.cx, camera.fy * y / z + camera.cy];
    });
    const r = chairPoseFromKeypoints(pixels, camera, 0.9);
    assert.ok(r.front && r.tilt, `az ${az}`);
    assert.ok(angleDegrees(r.front, front) < 1, `az ${az}: ${anglesFromFront(r.front).azimuthDeg}`);
    assert.ok(Math.abs(r.tilt.pitchDeg - pitchDeg) < 1, `pitch ${r.tilt.pitchDeg}`);
    assert.equal(r.confidence, 0.9);
  }
});

Deno.test("real chairs get a front, or a presence below the threshold", async () => {
  if (!hasShared("data/chairs/arkit_612.172_00008260.jpg")) return;
  const spec = getModelSpec("objectron-chair");
  const cfg = { ...configFromEnv(), executionProviders: ["cpu"], threads: 2 };
  const image = await loadImage(`${SHARED_DIR}/data/chairs/arkit_612.172_00008260.jpg`);
  const camera = intrinsicsFromFov(image.width, image.height);
  const near = await estimateChairPose(image, [592, 472, 1367, 1440], camera, spec, cfg);
  assert.ok(near.presence >= MIN_CHAIR_PRESENCE && near.front, "the nearest chair has a front");
  // Its seat faces the table: away from the camera.
  const az = anglesFromFront(near.front).azimuthDeg;
  assert.ok(az > 90 && az < 270, `azimuth ${az}`);
  assert.ok(near.tilt && near.tilt.pitchDeg < -10, "the camera looks down at the chair");
  // A crop of bare wall is not a chair.
  const wall = await estimateChairPose(image, [40, 100, 300, 400], camera, spec, cfg);
  assert.ok(wall.presence < MIN_CHAIR_PRESENCE && !wall.front && wall.confidence === 0);
});
