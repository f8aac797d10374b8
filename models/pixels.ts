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

/**
 * Source offsets (× `step`) and weights of bilinear sampling for `dst` outputs from `src`
 * inputs, on pixel centres, clamped at the edges (as cv2 INTER_LINEAR).
 */
function linearTaps(dst: number, src: number, step: number) {
  const i0 = new Int32Array(dst);
  const i1 = new Int32Array(dst);
  const f = new Float32Array(dst);
  const ratio = src / dst;
  for (let d = 0; d < dst; d++) {
    const pos = (d + 0.5) * ratio - 0.5;
    let i = Math.floor(pos);
    let frac = pos - i;
    if (i < 0) {
      i = 0;
      frac = 0;
    }
    if (i >= src - 1) {
      i = src - 1;
      frac = 0;
    }
    i0[d] = i * step;
    i1[d] = Math.min(i + 1, src - 1) * step;
    f[d] = frac;
  }
  return { i0, i1, f };
}

/**
 * Resizes `px` to w × h with bilinear interpolation on pixel centres (OpenCV's INTER_LINEAR,
 * which the YOLOX export was trained with) and writes the result, normalised, straight into a
 * planar (C, H, W) float32 tensor of size tw × th at the top-left — one pass, no intermediate
 * image. The rest of `out` is left as already filled (letterbox padding).
 */
export function resizeIntoChw(
  px: RgbPixels,
  w: number,
  h: number,
  norm: Normalisation,
  out: Float32Array,
  tw = w,
  th = h,
): Float32Array {
  const xs = linearTaps(w, px.width, 3);
  const ys = linearTaps(h, px.height, px.width * 3);
  const [xi0, xi1, xf] = [xs.i0, xs.i1, xs.f];
  const plane = tw * th;
  const data = px.data;
  for (let c = 0; c < 3; c++) {
    const src = norm.order === "rgb" ? c : 2 - c;
    const a = norm.scale / norm.std[c];
    const b = -norm.mean[c] / norm.std[c];
    const dst = c * plane;
    for (let y = 0; y < h; y++) {
      const r0 = ys.i0[y] + src;
      const r1 = ys.i1[y] + src;
      const fy = ys.f[y];
      const row = dst + y * tw;
      for (let x = 0; x < w; x++) {
        const fx = xf[x];
        const x0 = xi0[x];
        const x1 = xi1[x];
        const top = data[r0 + x0] + (data[r0 + x1] - data[r0 + x0]) * fx;
        const bottom = data[r1 + x0] + (data[r1 + x1] - data[r1 + x0]) * fx;
        out[row + x] = (top + (bottom - top) * fy) * a + b;
      }
    }
  }
  return out;
}

/** A copy of `region` (integer pixels, inside the image) as its own pixels. */
export function cropPixels(px: RgbPixels, region: Region): RgbPixels {
  const { left, top, width, height } = region;
  if (left < 0 || top < 0 || left + width > px.width || top + height > px.height) {
    throw new RangeError(
      `crop ${JSON.stringify(region)} leaves the ${px.width}×${px.height} image`,
    );
  }
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * px.width + left) * 3;
    data.set(px.data.subarray(from, from + width * 3), y * width * 3);
  }
  return { width, height, data };
}

/** The image as plain pixels (drops the metadata of an RgbImage). */
export function pixelsOf(image: RgbImage): RgbPixels {
  return { width: image.width, height: image.height, data: image.data };
}
