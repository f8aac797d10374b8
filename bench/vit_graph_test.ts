import assert from "node:assert/strict";
import { ort } from "../models/runtime.ts";
import { buildVit } from "./vit_graph.ts";

Deno.test("buildVit: a tiny ViT runs on the CPU with the token shape and is the same every build", async () => {
  const shape = { dim: 8, depth: 2, heads: 2, mlp: 16, side: 28, patch: 14 };
  const bytes = buildVit(shape);
  assert.deepEqual(buildVit(shape), bytes);
  const s = await ort.InferenceSession.create(bytes, { executionProviders: ["cpu"] });
  try {
    const x = new Float32Array(3 * 28 * 28).map((_, i) => (i % 7) / 7);
    const out = await s.run({ pixel_values: new ort.Tensor("float32", x, [1, 3, 28, 28]) });
    assert.deepEqual(out.tokens.dims, [1, 5, 8]);
    const t = out.tokens.data as Float32Array;
    assert.ok(t.every(Number.isFinite));
    // final LayerNorm with unit gain: each token has ≈ zero mean
    const mean = t.slice(0, 8).reduce((a, b) => a + b, 0) / 8;
    assert.ok(Math.abs(mean) < 1e-4, String(mean));
  } finally {
    await s.release();
  }
});
