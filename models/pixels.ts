/**
 * Pixel preparation shared by the model adapters: crop + resize with sharp, and packing
 * interleaved 8-bit RGB into a planar float32 tensor with per-channel scaling.
 *
 * @module
 */
import { loadSharp } from "./sharp.ts";
import type { RgbImage } from "../core/image.ts";

/** A region of the image in integer pixels. */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Resampling kernels, as sharp names them. */
export type Kernel = "nearest" | "linear" | "cubic" | "lanczos3";

/** Interleaved RGB pixels of a given size. */
export interface RgbPixels {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Crops `region` (default: everything) and resizes it to exactly width × height. */
export async function resizeRgb(
  image: RgbPixels,
  width: number,
  height: number,
  kernel: Kernel = "linear",
  region?: Region,
): Promise<RgbPixels> {
  const sharp = await loadSharp();
  let pipeline = sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  });
  if (region) pipeline = pipeline.extract(region);
  const buf = await pipeline.resize(width, height, { fit: "fill", kernel }).raw().toBuffer();
  return { width, height, data: new Uint8Array(buf.buffer, buf.byteOffset, width * height * 3) };
}

/** How 8-bit channel values become tensor values: (v · scale − mean[c]) / std[c]. */
export interface Normalisation {
  scale: number;
  mean: [number, number, number];
  std: [number, number, number];
  /** Channel order of the tensor. */
  order: "rgb" | "bgr";
}

/** ImageNet statistics on 0–1 RGB, used by DINOv2-based models. */
export const IMAGENET: Normalisation = {
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  order: "rgb",
};

/**
 * Writes pixels into a planar (C, H, W) float32 tensor of size tw × th at the top-left,
 * leaving the rest as already filled (letterbox padding).
 */
export function packChw(
  px: RgbPixels,
  norm: Normalisation,
  out: Float32Array,
  tw = px.width,
  th = px.height,
): Float32Array {
  const plane = tw * th;
  for (let c = 0; c < 3; c++) {
    const src = norm.order === "rgb" ? c : 2 - c;
    const dst = c * plane;
    const m = norm.mean[c];
    const s = norm.std[c];
    for (let y = 0; y < px.height; y++) {
      for (let x = 0; x < px.width; x++) {
        out[dst + y * tw + x] = (px.data[(y * px.width + x) * 3 + src] * norm.scale - m) / s;
      }
    }
  }
  return out;
}

/** The image as plain pixels (drops the metadata of an RgbImage). */
export function pixelsOf(image: RgbImage): RgbPixels {
  return { width: image.width, height: image.height, data: image.data };
}
