/**
 * YOLOX-nano adapter: the exact pre- and post-processing of the official ONNX export
 * (docs/perception.md): BGR 0–255, letterbox 416 with pad 114 at bottom/right, grid decode at
 * strides 8/16/32, score = objectness × class, class-wise NMS. Boxes in original pixels.
 *
 * @module
 */
import type { RgbImage } from "../core/image.ts";
import { type Box, clipBox, type Detection, nms } from "./boxes.ts";
import { COCO_LABELS } from "./coco.ts";
import type { PerceptionConfig } from "./config.ts";
import {
  cropPixels,
  type Normalisation,
  pixelsOf,
  resizeIntoChw,
  type RgbPixels,
} from "./pixels.ts";
import { getModelSpec } from "./registry.ts";
import { getSession, ort } from "./runtime.ts";
import { ensureModel } from "./store.ts";
import { mergeTiled, planTiles, type TilingMode } from "./tiles.ts";

/** Network input side. */
export const YOLOX_SIZE = 416;
const STRIDES = [8, 16, 32];
const PAD_VALUE = 114;
const CLASSES = 80;
const ROW = 5 + CLASSES;
/** YOLOX takes BGR 0–255 as is. */
const RAW_BGR: Normalisation = { scale: 1, mean: [0, 0, 0], std: [1, 1, 1], order: "bgr" };

/** Detector options. */
export interface DetectOptions {
  /** Minimum objectness × class score. */
  scoreThreshold: number;
  /** IoU above which a lower-scoring box of the same label is suppressed. */
  nmsIou: number;
  /** At most this many detections, highest score first. */
  maxDetections: number;
  /** IoU above which boxes of different labels are one object (the weaker label dropped). */
  duplicateIou: number;
  /** Keep only these labels (all when absent). */
  labels?: readonly string[];
  /** Also run on overlapping tiles (models/tiles.ts); default: the config's `tiling`. */
  tiling?: TilingMode;
}

/**
 * Score 0.3 and NMS 0.45 as in the YOLOX demo; near-identical boxes with two labels (the dog in
 * dog.jpg is also scored 0.39 "cat") are one object.
 */
export const DEFAULT_DETECT_OPTIONS: DetectOptions = {
  scoreThreshold: 0.3,
  nmsIou: 0.45,
  maxDetections: 100,
  duplicateIou: 0.85,
};

/** The letterboxed network input and the scale that maps it back. */
export interface Letterbox {
  tensor: Float32Array<ArrayBuffer>;
  /** Network pixels per original pixel. */
  scale: number;
}

/**
 * Resizes keeping aspect ratio into the top-left of a 416² canvas padded with 114, BGR CHW: one
 * bilinear pass straight into the tensor, as the official export's cv2.resize does. `into`: a
 * buffer to reuse (its contents are overwritten).
 */
export function letterbox(
  image: RgbPixels,
  into: Float32Array<ArrayBuffer> = new Float32Array(3 * YOLOX_SIZE * YOLOX_SIZE),
): Letterbox {
  const scale = Math.min(YOLOX_SIZE / image.width, YOLOX_SIZE / image.height);
  const w = Math.max(1, Math.floor(image.width * scale));
  const h = Math.max(1, Math.floor(image.height * scale));
  const tensor = into.fill(PAD_VALUE);
  resizeIntoChw(image, w, h, RAW_BGR, tensor, YOLOX_SIZE, YOLOX_SIZE);
  return { tensor, scale };
}

