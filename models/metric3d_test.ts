import assert from "node:assert/strict";
import { writeFakeMetric3dModel } from "../tests/onnx/fakes.ts";
import { configFromEnv } from "./config.ts";
import { estimateMetric3dDepth, METRIC3D_INPUT, metric3dLetterbox } from "./metric3d.ts";
import { getModelSpec } from "./registry.ts";
import { releaseSessions } from "./runtime.ts";

Deno.test("metric3dLetterbox fits the image into 616×1064 and centres the padding", () => {
  const wide = metric3dLetterbox(1242, 375); // KITTI: width decides
  assert.equal(wide.width, 1064);
  assert.ok(Math.abs(wide.scale - 1064 / 1242) < 1e-12);
  assert.equal(wide.top, Math.trunc((METRIC3D_INPUT.height - wide.height) / 2));
  assert.equal(wide.left, 0);
  const tall = metric3dLetterbox(480, 640); // portrait: height decides
  assert.equal(tall.height, 616);
  assert.equal(tall.width, Math.trunc(480 * 616 / 640));
  assert.equal(tall.left, Math.trunc((1064 - tall.width) / 2));
});

Deno.test("estimateMetric3dDepth on a generated graph: canonical depth × fx·scale/1000, unpadded, left/right kept", async () => {
  const modelsDir = await Deno.makeTempDir();
  const spec = getModelSpec("metric3d-vit-small");
  await writeFakeMetric3dModel(modelsDir, spec.files[0].name);
  // left half grey 50, right half grey 200
  const width = 100, height = 50;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.fill(x < width / 2 ? 50 : 200, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  const cfg = { ...configFromEnv(), modelsDir, executionProviders: ["cpu"], offline: true };
  try {
    const fx = 500;
    const map = await estimateMetric3dDepth({ width, height, data, sha256: "m" }, fx, spec, cfg);
    assert.equal(map.width, width);
    assert.equal(map.height, height);
    assert.equal(map.source, spec.id);
    const k = fx * metric3dLetterbox(width, height).scale / 1000;
    const at = (x: number, y: number) => map.data[y * width + x];
    // corners touch the padding in the network input: they must not see its colour
    for (const [x, y] of [[0, 0], [0, 49], [10, 25]]) {
      assert.ok(Math.abs(at(x, y) - 50 * k) < 1e-3 * 50 * k, `${x},${y}: ${at(x, y)}`);
    }
    for (const [x, y] of [[99, 0], [99, 49], [90, 25]]) {
      assert.ok(Math.abs(at(x, y) - 200 * k) < 1e-3 * 200 * k, `${x},${y}: ${at(x, y)}`);
    }
    await assert.rejects(
      estimateMetric3dDepth({ width, height, data, sha256: "m" }, 0, spec, cfg),
      /positive focal length/,
    );
  } finally {
    await releaseSessions();
  }
});
