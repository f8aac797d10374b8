/**
 * People's orientation from BlazePose (full) landmarks: the front is the torso's normal, from
 * the 3-D world landmarks, carried from the crop's view into our camera frame.
 *
 * World landmarks are hip-centred metres in the crop camera's axes: x right, y down, z away
 * from the camera (checked on the reference crops: a person seen from behind has a torso normal
 * with z > 0), i.e. OpenCV axes, so {@link fromOpenCv} brings them to ours. BlazePose indices:
 * 0 nose, 7/8 left/right ear, 11/12 left/right shoulder, 23/24 left/right hip ("left" = the
 * person's own left).
 *
 * Front: across = (left shoulder − right shoulder) + (left hip − right hip) points to the
 * person's left; up = shoulder centre − hip centre; front = across × up (right-handed: for a
 * person facing the camera, left = +x, up = +z, so front = −y, toward the camera).
 *
 * Confidence = pose flag × shoulder-order factor × head factor:
 * - pose flag: the model's probability that a person is in the crop;
 * - shoulder order: when the 3-D front points clearly toward or away from the camera (its
 *   component along the view ray beyond ±0.5), the 2-D image landmarks must agree — facing the
 *   camera puts the left shoulder on the image's right. Agree: 1; shoulders within 2 % of the
 *   crop of each other: 0.7; contradict: 0.3; side views (nothing to check): 1;
 * - head: the horizontal angle between the torso front and the head's (nose − midpoint of the
 *   ears) — heads turn, so up to 60° costs nothing, then the factor falls linearly to 0.4 at
 *   180°.
 * The landmarks' visibility/presence scores are not used: they stay near 1 for people seen
 * from behind and cannot tell front from back.
 *
 * @module
 */
import type { RgbImage } from "../core/image.ts";
import type { Camera } from "../core/intrinsics.ts";
import { fromOpenCv } from "../core/frame.ts";
import { add, angleDegrees, cross, normalize, scale, sub, type Vec3 } from "../core/vec.ts";
import type { Box } from "./boxes.ts";
import type { PerceptionConfig } from "./config.ts";
import type { ModelSpec } from "./registry.ts";
import { getSession, ort } from "./runtime.ts";
import { cropToTensor, type SquareCrop, squareCropAround } from "./square_crop.ts";
import { ensureModel } from "./store.ts";
import { fromViewRay, pixelRay } from "./view_ray.ts";

/** Model input side. */
export const POSE_INPUT = 256;
/** Crop side as a multiple of the person box's longer side. */
export const POSE_CROP_SCALE = 1.25;
const LANDMARKS = 39;

/** Raw model outputs for one crop. */
export interface PoseOutputs {
  /** 39 × (x, y, z, visibility, presence), x/y in input pixels (0…256). */
  landmarks: Float32Array;
  /** 39 × (x, y, z) metres, OpenCV axes of the crop view, hip-centred. */
  world: Float32Array;
  /** Probability that a person is present. */
  poseFlag: number;
}

/** A person's front and how it was judged. */
export interface PersonFront {
  /** Unit horizontal front in our frame. */
  front: Vec3;
  /** Front in the crop view's axes (ours: x right, y along the ray, z up), unit, horizontal. */
  viewFront: Vec3;
  confidence: number;
  poseFlag: number;
  shoulderOrder: "agrees" | "ambiguous" | "contradicts" | "side view";
  /** Horizontal angle between torso and head fronts, degrees (undefined: head not usable). */
  headAngleDeg?: number;
}

function point(v: Float32Array, i: number): Vec3 {
  return fromOpenCv([v[3 * i], v[3 * i + 1], v[3 * i + 2]]);
}

function horizontal(v: Vec3): Vec3 | undefined {
  const h: Vec3 = [v[0], v[1], 0];
  return Math.hypot(h[0], h[1]) > 1e-6 ? normalize(h) : undefined;
}

/**
 * The front from model outputs; `ray` is our-frame direction from the camera through the crop
 * centre. Undefined when the torso is degenerate (no horizontal normal).
 */
export function personFront(out: PoseOutputs, ray: Vec3): PersonFront | undefined {
  const w = out.world;
  const [ls, rs, lh, rh] = [11, 12, 23, 24].map((i) => point(w, i));
  const across = add(sub(ls, rs), sub(lh, rh));
  const up = scale(sub(add(ls, rs), add(lh, rh)), 0.5);
  const torso = horizontal(cross(across, up));
  if (!torso) return undefined;
  // Shoulder order in the image: x of the left minus the right shoulder, as a crop fraction.
  const dx = (out.landmarks[11 * 5] - out.landmarks[12 * 5]) / POSE_INPUT;
  const towardCamera = -torso[1];
  let shoulderOrder: PersonFront["shoulderOrder"] = "side view";
  let orderFactor = 1;
  if (Math.abs(towardCamera) > 0.5) {
    if (Math.abs(dx) < 0.02) [shoulderOrder, orderFactor] = ["ambiguous", 0.7];
    else if (Math.sign(dx) === Math.sign(towardCamera)) shoulderOrder = "agrees";
    else [shoulderOrder, orderFactor] = ["contradicts", 0.3];
  }
  const earMid = scale(add(point(w, 7), point(w, 8)), 0.5);
  const head = horizontal(sub(point(w, 0), earMid));
  const headAngleDeg = head ? angleDegrees(head, torso) : undefined;
  const headFactor = headAngleDeg === undefined || headAngleDeg <= 60
    ? 1
    : 1 - 0.6 * (headAngleDeg - 60) / 120;
  const front = horizontal(fromViewRay(torso, ray)) ?? torso;
  return {
    front,
    viewFront: torso,
    confidence: Math.max(0, Math.min(1, out.poseFlag * orderFactor * headFactor)),
    poseFlag: out.poseFlag,
    shoulderOrder,
    ...(headAngleDeg === undefined ? {} : { headAngleDeg }),
  };
}

/** Runs BlazePose on the square crop around `box`. */
export async function runBlazePose(
  image: RgbImage,
  box: Box,
  spec: ModelSpec,
  cfg: PerceptionConfig,
): Promise<{ outputs: PoseOutputs; crop: SquareCrop }> {
  const path = await ensureModel(spec, cfg);
  const { session } = await getSession(spec, path, cfg);
  const crop = squareCropAround(box, POSE_CROP_SCALE);
  const input = cropToTensor(image, crop, POSE_INPUT);
  const out = await session.run({
    input_1: new ort.Tensor("float32", input, [1, POSE_INPUT, POSE_INPUT, 3]),
  });
  return {
    outputs: {
      landmarks: (out.Identity.data as Float32Array).slice(0, LANDMARKS * 5),
      world: (out.Identity_4.data as Float32Array).slice(0, LANDMARKS * 3),
      poseFlag: (out.Identity_1.data as Float32Array)[0],
    },
    crop,
  };
}

/** A person's front from the photo: crop, model, torso normal, view-ray rotation. */
export async function estimatePersonFront(
  image: RgbImage,
  box: Box,
  camera: Camera,
  spec: ModelSpec,
  cfg: PerceptionConfig,
): Promise<PersonFront | undefined> {
  const { outputs } = await runBlazePose(image, box, spec, cfg);
  const ray = pixelRay(camera, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2);
  return personFront(outputs, ray);
}
