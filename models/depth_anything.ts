/**
 * Depth Anything V2 Metric adapter (onnxruntime): image → metric depth map aligned with the
 * image. Preprocessing follows the model's DPT image processor: resize keeping the aspect ratio
 * toward 518 (the side whose scale is closer to 1 decides) to multiples of 14, bicubic, RGB/255,
 * ImageNet mean/std. The output (metres along the optical axis) is resized back bilinearly.
 *
 * The real model's output was NOT validated in this project (no weights can be downloaded
 * here); tests run this adapter against a generated ONNX graph of the same signature.
 *
 * @module
 */
import type { RgbImage } from "../core/image.ts";
import { InputError } from "../core/errors.ts";
import type { DepthMap } from "../tools/workspace.ts";
import type { PerceptionConfig } from "./config.ts";
import { IMAGENET, packChw, pixelsOf, resizeRgb } from "./pixels.ts";
import type { ModelSpec } from "./registry.ts";
import { getSession, ort } from "./runtime.ts";
import { ensureModel } from "./store.ts";

/** Target side and multiple of the DPT processor. */
const TARGET = 518;
const MULTIPLE = 14;

/** numpy's round(): halves go to the even neighbour, as in the Python processor. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d !== 0.5) return Math.round(v);
  return f % 2 === 0 ? f : f + 1;
}

/** Network input size for an image, as the DPT processor computes it (keep_aspect_ratio). */
export function dptInputSize(width: number, height: number): { width: number; height: number } {
  let sw = TARGET / width;
  let sh = TARGET / height;
  if (Math.abs(1 - sw) < Math.abs(1 - sh)) sh = sw;
  else sw = sh;
  const fit = (v: number) => Math.max(MULTIPLE, roundHalfEven(v / MULTIPLE) * MULTIPLE);
  return { width: fit(width * sw), height: fit(height * sh) };
}

/** Bilinear resize of a single-channel float map (pixel centres aligned). */
export function resizeDepth(
  src: Float32Array,
  w: number,
  h: number,
  outW: number,
  outH: number,
): Float32Array {
  const out = new Float32Array(outW * outH);
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(h - 1, Math.max(0, (y + 0.5) * h / outH - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(w - 1, Math.max(0, (x + 0.5) * w / outW - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w - 1, x0 + 1);
      const tx = fx - x0;
      const top = src[y0 * w + x0] * (1 - tx) + src[y0 * w + x1] * tx;
      const bottom = src[y1 * w + x0] * (1 - tx) + src[y1 * w + x1] * tx;
      out[y * outW + x] = top * (1 - ty) + bottom * ty;
    }
  }
  return out;
}

/** Runs a Depth Anything V2 Metric export on an image; the map is aligned with the image. */
export async function estimateDepthMap(
  image: RgbImage,
  spec: ModelSpec,
  cfg: PerceptionConfig,
): Promise<DepthMap> {
  const path = await ensureModel(spec, cfg);
  const { session } = await getSession(spec, path, cfg);
  const size = dptInputSize(image.width, image.height);
  const px = await resizeRgb(pixelsOf(image), size.width, size.height, "cubic");
  const input = packChw(px, IMAGENET, new Float32Array(3 * size.width * size.height));
  const out = await session.run({
    [spec.inputs[0].name]: new ort.Tensor("float32", input, [1, 3, size.height, size.width]),
  });
  const t = out[spec.outputs[0].name];
  const dims = t.dims;
  const [oh, ow] = [dims[dims.length - 2], dims[dims.length - 1]];
  if (t.type !== "float32" || oh * ow !== t.size) {
    throw new InputError(
      path,
      `${spec.id}: expected a float32 [1, H, W] output, got ${t.type} [${dims.join(", ")}]`,
    );
  }
  const data = resizeDepth(t.data as Float32Array, ow, oh, image.width, image.height);
  for (let i = 0; i < data.length; i++) {
    if (!(data[i] > 0) || !Number.isFinite(data[i])) data[i] = 0;
  }
  return { width: image.width, height: image.height, data, source: spec.id };
}
