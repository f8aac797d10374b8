import assert from "node:assert/strict";
import { anglesFromFront } from "../core/frame.ts";
import type { Vec3 } from "../core/vec.ts";
import { orientLogits, writeFakeOrientModel } from "../tests/onnx/fakes.ts";
import { configFromEnv } from "./config.ts";
import {
  decodeOrientLogits,
  estimateOrientation,
  frontFromOrientation,
  orientCropRegion,
} from "./orientation.ts";
import { getModelSpec } from "./registry.ts";
import { releaseSessions } from "./runtime.ts";

const close = (a: Vec3, b: Vec3) => a.every((x, i) => Math.abs(x - b[i]) < 1e-9);

Deno.test("decodeOrientLogits: argmax bins, polar/rotation offsets, softmax confidence", () => {
  const d = decodeOrientLogits(orientLogits(123, 100, 85, [2, 0]));
  assert.deepEqual([d.azimuthDeg, d.polarDeg, d.rotationDeg], [123, 10, -5]);
  assert.ok(Math.abs(d.confidence - 1 / (1 + Math.exp(-2))) < 1e-9);
  assert.throws(() => decodeOrientLogits(new Float32Array(10)), /expected 722 values/);
});

Deno.test("frontFromOrientation maps azimuth to our frame on the optical axis", () => {
  const a = (azimuthDeg: number, polarDeg = 0, rotationDeg = 0) =>
    frontFromOrientation({ azimuthDeg, polarDeg, rotationDeg, confidence: 1 });
  assert.ok(close(a(0), [0, -1, 0])); // facing the camera
  assert.ok(close(a(90), [1, 0, 0])); // front to the camera's right
  assert.ok(close(a(180), [0, 1, 0])); // facing away
  // seen from 30° above, a level object's front points 30° down in the view's frame
  assert.ok(Math.abs(anglesFromFront(a(0, 30)).elevationDeg + 30) < 1e-9);
  // in-plane rotation of a sideways object tilts its front up (counter-clockwise)
  assert.ok(close(a(90, 0, 90), [0, 0, 1]));
});

Deno.test("frontFromOrientation uses the viewing ray: a level object below the camera stays level", () => {
  // object 1 m below the camera, 1 m ahead: the ray looks 45° down, so a level object's
  // front, seen from 45° above, has polar 45
  const f = frontFromOrientation({ azimuthDeg: 0, polarDeg: 45, rotationDeg: 0, confidence: 1 }, [
    0,
    1,
    -1,
  ]);
  assert.ok(close(f, [0, -1, 0]), String(f));
  // an object off to the right seen head-on faces back along its own ray
  const g = frontFromOrientation({ azimuthDeg: 0, polarDeg: 0, rotationDeg: 0, confidence: 1 }, [
    3,
    3,
    0,
  ]);
  assert.ok(close(g, [-Math.SQRT1_2, -Math.SQRT1_2, 0]), String(g));
});

Deno.test("orientCropRegion is the centred square the 256/224 DINOv2 crop keeps", () => {
  assert.deepEqual(orientCropRegion([100, 50, 356, 150], 1000, 1000), {
    left: 184,
    top: 56,
    width: 88,
    height: 88,
  });
  const edge = orientCropRegion([-10, -10, 5000, 20], 640, 480);
  assert.ok(edge.left >= 0 && edge.top >= 0 && edge.left + edge.width <= 640);
});

Deno.test("estimateOrientation runs the crop through a generated graph and decodes it", async () => {
  const modelsDir = await Deno.makeTempDir();
  const spec = getModelSpec("orient-anything");
  await writeFakeOrientModel(modelsDir, spec.files[0].name);
  const width = 200, height = 100;
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) if (p % width >= 100) data[p * 3] = 255; // right red
  const image = { width, height, data, sha256: "t" };
  const cfg = { ...configFromEnv(), modelsDir, executionProviders: ["cpu"], offline: true };
  try {
    const left = await estimateOrientation(image, [10, 10, 90, 90], spec, cfg);
    const right = await estimateOrientation(image, [110, 10, 190, 90], spec, cfg);
    assert.deepEqual([left.azimuthDeg, left.polarDeg, left.rotationDeg], [90, 10, 0]);
    assert.equal(right.azimuthDeg, 270);
    assert.ok(Math.abs(left.confidence - 1 / (1 + Math.exp(-2))) < 1e-6);
  } finally {
    await releaseSessions();
  }
});
