import assert from "node:assert/strict";
import * as ort from "onnxruntime-node";
import { buildOnnxModel } from "./onnx_writer.ts";

Deno.test("generated ONNX graph runs in onnxruntime with the declared signature", async () => {
  const bytes = buildOnnxModel({
    inputs: [{ name: "x", shape: ["batch", 3, 2, 2] }],
    outputs: [{ name: "y", shape: ["batch", 2, 2] }],
    nodes: [
      {
        op: "ReduceMean",
        inputs: ["x"],
        outputs: ["m"],
        attrs: { axes: { ints: [1] }, keepdims: 0 },
      },
      { op: "Mul", inputs: ["m", "k"], outputs: ["s"] },
      { op: "Add", inputs: ["s", "b"], outputs: ["y"] },
    ],
    initializers: [
      { name: "k", dims: [], floats: [2] },
      { name: "b", dims: [1], floats: [-1] },
    ],
  });
  const session = await ort.InferenceSession.create(bytes);
  assert.deepEqual(session.inputNames, ["x"]);
  assert.deepEqual(session.outputNames, ["y"]);
  const x = Float32Array.from({ length: 12 }, (_, i) => i);
  const out = await session.run({ x: new ort.Tensor("float32", x, [1, 3, 2, 2]) });
  assert.deepEqual(out.y.dims, [1, 2, 2]);
  // mean over channels of pixel p is p + 4; times 2 minus 1
  assert.deepEqual([...(out.y.data as Float32Array)], [7, 9, 11, 13]);
  await session.release();
});
