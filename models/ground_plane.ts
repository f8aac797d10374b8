/**
 * Camera height and pitch from the objects that stand on the ground (Hoiem, Efros & Hebert,
 * "Putting Objects in Perspective", CVPR 2006). For a camera at height H above a flat ground,
 * pitched by θ, an object whose box bottom (ground contact) is at row v_b and top at row v_t has
 * horizontal distance D = H / tan(φ_b) and height h = H − D·tan(φ_t), where φ is a row's angle
 * below the horizontal: φ(v) = atan((v − c_y) / f_y) − θ. Every ground-standing object with both
 * edges visible thus predicts its own height from (H, θ); the pose that makes those heights most
 * probable under the class size priors (log-normal, with spread), times weak priors on H and θ,
 * is the estimate. The posterior is evaluated on a grid, so it is global and robust: each object's
 * term is a mixture of the size prior and a flat outlier floor, and a few objects with wrong
 * priors (a foal, a sitting person) cannot pull the pose far. No ground is flat far out: each
 * object's spread is widened by the ground's unevenness under it ({@link GROUND_UNEVENNESS}),
 * evaluated at a first fit's pitch and held fixed for the final one. The grid's posterior spread
 * is the reported uncertainty. With fewer than two usable objects the priors are returned unchanged.
 *
 * Pitch from other evidence (an RGB-D floor, an Objectron box's up axis) enters as
 * {@link GroundOptions.pitch}: it replaces the weak pitch prior, and H is fitted given it.
 *
 * @module
 */
import type { Camera } from "../core/intrinsics.ts";
import type { Box } from "./boxes.ts";
import { SIZE_PRIORS } from "./size_prior.ts";

/** Classes that stand on the ground: their box bottom is a ground contact. */
export const GROUND_CLASSES: ReadonlySet<string> = new Set([
  "person",
  "bicycle",
  "car",
  "motorcycle",
  "bus",
  "train",
  "truck",
  "fire hydrant",
  "parking meter",
  "bench",
  "cat",
  "dog",
  "horse",
  "sheep",
  "cow",
  "elephant",
  "bear",
  "zebra",
  "giraffe",
  "chair",
  "couch",
  "bed",
  "dining table",
  "toilet",
  "refrigerator",
  "oven",
]);

/**
 * Prior on the camera height: log-normal around eye level (a hand-held photo; KITTI's car
 * camera is at 1.65 m), one-sigma factor e^0.5 ≈ ×1.65 (covers 0.6–4.3 m at 2 σ: seated to
 * first floor).
 */
export const CAMERA_HEIGHT_PRIOR = { metres: 1.6, logSigma: 0.5 } as const;

/** Prior on the pitch: level, one sigma 10° (hand-held photos are rarely tilted more). */
export const PITCH_PRIOR = { deg: 0, sigmaDeg: 10 } as const;

/** Relative one-sigma error of a detector's box edge (of the box height), plus one pixel. */
export const EDGE_NOISE = 0.03;

/**
 * One sigma of the ground's height under an object, relative to the camera's own ground plane,
 * per metre of distance: no ground is flat far out — roads have a 1.5–2.5 % camber and change
 * grade by a few percent along vertical curves, terrain more — so a contact D metres away is
 * taken to lie within ±1 % of D of the plane (10 cm at 10 m: nothing indoors; 60 cm at 60 m).
 * In log camera height that is {@link GROUND_UNEVENNESS} / tan(angle of the contact below the
 * horizon), so far objects near the horizon weigh less in the fit and their ground cue is wider.
 */
export const GROUND_UNEVENNESS = 0.01;

/** Weight of the flat outlier floor in each object's term (robustness to wrong priors). */
const OUTLIER_WEIGHT = 0.05;

/**
 * The grid: camera heights (log-spaced), and pitches within ±pitchMaxDeg of the prior's or the
 * evidence's pitch (a chair seen from above can measure −60°; wider for weak evidence), never
 * past ±pitchLimitDeg.
 */
const GRID = {
  hMin: 0.25,
  hMax: 40,
  hSteps: 80,
  pitchMaxDeg: 30,
  pitchLimitDeg: 85,
  pitchStepDeg: 0.5,
} as const;

/** One object seen in the image, for the fit. */
export interface GroundObject {
  /** COCO label. */
  label: string;
  /** [x1, y1, x2, y2], pixels. */
  box: Box;
  /** Whether the top and bottom edges are the object's own (not cut by the border or hidden). */
  topVisible: boolean;
  /** Whether the bottom edge is the object's ground contact (visible, not cut, not hidden). */
  bottomVisible: boolean;
}

