/**
 * Orient Anything-style orientation head: a crop of one object → logits over azimuth (360 bins
 * of 1°), polar (180 bins, −90…89°), in-plane rotation (180 bins, −90…89°) and a 2-way
 * confidence → the object's front as a unit vector in our frame.
 *
 * Convention mapping (assumed from the Orient Anything paper and reference code, NOT validated
 * against real weights here): azimuth 0 = the object faces the camera, growing
 * counter-clockwise seen from above, which is our `frontFromAngles` azimuth; polar θ is the
 * camera's elevation above the object's horizontal plane, so the front's elevation in the view
 * is −θ; rotation turns the crop counter-clockwise about the viewing ray. The view is the ray
 * from the camera through the object's centre (when known; the optical axis otherwise), with
 * "up" from gravity under the level-camera assumption.
 *
 * @module
 */
import type { RgbImage } from "../core/image.ts";
import { InputError } from "../core/errors.ts";
import { frontFromAngles } from "../core/frame.ts";
import { normalize, type Vec3 } from "../core/vec.ts";
import type { Box } from "./boxes.ts";
import type { PerceptionConfig } from "./config.ts";
import { IMAGENET, packChw, pixelsOf, resizeRgb } from "./pixels.ts";
import type { ModelSpec } from "./registry.ts";
import { getSession, ort } from "./runtime.ts";
import { ensureModel } from "./store.ts";
import { fromViewRay } from "./view_ray.ts";

const AZ_BINS = 360;
const POLAR_BINS = 180;
const ROT_BINS = 180;
/** Length of the logits vector. */
export const ORIENT_LOGITS = AZ_BINS + POLAR_BINS + ROT_BINS + 2;
/** Crop side the DINOv2 processor produces. */
export const ORIENT_CROP = 224;
/** Shorter side before the centre crop (DINOv2 processor). */
const RESIZE_SHORT = 256;

/** Decoded angles, degrees, and the model's confidence that the object has a front. */
export interface OrientationAngles {
  azimuthDeg: number;
  polarDeg: number;
  rotationDeg: number;
  confidence: number;
}

function argmax(v: Float32Array, from: number, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (v[from + i] > v[from + best]) best = i;
  return best;
}

/** Decodes one logits vector exactly as the reference inference code does (argmax bins). */
export function decodeOrientLogits(logits: Float32Array): OrientationAngles {
  if (logits.length !== ORIENT_LOGITS) {
    throw new InputError("logits", `expected ${ORIENT_LOGITS} values, got ${logits.length}`);
  }
  const a = logits[ORIENT_LOGITS - 2];
  const b = logits[ORIENT_LOGITS - 1];
  const m = Math.max(a, b);
  const confidence = Math.exp(a - m) / (Math.exp(a - m) + Math.exp(b - m));
  return {
    azimuthDeg: argmax(logits, 0, AZ_BINS),
    polarDeg: argmax(logits, AZ_BINS, POLAR_BINS) - 90,
    rotationDeg: argmax(logits, AZ_BINS + POLAR_BINS, ROT_BINS) - 90,
    confidence,
  };
}

/**
 * The object's front in our frame from decoded angles. `center` (our frame) gives the viewing
 * ray; without it the optical axis (+y) is used.
 */
export function frontFromOrientation(angles: OrientationAngles, center?: Vec3): Vec3 {
  const local = frontFromAngles(angles.azimuthDeg, -angles.polarDeg);
  const g = angles.rotationDeg * Math.PI / 180;
  const [lx, ly, lz] = [
    local[0] * Math.cos(g) - local[2] * Math.sin(g),
    local[1],
    local[0] * Math.sin(g) + local[2] * Math.cos(g),
  ];
  return normalize(fromViewRay([lx, ly, lz], center ?? [0, 1, 0]));
}

/** The square region of the box that the DINOv2 resize-256 / centre-crop-224 keeps. */
export function orientCropRegion(box: Box, width: number, height: number) {
  const x1 = Math.max(0, Math.floor(box[0]));
  const y1 = Math.max(0, Math.floor(box[1]));
  const x2 = Math.min(width, Math.ceil(box[2]));
  const y2 = Math.min(height, Math.ceil(box[3]));
  const bw = Math.max(1, x2 - x1);
  const bh = Math.max(1, y2 - y1);
  const side = Math.max(1, Math.round(Math.min(bw, bh) * ORIENT_CROP / RESIZE_SHORT));
  const left = Math.min(width - side, Math.max(0, Math.round(x1 + (bw - side) / 2)));
  const top = Math.min(height - side, Math.max(0, Math.round(y1 + (bh - side) / 2)));
  return { left, top, width: side, height: side };
}

/** Runs the orientation model on one object's box. */
export async function estimateOrientation(
  image: RgbImage,
  box: Box,
  spec: ModelSpec,
  cfg: PerceptionConfig,
): Promise<OrientationAngles> {
  const path = await ensureModel(spec, cfg);
  const { session } = await getSession(spec, path, cfg);
  const region = orientCropRegion(box, image.width, image.height);
  const px = await resizeRgb(pixelsOf(image), ORIENT_CROP, ORIENT_CROP, "cubic", region);
  const input = packChw(px, IMAGENET, new Float32Array(3 * ORIENT_CROP * ORIENT_CROP));
  const out = await session.run({
    [spec.inputs[0].name]: new ort.Tensor("float32", input, [1, 3, ORIENT_CROP, ORIENT_CROP]),
  });
  const logits = out[spec.outputs[0].name];
  if (logits.size !== ORIENT_LOGITS) {
    throw new InputError(
      path,
      `${spec.id}: expected ${ORIENT_LOGITS} logits, got [${logits.dims.join(", ")}]`,
      "the export must output azimuth 360 + polar 180 + rotation 180 + confidence 2 values",
    );
  }
  return decodeOrientLogits(logits.data as Float32Array);
}
