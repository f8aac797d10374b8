/**
 * Spatial relations with documented margins. Inside a margin the answer is `ambiguous`, never a
 * coin flip. All inputs are in our frame (docs/CONVENTIONS.md); "b relative to a" throughout.
 *
 * @module
 */
import { angleDegrees, distance, dot, norm, sub, type Vec3 } from "./vec.ts";
import { type EgoFrame, toLocalPoint } from "./egocentric.ts";

/** A yes/no relation that may be undecidable within its margin. */
export type YesNo = "yes" | "no" | "ambiguous";

/**
 * The margins every relation uses; each is documented in docs/CONVENTIONS.md. Lengths are in the
 * scene's units — metres, or a rendered scene's units at everyday-object scale (Super-CLEVR's).
 */
export const MARGINS = {
  /** Metres of sideways offset below which left/right is ambiguous. */
  lateral: 0.1,
  /** Metres of depth offset (along the observer's forward) below which front/behind is ambiguous. */
  depth: 0.1,
  /** Metres of height offset below which above/below and higher/lower are ambiguous. */
  vertical: 0.1,
  /** Two distances closer than max(this many metres, `relative` × their mean) are ambiguous. */
  distanceAbsolute: 0.1,
  /** Relative part of the distance margin. */
  distanceRelative: 0.05,
  /** "Next to": gap ≤ near × contact distance is yes, ≥ far × contact distance is no. */
  nextToNear: 1.5,
  /** See `nextToNear`. */
  nextToFar: 2.5,
  /** Contact distance used for an object whose size is unknown: half-width in metres. */
  defaultHalfWidth: 0.25,
  /** Half-space tests (in front of / on the left of an object): |cosine| below this is ambiguous. */
  halfSpaceCosine: Math.sin(10 * Math.PI / 180),
  /** Facing toward / same direction: angle below this is yes… */
  coneInnerDeg: 35,
  /** …and above this is no; between the two it is ambiguous. */
  coneOuterDeg: 55,
  /** Parallel: angle to the nearest of 0° or 180° below this is yes… */
  parallelInnerDeg: 20,
  /** …above this is no. */
  parallelOuterDeg: 30,
} as const;

/** Three-way split of a signed value: ≥ margin → pos, ≤ −margin → neg, otherwise ambiguous. */
function signed<P extends string, N extends string>(
  value: number,
  margin: number,
  pos: P,
  neg: N,
): P | N | "ambiguous" {
  if (value >= margin) return pos;
  if (value <= -margin) return neg;
  return "ambiguous";
}

/** An angle in degrees against an inner/outer band: below inner yes, above outer no. */
function band(angle: number, inner: number, outer: number): YesNo {
  if (angle <= inner) return "yes";
  if (angle >= outer) return "no";
  return "ambiguous";
}

/** Where b is, left or right of a, as the observer sees it. */
export function leftRight(a: Vec3, b: Vec3, observer: EgoFrame, margin: number = MARGINS.lateral) {
  const dx = toLocalPoint(observer, b)[0] - toLocalPoint(observer, a)[0];
  return signed(dx, margin, "right", "left");
}

/** Whether b is in front of a (nearer the observer along its forward axis) or behind it. */
export function frontBehind(a: Vec3, b: Vec3, observer: EgoFrame, margin: number = MARGINS.depth) {
  const dy = toLocalPoint(observer, b)[1] - toLocalPoint(observer, a)[1];
  return signed(dy, margin, "behind", "in_front");
}

/** Whether b's centre is above or below a's. */
export function aboveBelow(a: Vec3, b: Vec3, margin: number = MARGINS.vertical) {
  return signed(b[2] - a[2], margin, "above", "below");
}

/** Whether b reaches higher than a: compares tops (centre + half height) when heights are known. */
export function higherLower(
  a: Vec3,
  b: Vec3,
  heights: { a?: number; b?: number } = {},
  margin: number = MARGINS.vertical,
) {
  const top = (c: Vec3, h?: number) => c[2] + (h ?? 0) / 2;
  return signed(top(b, heights.b) - top(a, heights.a), margin, "higher", "lower");
}

/** The margin two distances must differ by before one is called closer. */
export function distanceMargin(d1: number, d2: number): number {
  return Math.max(MARGINS.distanceAbsolute, MARGINS.distanceRelative * (d1 + d2) / 2);
}

/**
 * Which of a and b is closer to `to` (the camera by default). `sigma` is the one-sigma
 * uncertainty of the difference of the two distances, when known: a difference inside
 * max(margin, sigma) is ambiguous.
 */
export function closerTo(
  a: Vec3,
  b: Vec3,
  to: Vec3 = [0, 0, 0],
  sigma = 0,
): "a" | "b" | "ambiguous" {
  const da = distance(a, to);
  const db = distance(b, to);
  return signed(da - db, Math.max(distanceMargin(da, db), sigma), "b", "a");
}

/**
 * Whether a and b are next to each other: the horizontal gap between centres against the
 * contact distance (sum of half-widths; unknown sizes count as {@link MARGINS.defaultHalfWidth}).
 */
export function nextTo(a: Vec3, b: Vec3, halfWidths: { a?: number; b?: number } = {}): YesNo {
  const contact = (halfWidths.a ?? MARGINS.defaultHalfWidth) +
    (halfWidths.b ?? MARGINS.defaultHalfWidth);
  const gap = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (gap <= MARGINS.nextToNear * contact) return "yes";
  if (gap >= MARGINS.nextToFar * contact) return "no";
  return "ambiguous";
}

/** Whether the point b lies in the half-space on the side `axis` points to from a. */
export function inHalfSpace(a: Vec3, b: Vec3, axis: Vec3): YesNo {
  const v = sub(b, a);
  const n = norm(v) * norm(axis);
  if (!(n > 0)) return "ambiguous";
  return signed(dot(v, axis) / n, MARGINS.halfSpaceCosine, "yes", "no");
}

/** Whether an object at a with front `front` faces toward b (b within a cone around the front). */
export function facingToward(a: Vec3, front: Vec3, b: Vec3): YesNo {
  return band(angleDegrees(front, sub(b, a)), MARGINS.coneInnerDeg, MARGINS.coneOuterDeg);
}

/** Whether an object at a with front `front` faces away from b. */
export function facingAway(a: Vec3, front: Vec3, b: Vec3): YesNo {
  return band(180 - angleDegrees(front, sub(b, a)), MARGINS.coneInnerDeg, MARGINS.coneOuterDeg);
}

/** Whether two directions point the same way. */
export function sameDirection(u: Vec3, v: Vec3): YesNo {
  return band(angleDegrees(u, v), MARGINS.coneInnerDeg, MARGINS.coneOuterDeg);
}

/** Whether two directions are parallel (same or opposite way). */
export function parallel(u: Vec3, v: Vec3): YesNo {
  const angle = angleDegrees(u, v);
  return band(Math.min(angle, 180 - angle), MARGINS.parallelInnerDeg, MARGINS.parallelOuterDeg);
}