/** Pitch from other evidence, in degrees (positive = looking up). */
export interface PitchEvidence {
  /** Pitch, degrees. */
  deg: number;
  /** One sigma, degrees. */
  sigmaDeg: number;
  /** Where it came from, e.g. `rgbd floor`, `objectron chair_1`. */
  source: string;
}

/** Camera height from other evidence (an RGB-D floor). */
export interface HeightEvidence {
  /** Metres above the ground. */
  metres: number;
  /** One sigma of log(metres). */
  logSigma: number;
  /** Where it came from. */
  source: string;
}

/** Options of {@link estimateGroundPlane}. */
export interface GroundOptions {
  /** Pitch measured by other means (RGB-D floor; an Objectron box's up axis); replaces the prior. */
  pitch?: PitchEvidence;
  /** Camera height measured by other means; replaces the height prior. */
  height?: HeightEvidence;
}

/** The estimated camera pose relative to the ground. */
export interface GroundPlane {
  /** Camera height above the ground, metres. */
  cameraHeight: number;
  /** One sigma of log(cameraHeight) (relative spread). */
  cameraHeightLogSigma: number;
  /** Pitch, degrees; positive = looking up. */
  pitchDeg: number;
  /** One sigma, degrees. */
  pitchSigmaDeg: number;
  /**
   * Covariance of log(cameraHeight) and pitch (degrees) over the posterior: negative when a
   * higher camera and a higher horizon explain the objects about equally well (distances from
   * the ground contact then change less than either spread alone suggests). 0 (or absent) for
   * the priors.
   */
  heightPitchCov?: number;
  /** Image row of the horizon, pixels (c_y + f_y·tan θ). */
  horizonRow: number;
  /** `objects` (fitted), `prior` (too few objects), or `objects+<pitch source>`. */
  source: string;
  /** How many objects entered the fit. */
  objectsUsed: number;
  /** One sentence for the trace. */
  note: string;
}

const RAD = Math.PI / 180;

/** Angle of image row v below the horizontal, radians, for pitch θ (radians). */
export function rowAngle(camera: Camera, v: number, pitchRad: number): number {
  return Math.atan((v - camera.cy) / camera.fy) - pitchRad;
}

/** Horizon row for pitch θ (degrees). */
export function horizonRow(camera: Camera, pitchDeg: number): number {
  return camera.cy + camera.fy * Math.tan(pitchDeg * RAD);
}

/**
 * Horizontal distance to the ground point seen at row v from a camera at height H and pitch θ,
 * or undefined when the row is at or above the horizon.
 */
export function groundDistance(
  camera: Camera,
  v: number,
  height: number,
  pitchDeg: number,
): number | undefined {
  const phi = rowAngle(camera, v, pitchDeg * RAD);
  return phi > 1e-4 ? height / Math.tan(phi) : undefined;
}

/**
 * −2 log of the robust size likelihood: Gaussian in log-height (r sigmas off), floored by the
 * outliers' weight; r = NaN (contact above the horizon: the pose contradicts the object
 * outright) costs the floor alone.
 */
function objectCost(r: number): number {
  const inlier = Number.isNaN(r) ? 0 : Math.exp(-r * r / 2);
  return -2 * Math.log(inlier + OUTLIER_WEIGHT);
}

interface Usable {
  tanB: number;
  tanT: number;
  logH: number;
  sigma: number;
}

function usable(objects: GroundObject[], camera: Camera): Usable[] {
  const out: Usable[] = [];
  for (const o of objects) {
    const p = SIZE_PRIORS[o.label];
    if (!p || !GROUND_CLASSES.has(o.label) || !o.topVisible || !o.bottomVisible) continue;
    const bh = o.box[3] - o.box[1];
    if (!(bh > 2)) continue;
    // pixel noise of the two edges in log-height, added to the class spread
    const edge = (EDGE_NOISE * bh + 1) * Math.SQRT2 / bh;
    out.push({
      tanB: (o.box[3] - camera.cy) / camera.fy,
      tanT: (o.box[1] - camera.cy) / camera.fy,
      logH: Math.log(p.h),
      sigma: Math.hypot(p.sh, edge),
    });
  }
  return out;
}

/** Tangent of the angle below the horizontal of a ray at tangent t (camera axes), pitch tan tp. */
function belowHorizontal(t: number, tp: number): number {
  return (t - tp) / (1 + t * tp);
}

