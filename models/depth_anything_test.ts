import assert from "node:assert/strict";
import { writeFakeDepthModel } from "../tests/onnx/fakes.ts";
import { configFromEnv } from "./config.ts";
import { dptInputSize, estimateDepthMap, resizeDepth } from "./depth_anything.ts";
import { IMAGENET } from "./pixels.ts";
import { getModelSpec } from "./registry.ts";
import { releaseSessions } from "./runtime.ts";

Deno.test("dptInputSize matches the DPT processor (keep aspect ratio, multiples of 14)", () => {
  assert.deepEqual(dptInputSize(640, 480), { width: 686, height: 518 });
  assert.deepEqual(dptInputSize(1242, 375), { width: 1722, height: 518 }); // 1715.6 → 123·14
  assert.deepEqual(dptInputSize(518, 518), { width: 518, height: 518 });
  // height's scale is closer to 1; 259/14 = 18.5 rounds to even 18 as numpy does
  assert.deepEqual(dptInputSize(300, 600), { width: 252, height: 518 });
});

Deno.test("resizeDepth is exact on constants and keeps left/right and top/bottom", () => {
  const src = Float32Array.from([1, 2, 3, 4]); // 2×2
  const out = resizeDepth(src, 2, 2, 4, 4);
  assert.equal(out[0], 1);
  assert.equal(out[15], 4);
  assert.ok(out[3] > out[0] && out[12] > out[0]);
  assert.deepEqual(
    [...resizeDepth(new Float32Array(6).fill(2), 3, 2, 5, 7)],
    new Array(35).fill(2),
  );
});

Deno.test("estimateDepthMap on a generated graph: normalisation, layout and size are right", async () => {
  const modelsDir = await Deno.makeTempDir();
  const spec = getModelSpec("depth-anything-v2-metric-indoor-small");
  await writeFakeDepthModel(modelsDir, spec.files[0].name);
  // left half black, right half white
  const width = 64, height = 48;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = width / 2; x < width; x++) {
      data.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  const cfg = { ...configFromEnv(), modelsDir, executionProviders: ["cpu"], offline: true };
  try {
    const map = await estimateDepthMap({ width, height, data, sha256: "t" }, spec, cfg);
    assert.equal(map.width, width);
    assert.equal(map.height, height);
    assert.equal(map.source, spec.id);
    const mean = (v: number) =>
      [0, 1, 2].reduce((s, c) => s + (v / 255 - IMAGENET.mean[c]) / IMAGENET.std[c], 0) / 3;
    const at = (x: number, y: number) => map.data[y * width + x];
    assert.ok(Math.abs(at(2, 10) - (3 + mean(0))) < 1e-3, String(at(2, 10)));
    assert.ok(Math.abs(at(60, 40) - (3 + mean(255))) < 1e-3, String(at(60, 40)));
  } finally {
    await releaseSessions();
  }
});
