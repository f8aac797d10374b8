/**
 * Egocentric frames: where things are for an observer. An observer with front f and up +z has
 * forward = f projected on the ground and normalised, right = forward × up. The camera is the
 * observer at the origin with forward +y, right +x. "Standing at A facing B" is an observer too.
 *
 * @module
 */
import { cross, dot, EPSILON, norm, sub, type Vec3 } from "./vec.ts";
import { InputError } from "./errors.ts";

/** Gravity's opposite in our frame. */
export const UP: Vec3 = [0, 0, 1];

/** An observer's position and axes in our frame. */
export interface EgoFrame {
  /** Where the observer stands. */
  origin: Vec3;
  /** Unit, horizontal. */
  forward: Vec3;
  /** Unit, horizontal: forward × up. */
  right: Vec3;
  /** Always +z. */
  up: Vec3;
}

/** The camera as an observer. */
export function cameraFrame(): EgoFrame {
  return { origin: [0, 0, 0], forward: [0, 1, 0], right: [1, 0, 0], up: UP };
}

/** An observer at `origin` whose front is `front` (only its horizontal part counts). */
export function observerFrame(origin: Vec3, front: Vec3, field = "front"): EgoFrame {
  const flat: Vec3 = [front[0], front[1], 0];
  const n = norm(flat);
  if (!(n > EPSILON) || !Number.isFinite(n)) {
    throw new InputError(
      field,
      `(${
        front.join(", ")
      }) has no horizontal direction, so left/right and front/behind are undefined`,
    );
  }
  const forward: Vec3 = [flat[0] / n, flat[1] / n, 0];
  return { origin, forward, right: cross(forward, UP), up: UP };
}

/** The observer standing at `position` and facing toward `target`. */
export function facingFrame(position: Vec3, target: Vec3, field = "facing"): EgoFrame {
  return observerFrame(position, sub(target, position), field);
}

/** A direction in the observer's axes: [right, forward, up] components. */
export function toLocalDirection(frame: EgoFrame, v: Vec3): Vec3 {
  return [dot(v, frame.right), dot(v, frame.forward), dot(v, frame.up)];
}

/** A point in the observer's axes, relative to where the observer stands. */
export function toLocalPoint(frame: EgoFrame, p: Vec3): Vec3 {
  return toLocalDirection(frame, sub(p, frame.origin));
}

/** The observer's left: −right. */
export function leftOf(frame: EgoFrame): Vec3 {
  return [-frame.right[0], -frame.right[1], -frame.right[2]];
}

/** Horizontal bearing of a local point in degrees: 0 straight ahead, +90 right, ±180 behind. */
export function bearingDegrees(local: Vec3): number {
  return Math.atan2(local[0], local[1]) * 180 / Math.PI;
}