/**
 * Per object, log(h / H) at pitch θ (radians): with t = tan of each edge's angle below the
 * horizontal, h = H·(1 − t_top / t_bottom); NaN where the bottom is not below the horizon or the
 * top is below the ground. Independent of H, so the grid computes it once per pitch.
 */
function relativeHeights(objs: Usable[], pitchRad: number): number[] {
  const tp = Math.tan(pitchRad);
  return objs.map((o) => {
    const tb = belowHorizontal(o.tanB, tp);
    if (!(tb > 1e-4)) return NaN;
    const ratio = 1 - belowHorizontal(o.tanT, tp) / tb;
    return ratio > 0 ? Math.log(ratio) : NaN;
  });
}

/**
 * The objects with their spread widened by the ground's unevenness under them
 * ({@link GROUND_UNEVENNESS} / tan of the contact's angle below the horizon), evaluated at one
 * pitch — a first fit's — and then held fixed: a spread that moved with the pose would pull the
 * horizon toward poses that excuse the objects (up), biasing the height.
 */
function widened(objs: Usable[], pitchDeg: number): Usable[] {
  const tp = Math.tan(pitchDeg * RAD);
  return objs.map((o) => {
    const tb = belowHorizontal(o.tanB, tp);
    const uneven = tb > 1e-4 ? GROUND_UNEVENNESS / tb : 1;
    return { ...o, sigma: Math.hypot(o.sigma, Math.min(uneven, 1)) };
  });
}

/** Cost (−2 log posterior, up to a constant) of log camera height and pitch (degrees). */
function cost(
  objs: Usable[],
  rel: number[],
  logCam: number,
  pitchDeg: number,
  pitchPrior: PitchEvidence,
  heightPrior: HeightEvidence,
): number {
  let c = ((logCam - Math.log(heightPrior.metres)) / heightPrior.logSigma) ** 2 +
    ((pitchDeg - pitchPrior.deg) / pitchPrior.sigmaDeg) ** 2;
  for (let i = 0; i < objs.length; i++) {
    c += objectCost((logCam + rel[i] - objs[i].logH) / objs[i].sigma);
  }
  return c;
}

/** {@link cost} at any (log height, pitch). */
function costAt(
  objs: Usable[],
  logCam: number,
  pitchDeg: number,
  pitchPrior: PitchEvidence,
  heightPrior: HeightEvidence,
): number {
  return cost(
    objs,
    relativeHeights(objs, pitchDeg * RAD),
    logCam,
    pitchDeg,
    pitchPrior,
    heightPrior,
  );
}

/** The grid searched: log camera heights and pitches (degrees). */
interface SearchRange {
  lo: number;
  dLog: number;
  pitches: number[];
  pStep: number;
}

function searchRange(pitchPrior: PitchEvidence, heightPrior: HeightEvidence): SearchRange {
  const lo = Math.log(Math.min(GRID.hMin, heightPrior.metres / 2));
  const hi = Math.log(Math.max(GRID.hMax, heightPrior.metres * 2));
  const dLog = (hi - lo) / (GRID.hSteps - 1);
  const pitches: number[] = [];
  // ±5 sigma around the prior or evidence, at most ±pitchMaxDeg (or ±3 sigma of weak evidence),
  // never past straight down/up
  const s = pitchPrior.sigmaDeg;
  const halfWidth = Math.min(5 * s, Math.max(GRID.pitchMaxDeg, 3 * s));
  const pMin = Math.max(-GRID.pitchLimitDeg, pitchPrior.deg - halfWidth);
  const pMax = Math.min(GRID.pitchLimitDeg, pitchPrior.deg + halfWidth);
  const pStep = Math.min(GRID.pitchStepDeg, Math.max(pitchPrior.sigmaDeg / 4, 0.01));
  for (let p = pMin; p <= pMax + 1e-9; p += pStep) pitches.push(p);
  return { lo, dLog, pitches, pStep };
}

/**
 * The posterior over the grid: its spread (the reported uncertainty) and its best cell, refined
 * by a local search.
 */
