/**
 * Metric3D v2 adapter (onnxruntime): image + focal length → metric depth map aligned with the
 * image. Metric3D predicts depth for a *canonical camera* with a 1000-pixel focal length; the
 * real depth is that prediction × (the focal length at network resolution ÷ 1000).
 *
 * Preprocessing follows the official ONNX export (Metric3D's `onnx/test.onnx.py`): scale the RGB
 * image to fit 616 × 1064 (H × W) keeping its aspect ratio (bilinear), pad the rest evenly on both
 * sides with the ImageNet mean colour (123.675, 116.28, 103.53), RGB 0–255 NCHW — the graph
 * normalises itself. The output (canonical depth at 616 × 1064) is cropped back to the unpadded
 * part, rescaled to metres and resized to the image bilinearly.
 *
 * The real model's output was NOT validated in this project (its weights cannot be downloaded
 * here); tests run this adapter against a generated ONNX graph of the same signature.
 *
 * @module
 */
import type { RgbImage } from "../core/image.ts";
import { InputError } from "../core/errors.ts";
import type { DepthMap } from "../tools/workspace.ts";
import type { PerceptionConfig } from "./config.ts";
import { resizeDepth } from "./depth_anything.ts";
import { pixelsOf, resizeRgb } from "./pixels.ts";
import type { ModelSpec } from "./registry.ts";
import { getSession, ort } from "./runtime.ts";
import { ensureModel } from "./store.ts";

/** Network input size (height, width) of the ViT models' official export. */
export const METRIC3D_INPUT = { height: 616, width: 1064 } as const;
/** Focal length of Metric3D's canonical camera, pixels. */
export const CANONICAL_FOCAL = 1000;
/** Padding colour: the ImageNet mean in 0–255 RGB (normalises to 0 inside the graph). */
const PAD = [123.675, 116.28, 103.53] as const;

/** Where the scaled image sits inside the padded network input. */
export interface Letterbox {
  /** Scale from image pixels to network pixels. */
  scale: number;
  /** Scaled image size. */
  width: number;
  height: number;
  /** Padding before the image (top, left). */
  top: number;
  left: number;
}

/** The fit of an image into the network input, as the official preprocessing computes it. */
export function metric3dLetterbox(width: number, height: number): Letterbox {
  const scale = Math.min(METRIC3D_INPUT.height / height, METRIC3D_INPUT.width / width);
  const w = Math.max(1, Math.trunc(width * scale));
  const h = Math.max(1, Math.trunc(height * scale));
  return {
    scale,
    width: w,
    height: h,
    top: Math.trunc((METRIC3D_INPUT.height - h) / 2),
    left: Math.trunc((METRIC3D_INPUT.width - w) / 2),
  };
}

/** Runs a Metric3D v2 export on an image whose horizontal focal length is `fx` pixels. */
export async function estimateMetric3dDepth(
  image: RgbImage,
  fx: number,
  spec: ModelSpec,
  cfg: PerceptionConfig,
): Promise<DepthMap> {
  if (!(fx > 0) || !Number.isFinite(fx)) {
    throw new InputError("fx", `${spec.id} needs a positive focal length, got ${fx}`);
  }
  const path = await ensureModel(spec, cfg);
  const { session } = await getSession(spec, path, cfg);
  const box = metric3dLetterbox(image.width, image.height);
  const { width: W, height: H } = METRIC3D_INPUT;
  const input = new Float32Array(3 * W * H);
  for (let c = 0; c < 3; c++) input.fill(PAD[c], c * W * H, (c + 1) * W * H);
  const px = await resizeRgb(pixelsOf(image), box.width, box.height, "linear");
  // RGB 0–255, planar, at the padded offset (the graph normalises)
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < box.height; y++) {
      const row = c * W * H + (y + box.top) * W + box.left;
      for (let x = 0; x < box.width; x++) input[row + x] = px.data[(y * box.width + x) * 3 + c];
    }
  }
  const out = await session.run({
    [spec.inputs[0].name]: new ort.Tensor("float32", input, [1, 3, H, W]),
  });
  const t = out[spec.outputs[0].name];
  const dims = t.dims;
  const [oh, ow] = [dims[dims.length - 2], dims[dims.length - 1]];
  if (t.type !== "float32" || oh !== H || ow !== W || t.size !== H * W) {
    throw new InputError(
      path,
      `${spec.id}: expected a float32 [1, (1,) ${H}, ${W}] output, got ${t.type} [${
        dims.join(", ")
      }]`,
    );
  }
  const raw = t.data as Float32Array;
  const toMetres = fx * box.scale / CANONICAL_FOCAL;
  const crop = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      crop[y * box.width + x] = raw[(y + box.top) * W + box.left + x] * toMetres;
    }
  }
  const data = resizeDepth(crop, box.width, box.height, image.width, image.height);
  for (let i = 0; i < data.length; i++) {
    if (!(data[i] > 0) || !Number.isFinite(data[i])) data[i] = 0;
  }
  return { width: image.width, height: image.height, data, source: spec.id };
}
