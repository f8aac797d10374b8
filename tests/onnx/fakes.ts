/**
 * Stand-ins for models whose weights cannot be downloaded here, with the same input/output
 * signature as the real exports (registry), so the adapters' pre- and post-processing can be
 * tested end to end through onnxruntime. Their outputs are NOT the real models'.
 *
 * @module
 */
import { ORIENT_LOGITS } from "../../models/orientation.ts";
import { writeOnnxModel } from "../../models/onnx_writer.ts";

/** A logits vector with peaks at the given azimuth, polar and rotation bins. */
export function orientLogits(
  az: number,
  polarBin: number,
  rotBin: number,
  conf: [number, number],
): Float32Array {
  const v = new Float32Array(ORIENT_LOGITS);
  v[az] = 5;
  v[360 + polarBin] = 5;
  v[540 + rotBin] = 5;
  v.set(conf, 720);
  return v;
}

/**
 * Depth Anything V2 Metric's signature: pixel_values [batch, 3, h, w] → predicted_depth
 * [batch, h, w] = 3 + mean over the normalised channels. Written to `dir/file`.
 */
export async function writeFakeDepthModel(dir: string, file: string): Promise<void> {
  const path = await writeOnnxModel({
    inputs: [{ name: "pixel_values", shape: ["batch", 3, "height", "width"] }],
    outputs: [{ name: "predicted_depth", shape: ["batch", "height", "width"] }],
    nodes: [
      {
        op: "ReduceMean",
        inputs: ["pixel_values"],
        outputs: ["m"],
        attrs: { axes: { ints: [1] }, keepdims: 0 },
      },
      { op: "Add", inputs: ["m", "three"], outputs: ["predicted_depth"] },
    ],
    initializers: [{ name: "three", dims: [], floats: [3] }],
  });
  await Deno.rename(path, `${dir}/${file}`);
}

/**
 * The Orient Anything export's signature: pixel_values [batch, 3, 224, 224] → logits
 * [batch, 722] = channel means · W + bias. Bias peaks: azimuth 90, polar bin 100 (10°),
 * rotation bin 90 (0°), confidence logits [2, 0]; W moves the azimuth peak to 270 when the
 * crop is red. Written to `dir/file`.
 */
export async function writeFakeOrientModel(dir: string, file: string): Promise<void> {
  const w = new Float32Array(3 * ORIENT_LOGITS);
  w[270] = 10; // row 0 (red channel), column 270
  const path = await writeOnnxModel({
    inputs: [{ name: "pixel_values", shape: ["batch", 3, 224, 224] }],
    outputs: [{ name: "logits", shape: ["batch", ORIENT_LOGITS] }],
    nodes: [
      {
        op: "ReduceMean",
        inputs: ["pixel_values"],
        outputs: ["m"],
        attrs: { axes: { ints: [2, 3] }, keepdims: 1 },
      },
      { op: "Flatten", inputs: ["m"], outputs: ["f"], attrs: { axis: 1 } },
      { op: "MatMul", inputs: ["f", "w"], outputs: ["p"] },
      { op: "Add", inputs: ["p", "bias"], outputs: ["logits"] },
    ],
    initializers: [
      { name: "w", dims: [3, ORIENT_LOGITS], floats: w },
      { name: "bias", dims: [ORIENT_LOGITS], floats: orientLogits(90, 100, 90, [2, 0]) },
    ],
  });
  await Deno.rename(path, `${dir}/${file}`);
}

/**
 * Metric3D v2's signature: pixel_values [1, 3, h, w] (RGB 0–255) → predicted_depth [1, h, w] =
 * the mean over the channels (a "canonical depth" equal to the grey level). Written to
 * `dir/file`, creating its folders.
 */
export async function writeFakeMetric3dModel(dir: string, file: string): Promise<void> {
  const path = await writeOnnxModel({
    inputs: [{ name: "pixel_values", shape: [1, 3, "height", "width"] }],
    outputs: [{ name: "predicted_depth", shape: [1, "height", "width"] }],
    nodes: [{
      op: "ReduceMean",
      inputs: ["pixel_values"],
      outputs: ["predicted_depth"],
      attrs: { axes: { ints: [1] }, keepdims: 0 },
    }],
  });
  const dest = `${dir}/${file}`;
  await Deno.mkdir(dest.slice(0, dest.lastIndexOf("/")), { recursive: true });
  await Deno.rename(path, dest);
}
