/**
 * Chairs' orientation from MediaPipe Objectron (chair model): 9 box keypoints in the crop (the
 * centre, then the 8 corners in {@link CORNER_SIGNS} order), lifted to a 3-D box with EPnP
 * using the image's intrinsics. The box's +y axis is the chair's up, +z the seat's front.
 *
 * Front: the +z face direction made perpendicular to the box's up. The box's up, seen in the
 * camera's axes, also measures the camera's tilt (pitch, roll); the front is brought into the
 * gravity-aligned frame with that tilt (core/frame.ts `gravityAlign`) and flattened to the
 * ground, so its azimuth does not depend on a level-camera assumption.
 *
 * Used only for objects the detector labelled chair, when the model's presence ≥
 * {@link MIN_CHAIR_PRESENCE} (measured: ≈0.35 on a dog, 0 on couches and people).
 *
 * Confidence = presence, halved when the fitted box's up leans sideways by more than
 * {@link MAX_PLAUSIBLE_ROLL_DEG} (cameras are rarely rolled that much, so the box fit is
 * doubtful); the tilt is then not applied and the front is flattened in the camera's axes
 * (level camera assumed).
 *
 * @module
 */
import type { RgbImage } from "../core/image.ts";
import type { Camera } from "../core/intrinsics.ts";
import { type CameraTilt, fromOpenCv, gravityAlign } from "../core/frame.ts";
import { cross, normalize, sub, type Vec3 } from "../core/vec.ts";
import type { Box } from "./boxes.ts";
import type { PerceptionConfig } from "./config.ts";
import { solveBoxEpnp } from "./epnp.ts";
import type { ModelSpec } from "./registry.ts";
import { getSession, ort } from "./runtime.ts";
import { cropToTensor, type SquareCrop, squareCropAround } from "./square_crop.ts";
import { ensureModel } from "./store.ts";

/** Model input side. */
export const CHAIR_INPUT = 224;
/** Crop side as a multiple of the chair box's longer side (a tight crop gives presence ≈ 0). */
export const CHAIR_CROP_SCALE = 1.5;
/** Below this presence the crop is not taken to hold a chair. */
export const MIN_CHAIR_PRESENCE = 0.5;

/**
 * One sigma of the camera pitch read from one chair's box up, degrees. No photo in ../shared has
 * a known pitch; what is measured is the spread between chairs of one photo (one camera, so one
 * true pitch): the four chairs of ../shared/data/chairs/arkit_13704.122_00005378.jpg give −20° to
 * −64°, a standard deviation of 18°. Several chairs: see tools/estimate_orientation.ts.
 */
export const CHAIR_PITCH_SIGMA_DEG = 18;

/** A box up leaning sideways more than this (degrees of camera roll) is not trusted. */
export const MAX_PLAUSIBLE_ROLL_DEG = 20;

/** A chair's pose from one crop. */
export interface ChairPose {
  presence: number;
  /** Confidence in the front (see the module notes); 0 without one. */
  confidence: number;
  /** Unit horizontal front in our frame (gravity-aligned with the measured tilt). */
  front?: Vec3;
  /** The chair's up in the camera's own axes (ours convention), unit. */
  upInCamera?: Vec3;
  /** Camera tilt implied by the chair's up, when plausible and applied to the front. */
  tilt?: CameraTilt;
  /** Keypoints in image pixels: centre, then 8 corners. */
  keypoints: [number, number][];
}

/** The tilt that makes `up` (camera axes, ours convention) vertical under `gravityAlign`. */
export function tiltFromUp(up: Vec3): CameraTilt {
  const [x, y, z] = normalize(up);
  const rollDeg = Math.atan2(-x, z) * 180 / Math.PI;
  const pitchDeg = Math.atan2(y, Math.hypot(x, z)) * 180 / Math.PI;
  return { pitchDeg, rollDeg };
}

/** Lifts image keypoints (pixels) to the chair's front and up with the camera's intrinsics. */
export function chairPoseFromKeypoints(
  keypoints: [number, number][],
  camera: Camera,
  presence: number,
): Pick<ChairPose, "front" | "upInCamera" | "tilt" | "confidence"> {
  const corners = keypoints.slice(1).map(([u, v]): [number, number] => [
    (u - camera.cx) / camera.fx,
    (v - camera.cy) / camera.fy,
  ]);
  const [c0, , c2, c3] = solveBoxEpnp(corners).controls;
  const up = normalize(fromOpenCv(sub(c2, c0)));
  const rawFront = fromOpenCv(sub(c3, c0));
  const perp = cross(cross(up, rawFront), up);
  if (Math.hypot(...perp) < 1e-9) return { upInCamera: up, confidence: 0 };
  const tilt = tiltFromUp(up);
  const plausible = Math.abs(tilt.rollDeg) <= MAX_PLAUSIBLE_ROLL_DEG;
  const g = plausible ? gravityAlign(normalize(perp), tilt) : perp;
  const flat = Math.hypot(g[0], g[1]);
  if (flat < 1e-6) return { upInCamera: up, confidence: 0 };
  return {
    upInCamera: up,
    ...(plausible ? { tilt } : {}),
    front: [g[0] / flat, g[1] / flat, 0],
    confidence: plausible ? presence : presence / 2,
  };
}

/** Runs the chair model on the square crop around `box` and lifts the result. */
export async function estimateChairPose(
  image: RgbImage,
  box: Box,
  camera: Camera,
  spec: ModelSpec,
  cfg: PerceptionConfig,
): Promise<ChairPose & { crop: SquareCrop }> {
  const path = await ensureModel(spec, cfg);
  const { session } = await getSession(spec, path, cfg);
  const crop = squareCropAround(box, CHAIR_CROP_SCALE);
  const input = cropToTensor(image, crop, CHAIR_INPUT);
  const out = await session.run({
    input_1: new ort.Tensor("float32", input, [1, CHAIR_INPUT, CHAIR_INPUT, 3]),
  });
  const presence = (out.Identity.data as Float32Array)[0];
  const k = out.Identity_1.data as Float32Array;
  const f = crop.side / CHAIR_INPUT;
  const keypoints = Array.from(
    { length: 9 },
    (_, i): [number, number] => [crop.left + k[2 * i] * f, crop.top + k[2 * i + 1] * f],
  );
  if (presence < MIN_CHAIR_PRESENCE) return { presence, confidence: 0, keypoints, crop };
  return { presence, keypoints, crop, ...chairPoseFromKeypoints(keypoints, camera, presence) };
}
