import assert from "node:assert/strict";
import { Builder, ByteBuffer } from "flatbuffers";
import * as ort from "onnxruntime-node";
import { InputError } from "../../core/errors.ts";
import { hasShared, SHARED_DIR } from "../../tests/shared.ts";
import { getModelSpec } from "../registry.ts";
import { tfliteSourcePath } from "./cache.ts";
import { convertGraph, convertTflite } from "./convert.ts";
import { FbTable, type TfliteGraph, type TfliteTensor } from "./schema.ts";

function f32bytes(v: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(v).buffer);
}
function i32bytes(v: number[]): Uint8Array {
  return new Uint8Array(Int32Array.from(v).buffer);
}

/**
 * input [1,5,5,2] → CONV_2D 3×3 stride 2 SAME + RELU → [1,3,3,1] → RESHAPE [1,9]. The
 * expected values are computed here by the definition of a TensorFlow SAME convolution.
 */
function convGraph(): { g: TfliteGraph; weights: number[]; bias: number } {
  const weights = Array.from({ length: 18 }, (_, i) => ((i * 7) % 5) - 2); // [1,3,3,2]
  const bias = 0.5;
  const tensors: TfliteTensor[] = [
    { name: "input_1", shape: [1, 5, 5, 2], type: "float32" },
    { name: "w", shape: [1, 3, 3, 2], type: "float32", data: f32bytes(weights) },
    { name: "b", shape: [1], type: "float32", data: f32bytes([bias]) },
    { name: "conv", shape: [1, 3, 3, 1], type: "float32" },
    { name: "shape", shape: [2], type: "int32", data: i32bytes([1, 9]) },
    { name: "Identity", shape: [1, 9], type: "float32" },
  ];
  return {
    g: {
      tensors,
      operators: [
        { code: 3, custom: "", inputs: [0, 1, 2], outputs: [3] }, // options absent: defaults
        { code: 22, custom: "", inputs: [3, 4], outputs: [5] },
      ],
      inputs: [0],
      outputs: [5],
    },
    weights,
    bias,
  };
}

/** A Conv2DOptions table: padding SAME, stride 2×2, fused RELU. */
function conv2dOptions(): FbTable {
  const b = new Builder(64);
  b.startObject(6);
  b.addFieldInt8(0, 0, -1); // padding SAME
  b.addFieldInt32(1, 2, 0); // stride_w
  b.addFieldInt32(2, 2, 0); // stride_h
  b.addFieldInt8(3, 1, -1); // fused_activation_function RELU
  b.finish(b.endObject());
  const bb = new ByteBuffer(b.asUint8Array());
  return new FbTable(bb, bb.readInt32(bb.position()) + bb.position());
}

Deno.test("converted CONV_2D (stride 2, SAME, RELU) and RESHAPE match the definition", async () => {
  const { g, weights, bias } = convGraph();
  g.operators[0].options = conv2dOptions();
  const model = convertGraph(g, "synthetic");
  const x = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i));
  const session = await ort.InferenceSession.create(model.onnx);
  const out = await session.run({ input_1: new ort.Tensor("float32", x, [1, 5, 5, 2]) });
  await session.release();
  // TensorFlow SAME, input 5, stride 2, kernel 3: output 3, one pixel of padding each side.
  const want: number[] = [];
  for (let oy = 0; oy < 3; oy++) {
    for (let ox = 0; ox < 3; ox++) {
      let s = bias;
      for (let ky = 0; ky < 3; ky++) {
        for (let kx = 0; kx < 3; kx++) {
          const iy = 2 * oy + ky - 1;
          const ix = 2 * ox + kx - 1;
          if (iy < 0 || iy > 4 || ix < 0 || ix > 4) continue;
          for (let c = 0; c < 2; c++) {
            s += x[(iy * 5 + ix) * 2 + c] * weights[(ky * 3 + kx) * 2 + c];
          }
        }
      }
      want.push(Math.max(0, s));
    }
  }
  const got = [...(out.Identity.data as Float32Array)];
  assert.deepEqual(out.Identity.dims, [1, 9]);
  assert.ok(want.some((v) => v === 0) && want.some((v) => v > 0), "RELU is exercised");
  for (let i = 0; i < 9; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-5, `value ${i}`);
});

Deno.test("an unsupported operator is an error naming it", () => {
  const { g } = convGraph();
  g.operators.push({ code: 25, custom: "", inputs: [5], outputs: [5] }); // SOFTMAX
  g.operators.push({ code: 32, custom: "Convolution2DTransposeBias", inputs: [5], outputs: [5] });
  assert.throws(
    () => convertGraph(g, "m.tflite"),
    (e: unknown) =>
      e instanceof InputError && /builtin operator 25/.test(e.message) &&
      /Convolution2DTransposeBias/.test(e.message) && e.message.startsWith("m.tflite"),
  );
});

Deno.test("a file that is not TFLite is rejected by name", () => {
  assert.throws(
    () => convertTflite(new Uint8Array(64), "x.tflite"),
    (e: unknown) => e instanceof InputError && /TFL3/.test(e.message),
  );
});

interface RefCase {
  name: string;
  model: string;
  input: { name: string; file: string; shape: number[] };
  outputs: Record<string, { file: string; shape: number[] }>;
}

/** Relative tolerance against each tensor's max |value|, plus 1e-6 absolute for ~0 tensors. */
const REL_TOL = 1e-3;
const ABS_FLOOR = 1e-6;

Deno.test("converted models reproduce TensorFlow Lite's outputs on real crops", async () => {
  if (!hasShared("data/tflite_ref/index.json")) return;
  const dir = `${SHARED_DIR}/data/tflite_ref`;
  const cases = JSON.parse(await Deno.readTextFile(`${dir}/index.json`)) as RefCase[];
  const byFile = new Map(
    ["blazepose-full", "objectron-chair"].map((id) => {
      const src = getModelSpec(id).files[0].tflite!;
      return [src.file, src] as const;
    }),
  );
  const f32 = async (file: string) => {
    const b = await Deno.readFile(`${dir}/${file}`);
    return new Float32Array(b.buffer, b.byteOffset, b.length / 4);
  };
  const sessions = new Map<string, ort.InferenceSession>();
  let checked = 0;
  for (const c of cases) {
    const src = byFile.get(c.model);
    assert.ok(src, `reference case ${c.name} uses an unknown model ${c.model}`);
    let s = sessions.get(c.model);
    if (!s) {
      const { onnx, operators } = convertTflite(
        await Deno.readFile(tfliteSourcePath(src)),
        c.model,
      );
      assert.ok(operators.CONV_2D > 0 && operators.DEQUANTIZE > 0, JSON.stringify(operators));
      s = await ort.InferenceSession.create(onnx);
      sessions.set(c.model, s);
    }
    const out = await s.run({
      [c.input.name]: new ort.Tensor("float32", await f32(c.input.file), c.input.shape),
    });
    for (const [name, o] of Object.entries(c.outputs)) {
      const want = await f32(o.file);
      const got = out[name].data as Float32Array;
      assert.deepEqual(out[name].dims, o.shape, `${c.name} ${name} shape`);
      let max = 0;
      let err = 0;
      for (let i = 0; i < want.length; i++) {
        max = Math.max(max, Math.abs(want[i]));
        err = Math.max(err, Math.abs(want[i] - got[i]));
      }
      assert.ok(
        err <= REL_TOL * max + ABS_FLOOR,
        `${c.name} ${name}: max error ${err} vs tensor max ${max}`,
      );
      checked++;
    }
  }
  for (const s of sessions.values()) await s.release();
  assert.ok(checked >= 10, `only ${checked} tensors compared`);
});
