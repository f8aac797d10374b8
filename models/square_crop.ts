/**
 * The square crops the MediaPipe models read: a square `scale`× the box's longer side around
 * the box centre, black where it leaves the image, resized to the model's input with a bilinear
 * (triangle) filter whose support widens when shrinking (as Pillow's BILINEAR does, which made
 * the reference tensors), as float32 RGB in [0, 1], NHWC.
 *
 * @module
 */
import type { RgbPixels } from "./pixels.ts";

/** A square region in image pixels; it may extend past the image. */
export interface SquareCrop {
  left: number;
  top: number;
  side: number;
}

/** Rounds to the nearest integer, halves to even (as Python's round, which made the references). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The square `scale`× the longer side of `box` ([x1, y1, x2, y2]) around its centre. */
export function squareCropAround(
  box: readonly [number, number, number, number],
  scale: number,
): SquareCrop {
  const [x1, y1, x2, y2] = box;
  const side = Math.max(x2 - x1, y2 - y1) * scale;
  return {
    left: roundHalfEven((x1 + x2) / 2 - side / 2),
    top: roundHalfEven((y1 + y2) / 2 - side / 2),
    side: Math.max(1, roundHalfEven(side)),
  };
}

/** Filter taps of a 1-D triangle resample from `inSize` to `outSize`. */
function taps(inSize: number, outSize: number): { start: number[]; weights: number[][] } {
  const scale = inSize / outSize;
  const support = Math.max(scale, 1);
  const start: number[] = [];
  const weights: number[][] = [];
  for (let o = 0; o < outSize; o++) {
    const centre = (o + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - support));
    const hi = Math.min(inSize, Math.ceil(centre + support));
    const w: number[] = [];
    let sum = 0;
    for (let i = lo; i < hi; i++) {
      const v = Math.max(0, 1 - Math.abs((i + 0.5 - centre) / support));
      w.push(v);
      sum += v;
    }
    start.push(lo);
    weights.push(w.map((v) => v / (sum || 1)));
  }
  return { start, weights };
}

/** The crop resized to size × size as an NHWC float32 tensor, RGB in [0, 1]. */
export function cropToTensor(image: RgbPixels, crop: SquareCrop, size: number): Float32Array {
  const { width, height, data } = image;
  const { left, top, side } = crop;
  const h = taps(side, size);
  // Horizontal pass over every crop row: side × size × 3.
  const rows = new Float32Array(side * size * 3);
  for (let y = 0; y < side; y++) {
    const iy = top + y;
    if (iy < 0 || iy >= height) continue; // black
    for (let o = 0; o < size; o++) {
      const w = h.weights[o];
      let r = 0, g = 0, b = 0;
      for (let k = 0; k < w.length; k++) {
        const ix = left + h.start[o] + k;
        if (ix < 0 || ix >= width) continue;
        const p = (iy * width + ix) * 3;
        r += w[k] * data[p];
        g += w[k] * data[p + 1];
        b += w[k] * data[p + 2];
      }
      const q = (y * size + o) * 3;
      rows[q] = r;
      rows[q + 1] = g;
      rows[q + 2] = b;
    }
  }
  const out = new Float32Array(size * size * 3);
  for (let o = 0; o < size; o++) {
    const w = h.weights[o];
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0;
      for (let k = 0; k < w.length; k++) {
        const q = ((h.start[o] + k) * size + x) * 3;
        r += w[k] * rows[q];
        g += w[k] * rows[q + 1];
        b += w[k] * rows[q + 2];
      }
      const p = (o * size + x) * 3;
      out[p] = r / 255;
      out[p + 1] = g / 255;
      out[p + 2] = b / 255;
    }
  }
  return out;
}