/** Decodes the [3549, 85] output into detections in original-image pixels. */
export function decodeYolox(
  output: Float32Array,
  scale: number,
  width: number,
  height: number,
  opts: DetectOptions,
): Detection[] {
  const keep = opts.labels ? new Set(opts.labels) : undefined;
  const dets: Detection[] = [];
  let row = 0;
  for (const s of STRIDES) {
    const n = YOLOX_SIZE / s;
    for (let gy = 0; gy < n; gy++) {
      for (let gx = 0; gx < n; gx++, row++) {
        const o = row * ROW;
        const obj = output[o + 4];
        if (obj < opts.scoreThreshold) continue; // cls ≤ 1, so the score cannot reach it
        let best = 0;
        let bestScore = -1;
        for (let c = 0; c < CLASSES; c++) {
          const v = output[o + 5 + c];
          if (v > bestScore) [best, bestScore] = [c, v];
        }
        const score = obj * bestScore;
        if (score < opts.scoreThreshold) continue;
        const label = COCO_LABELS[best];
        if (keep && !keep.has(label)) continue;
        const cx = (output[o] + gx) * s;
        const cy = (output[o + 1] + gy) * s;
        const bw = Math.exp(output[o + 2]) * s;
        const bh = Math.exp(output[o + 3]) * s;
        const box: Box = [
          (cx - bw / 2) / scale,
          (cy - bh / 2) / scale,
          (cx + bw / 2) / scale,
          (cy + bh / 2) / scale,
        ];
        dets.push({ label, score, box: clipBox(box, width, height) });
      }
    }
  }
  return nms(dets, opts.nmsIou, opts.maxDetections, opts.duplicateIou);
}

/** Network input buffers free for reuse (at most {@link MAX_POOLED}). */
const inputPool: Float32Array<ArrayBuffer>[] = [];
const MAX_POOLED = 4;

/** Milliseconds spent in each stage of one detection, summed over its passes. */
export interface DetectTiming {
  preprocess: number;
  inference: number;
  postprocess: number;
  /** Detector passes run: 1 (whole image) + the tiles. */
  passes: number;
}

type Session = Awaited<ReturnType<typeof getSession>>["session"];

/** One pass of the network over `px`; detections in `px`'s pixels, timing added to `timing`. */
async function runOnce(
  session: Session,
  px: RgbPixels,
  opts: DetectOptions,
  timing: DetectTiming,
): Promise<Detection[]> {
  const t0 = performance.now();
  // Input buffers are reused once a run is over: a fresh 2 MB array per image costs page faults.
  const { tensor, scale } = letterbox(px, inputPool.pop());
  const t1 = performance.now();
  let out: Awaited<ReturnType<Session["run"]>>;
  try {
    out = await session.run({
      images: new ort.Tensor("float32", tensor, [1, 3, YOLOX_SIZE, YOLOX_SIZE]),
    });
  } finally {
    if (inputPool.length < MAX_POOLED) inputPool.push(tensor);
  }
  const t2 = performance.now();
  const dets = decodeYolox(out.output.data as Float32Array, scale, px.width, px.height, opts);
  timing.preprocess += t1 - t0;
  timing.inference += t2 - t1;
  timing.postprocess += performance.now() - t2;
  timing.passes++;
  return dets;
}

/**
 * Runs YOLOX-nano on an image: the whole image, and on wide images (or as `opts.tiling` /
 * the config's `tiling` says) also overlapping tiles, merged (models/tiles.ts).
 */
export async function detectYolox(
  image: RgbImage,
  opts: DetectOptions,
  cfg: PerceptionConfig,
): Promise<{ detections: Detection[]; timing: DetectTiming }> {
  const spec = getModelSpec("yolox-nano");
  const path = await ensureModel(spec, cfg);
  const { session } = await getSession(spec, path, cfg);
  const timing: DetectTiming = { preprocess: 0, inference: 0, postprocess: 0, passes: 0 };
  const px = pixelsOf(image);
  const tiles = planTiles(image.width, image.height, YOLOX_SIZE, opts.tiling ?? cfg.tiling);
  if (tiles.length === 0) return { detections: await runOnce(session, px, opts, timing), timing };
  // every pass keeps all its boxes; the merge applies the limit
  const all = { ...opts, maxDetections: Infinity };
  const whole = await runOnce(session, px, all, timing);
  const perTile = [];
  for (const tile of tiles) {
    const crop = cropPixels(px, {
      left: tile.left,
      top: tile.top,
      width: tile.side,
      height: tile.side,
    });
    perTile.push({ tile, detections: await runOnce(session, crop, all, timing) });
  }
  const t = performance.now();
  const detections = mergeTiled(whole, perTile, image, opts);
  timing.postprocess += performance.now() - t;
  return { detections, timing };
}
