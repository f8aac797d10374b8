/**
 * The floor in a metric depth map: pixels of the lower half back-projected to the camera's own
 * axes, a RANSAC plane whose normal is within {@link MAX_TILT_DEG} of the camera's up axis and
 * that lies below the camera, refined by least squares over its inliers. Its normal gives the
 * pitch (and its distance the camera height) as evidence for models/ground_plane.ts.
 *
 * @module
 */
import type { Camera } from "../core/intrinsics.ts";
import { backProject } from "../core/pinhole.ts";
import type { HeightEvidence, PitchEvidence } from "./ground_plane.ts";

/** Planes tilted more than this from the camera's up axis are not taken for the floor. */
export const MAX_TILT_DEG = 40;
/** At least this part of the sampled lower-half pixels must lie on the floor. */
const MIN_INLIER_FRACTION = 0.15;
/** Inlier distance: metres, plus this part of the point's depth (sensor noise grows with range). */
const INLIER_M = 0.03, INLIER_REL = 0.01;
const SAMPLES = 3000, ITERATIONS = 300;
/** Pitch and height uncertainty reported for a fitted floor (one sigma). */
const FLOOR_SIGMA = { deg: 1, log: 0.03 } as const;

/** A depth map as the fit needs it. */
export interface DepthGrid {
  width: number;
  height: number;
  /** Row-major metres along the optical axis, 0 = no measurement. */
  data: Float32Array;
}

type P = [number, number, number];

/** Deterministic pseudo-random numbers (mulberry32), so a fit is reproducible. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plane z = a·x + b·y + c by least squares (points in our camera-body axes, z up). */
function fitPlane(pts: P[]): [number, number, number] | undefined {
  // normal equations for [a, b, c]
  const m = [[0, 0, 0], [0, 0, 0], [0, 0, 0]], r = [0, 0, 0];
  for (const [x, y, z] of pts) {
    const row = [x, y, 1];
    for (let i = 0; i < 3; i++) {
      r[i] += row[i] * z;
      for (let j = 0; j < 3; j++) m[i][j] += row[i] * row[j];
    }
  }
  const det = (q: number[][]) =>
    q[0][0] * (q[1][1] * q[2][2] - q[1][2] * q[2][1]) -
    q[0][1] * (q[1][0] * q[2][2] - q[1][2] * q[2][0]) +
    q[0][2] * (q[1][0] * q[2][1] - q[1][1] * q[2][0]);
  const d = det(m);
  if (Math.abs(d) < 1e-12) return undefined;
  const col = (k: number) => m.map((row, i) => row.map((v, j) => (j === k ? r[i] : v)));
  return [det(col(0)) / d, det(col(1)) / d, det(col(2)) / d];
}

/**
 * Pitch and camera height from the floor seen in a metric depth map, or undefined when no
 * floor-like plane holds enough of the lower half of the image.
 */
export function floorFromDepth(
  map: DepthGrid,
  camera: Camera,
): { pitch: PitchEvidence; height: HeightEvidence; inliers: number } | undefined {
  const pts: P[] = [];
  const v0 = Math.max(0, Math.floor(map.height / 2));
  const step = Math.max(1, Math.floor(Math.sqrt((map.width * (map.height - v0)) / SAMPLES)));
  for (let v = v0; v < map.height; v += step) {
    for (let u = 0; u < map.width; u += step) {
      const d = map.data[v * map.width + u];
      if (d > 0 && Number.isFinite(d)) pts.push(backProject(camera, u, v, d));
    }
  }
  if (pts.length < 50) return undefined;
  const rand = rng(1);
  const cosMax = Math.cos(MAX_TILT_DEG * Math.PI / 180);
  let best: P[] = [];
  for (let it = 0; it < ITERATIONS; it++) {
    const [p, q, s] = [0, 1, 2].map(() => pts[Math.floor(rand() * pts.length)]);
    const e1 = [q[0] - p[0], q[1] - p[1], q[2] - p[2]];
    const e2 = [s[0] - p[0], s[1] - p[1], s[2] - p[2]];
    let n = [
      e1[1] * e2[2] - e1[2] * e2[1],
      e1[2] * e2[0] - e1[0] * e2[2],
      e1[0] * e2[1] - e1[1] * e2[0],
    ];
    const len = Math.hypot(...n);
    if (!(len > 1e-9)) continue;
    n = n.map((x) => x / len);
    if (n[2] < 0) n = n.map((x) => -x);
    if (n[2] < cosMax) continue;
    const off = -(n[0] * p[0] + n[1] * p[1] + n[2] * p[2]); // n·x + off = 0
    if (!(off > 0)) continue; // the camera (origin) must be above the plane
    const inl = pts.filter((x) =>
      Math.abs(n[0] * x[0] + n[1] * x[1] + n[2] * x[2] + off) < INLIER_M + INLIER_REL * x[1]
    );
    if (inl.length > best.length) best = inl;
  }
  if (best.length < Math.max(50, MIN_INLIER_FRACTION * pts.length)) return undefined;
  // refine: least squares over the inliers, then again over the refined plane's inliers
  let plane = fitPlane(best);
  for (let k = 0; k < 3 && plane; k++) {
    const [a0, b0, c0] = plane;
    const scale = Math.hypot(a0, b0, 1);
    const inl = pts.filter((x) =>
      Math.abs(x[2] - a0 * x[0] - b0 * x[1] - c0) / scale < (INLIER_M + INLIER_REL * x[1]) / 2
    );
    if (inl.length < 50) break;
    plane = fitPlane(inl);
  }
  if (!plane) return undefined;
  const [a, b, c] = plane;
  // normal (−a, −b, 1): the world's up in the camera's axes is (0, sin θ, cos θ) for pitch θ
  const pitchDeg = Math.atan2(-b, 1) * 180 / Math.PI;
  const height = -c / Math.hypot(a, b, 1);
  if (!(height > 0)) return undefined;
  return {
    pitch: { deg: pitchDeg, sigmaDeg: FLOOR_SIGMA.deg, source: "rgbd floor" },
    height: { metres: height, logSigma: FLOOR_SIGMA.log, source: "rgbd floor" },
    inliers: best.length,
  };
}
