/**
 * Three-component vectors and the few operations the geometry needs. Pure functions on tuples.
 *
 * @module
 */

/** A point or direction in 3D, in metres where it is a point. */
export type Vec3 = [number, number, number];

/** Component-wise a + b. */
export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

/** Component-wise a − b. */
export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

/** a scaled by s. */
export function scale(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}

/** Dot product. */
export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** Cross product a × b (right-handed). */
export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** Euclidean length. */
export function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}

/** Distance between two points. */
export function distance(a: Vec3, b: Vec3): number {
  return norm(sub(a, b));
}

/** Vectors shorter than this are treated as zero (no direction). */
export const EPSILON = 1e-9;

/** Unit vector along a; throws a RangeError for a zero (or non-finite) vector. */
export function normalize(a: Vec3): Vec3 {
  const n = norm(a);
  if (!(n > EPSILON) || !Number.isFinite(n)) {
    throw new RangeError(`cannot normalise the zero or non-finite vector (${a.join(", ")})`);
  }
  return scale(a, 1 / n);
}

/** Cosine similarity in [−1, 1]; throws a RangeError when either vector is zero. */
export function cosine(a: Vec3, b: Vec3): number {
  const c = dot(normalize(a), normalize(b));
  return Math.max(-1, Math.min(1, c));
}

/** Angle between two vectors in degrees, in [0, 180]. */
export function angleDegrees(a: Vec3, b: Vec3): number {
  return Math.acos(cosine(a, b)) * 180 / Math.PI;
}

/** True when every component is a finite number. */
export function isFiniteVec(a: readonly number[]): a is Vec3 {
  return a.length === 3 && a.every(Number.isFinite);
}