function fit(
  objs: Usable[],
  { lo, dLog, pitches, pStep }: SearchRange,
  pitchPrior: PitchEvidence,
  heightPrior: HeightEvidence,
): { l: number; p: number; sigmaL: number; sigmaP: number; cov: number } {
  const cells: { l: number; p: number; c: number }[] = [];
  let best = { l: 0, p: 0, c: Infinity };
  for (const p of pitches) {
    const rel = relativeHeights(objs, p * RAD);
    for (let i = 0; i < GRID.hSteps; i++) {
      const l = lo + i * dLog;
      const c = cost(objs, rel, l, p, pitchPrior, heightPrior);
      cells.push({ l, p, c });
      if (c < best.c) best = { l, p, c };
    }
  }
  let wSum = 0, mL = 0, mP = 0;
  for (const x of cells) {
    const w = Math.exp(-(x.c - best.c) / 2);
    wSum += w;
    mL += w * x.l;
    mP += w * x.p;
  }
  mL /= wSum;
  mP /= wSum;
  let vL = 0, vP = 0, cLP = 0;
  for (const x of cells) {
    const w = Math.exp(-(x.c - best.c) / 2) / wSum;
    vL += w * (x.l - mL) ** 2;
    vP += w * (x.p - mP) ** 2;
    cLP += w * (x.l - mL) * (x.p - mP);
  }
  // fine local search around the best cell (coordinate descent with shrinking steps)
  let l = best.l, p = best.p, c = best.c;
  for (let sl = dLog, sp = pStep; sl > 1e-5; sl /= 2, sp /= 2) {
    for (let moved = true; moved;) {
      moved = false;
      for (const [dl, dp] of [[sl, 0], [-sl, 0], [0, sp], [0, -sp]]) {
        const cc = costAt(objs, l + dl, p + dp, pitchPrior, heightPrior);
        if (cc < c) [l, p, c, moved] = [l + dl, p + dp, cc, true];
      }
    }
  }
  const sigmaL = Math.max(Math.sqrt(vL), dLog / 2);
  const sigmaP = Math.max(Math.sqrt(vP), pStep / 2);
  // the floors above only widen the variances; the correlation is the grid's own
  const rho = vL > 0 && vP > 0 ? cLP / Math.sqrt(vL * vP) : 0;
  return { l, p, sigmaL, sigmaP, cov: rho * sigmaL * sigmaP };
}

/**
 * Camera height and pitch from the ground-standing objects (see the module doc). Objects with a
 * hidden or cut edge, or of a class that does not stand on the ground, are left out.
 */
export function estimateGroundPlane(
  objects: GroundObject[],
  camera: Camera,
  options: GroundOptions = {},
): GroundPlane {
  const pitchPrior: PitchEvidence = options.pitch ??
    { deg: PITCH_PRIOR.deg, sigmaDeg: PITCH_PRIOR.sigmaDeg, source: "prior" };
  const heightPrior: HeightEvidence = options.height ?? { ...CAMERA_HEIGHT_PRIOR, source: "prior" };
  const evidence = [...new Set([options.pitch?.source, options.height?.source])]
    .filter((x) => x).join("+");
  const objs = usable(objects, camera);
  if (objs.length < 2) {
    const why = objs.length === 0
      ? "no ground-standing object with both edges visible"
      : "only one ground-standing object with both edges visible";
    return {
      cameraHeight: heightPrior.metres,
      cameraHeightLogSigma: heightPrior.logSigma,
      pitchDeg: pitchPrior.deg,
      pitchSigmaDeg: pitchPrior.sigmaDeg,
      heightPitchCov: 0,
      horizonRow: horizonRow(camera, pitchPrior.deg),
      source: evidence ? `prior+${evidence}` : "prior",
      objectsUsed: objs.length,
      note: `${why}: camera height ${
        options.height
          ? `from ${options.height.source}`
          : `from the prior (${CAMERA_HEIGHT_PRIOR.metres} m)`
      }, pitch ${options.pitch ? `from ${options.pitch.source}` : "assumed level"}`,
    };
  }
  const range = searchRange(pitchPrior, heightPrior);
  const first = fit(objs, range, pitchPrior, heightPrior);
  const { l, p, sigmaL, sigmaP, cov } = fit(
    widened(objs, first.p),
    range,
    pitchPrior,
    heightPrior,
  );
  const H = Math.exp(l);
  const source = evidence ? `objects+${evidence}` : "objects";
  return {
    cameraHeight: H,
    cameraHeightLogSigma: sigmaL,
    pitchDeg: p,
    pitchSigmaDeg: sigmaP,
    heightPitchCov: cov,
    horizonRow: horizonRow(camera, p),
    source,
    objectsUsed: objs.length,
    note: `fitted to ${objs.length} ground-standing objects: camera ${H.toFixed(2)} m ` +
      `(±${(sigmaL * 100).toFixed(0)} %) above the ground, pitch ${p.toFixed(1)}° ` +
      `(±${sigmaP.toFixed(1)}°)${evidence ? ` with evidence from ${evidence}` : ""}`,
  };
}
