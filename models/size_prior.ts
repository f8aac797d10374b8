/**
 * The `size-prior` depth backend: an object's distance from its 2D box, the focal length and a
 * table of typical metric sizes per COCO class — the size cue of models/object_depth.ts. Height
 * and apparent width each give a log-depth estimate whose spread is the class's size spread; a
 * side whose box edge is not the object's own (touching the image border, or hidden behind
 * another box) is left out, and the rest are combined by inverse variance, so the dimension least
 * affected by pose (height for vehicles, which look 1.8–4.5 m wide depending on yaw) dominates.
 * Sources of the table: docs/perception.md.
 *
 * @module
 */
import { gravityAlign } from "../core/frame.ts";
import type { Camera } from "../core/intrinsics.ts";
import type { Box } from "./boxes.ts";

/** Typical size of a class: metres, and one-sigma relative spread of each. */
export interface SizePrior {
  /** Typical height, metres. */
  h: number;
  /** Typical apparent width in the image (over the usual range of viewing angles), metres. */
  w: number;
  /** Relative one-sigma spread of the height (0.1 = ±10 %). */
  sh: number;
  /** Relative one-sigma spread of the apparent width. */
  sw: number;
}

/**
 * Typical metric sizes per COCO class (height, apparent width, relative spreads). Width of
 * vehicles and animals is the geometric mean of their width and length, with a spread covering
 * both, since the yaw is unknown. The height spreads of people and animals cover children,
 * sitting people (≈1.3 m, 1.5 σ) and young animals (a foal, a young giraffe). See docs/perception.md for the sources.
 */
// deno-fmt-ignore
export const SIZE_PRIORS: Readonly<Record<string, SizePrior>> = {
  person: { h: 1.7, w: 0.6, sh: 0.18, sw: 0.45 },
  bicycle: { h: 1.05, w: 1.2, sh: 0.12, sw: 0.5 },
  car: { h: 1.5, w: 2.8, sh: 0.12, sw: 0.45 },
  motorcycle: { h: 1.15, w: 1.3, sh: 0.15, sw: 0.5 },
  airplane: { h: 8, w: 30, sh: 0.8, sw: 0.9 },
  bus: { h: 3.1, w: 5, sh: 0.1, sw: 0.6 },
  train: { h: 3.8, w: 10, sh: 0.12, sw: 0.9 },
  truck: { h: 3, w: 4, sh: 0.3, sw: 0.6 },
  boat: { h: 2.5, w: 6, sh: 0.8, sw: 0.9 },
  "traffic light": { h: 0.9, w: 0.35, sh: 0.25, sw: 0.3 },
  "fire hydrant": { h: 0.75, w: 0.4, sh: 0.15, sw: 0.25 },
  "stop sign": { h: 0.75, w: 0.75, sh: 0.15, sw: 0.15 },
  "parking meter": { h: 1.4, w: 0.3, sh: 0.15, sw: 0.3 },
  bench: { h: 0.85, w: 1.5, sh: 0.15, sw: 0.4 },
  bird: { h: 0.25, w: 0.25, sh: 0.6, sw: 0.6 },
  cat: { h: 0.3, w: 0.45, sh: 0.25, sw: 0.4 },
  dog: { h: 0.55, w: 0.7, sh: 0.35, sw: 0.45 },
  horse: { h: 1.6, w: 1.8, sh: 0.18, sw: 0.45 },
  sheep: { h: 0.9, w: 1.0, sh: 0.2, sw: 0.4 },
  cow: { h: 1.4, w: 1.7, sh: 0.18, sw: 0.45 },
  elephant: { h: 3, w: 4, sh: 0.3, sw: 0.45 },
  bear: { h: 1.2, w: 1.5, sh: 0.3, sw: 0.45 },
  zebra: { h: 1.4, w: 1.6, sh: 0.18, sw: 0.45 },
  giraffe: { h: 4.8, w: 2.5, sh: 0.3, sw: 0.5 },
  backpack: { h: 0.45, w: 0.3, sh: 0.25, sw: 0.3 },
  umbrella: { h: 1, w: 1, sh: 0.3, sw: 0.3 },
  handbag: { h: 0.3, w: 0.3, sh: 0.35, sw: 0.35 },
  tie: { h: 0.45, w: 0.08, sh: 0.2, sw: 0.3 },
  suitcase: { h: 0.65, w: 0.45, sh: 0.25, sw: 0.3 },
  frisbee: { h: 0.1, w: 0.27, sh: 0.6, sw: 0.15 },
  skis: { h: 1.7, w: 0.3, sh: 0.5, sw: 0.8 },
  snowboard: { h: 1.5, w: 0.3, sh: 0.5, sw: 0.8 },
  "sports ball": { h: 0.22, w: 0.22, sh: 0.35, sw: 0.35 },
  kite: { h: 1, w: 1, sh: 0.6, sw: 0.6 },
  "baseball bat": { h: 0.85, w: 0.1, sh: 0.5, sw: 0.8 },
  "baseball glove": { h: 0.3, w: 0.25, sh: 0.2, sw: 0.25 },
  skateboard: { h: 0.15, w: 0.8, sh: 0.5, sw: 0.3 },
  surfboard: { h: 2, w: 0.6, sh: 0.5, sw: 0.6 },
  "tennis racket": { h: 0.68, w: 0.27, sh: 0.2, sw: 0.3 },
  bottle: { h: 0.25, w: 0.08, sh: 0.3, sw: 0.3 },
  "wine glass": { h: 0.2, w: 0.08, sh: 0.2, sw: 0.25 },
  cup: { h: 0.1, w: 0.09, sh: 0.25, sw: 0.25 },
  fork: { h: 0.19, w: 0.03, sh: 0.5, sw: 0.8 },
  knife: { h: 0.22, w: 0.03, sh: 0.5, sw: 0.8 },
  spoon: { h: 0.17, w: 0.04, sh: 0.5, sw: 0.8 },
  bowl: { h: 0.08, w: 0.16, sh: 0.35, sw: 0.3 },
  banana: { h: 0.05, w: 0.18, sh: 0.5, sw: 0.4 },
  apple: { h: 0.075, w: 0.075, sh: 0.15, sw: 0.15 },
  sandwich: { h: 0.06, w: 0.12, sh: 0.4, sw: 0.35 },
  orange: { h: 0.075, w: 0.075, sh: 0.15, sw: 0.15 },
  broccoli: { h: 0.15, w: 0.15, sh: 0.4, sw: 0.4 },
  carrot: { h: 0.04, w: 0.17, sh: 0.6, sw: 0.5 },
  "hot dog": { h: 0.05, w: 0.18, sh: 0.4, sw: 0.3 },
  pizza: { h: 0.05, w: 0.3, sh: 0.6, sw: 0.3 },
  donut: { h: 0.04, w: 0.09, sh: 0.4, sw: 0.2 },
  cake: { h: 0.1, w: 0.22, sh: 0.4, sw: 0.35 },
  chair: { h: 0.9, w: 0.5, sh: 0.15, sw: 0.3 },
  couch: { h: 0.85, w: 1.9, sh: 0.15, sw: 0.4 },
  "potted plant": { h: 0.5, w: 0.4, sh: 0.6, sw: 0.6 },
  bed: { h: 0.6, w: 1.8, sh: 0.35, sw: 0.35 },
  "dining table": { h: 0.75, w: 1.3, sh: 0.1, sw: 0.45 },
  toilet: { h: 0.75, w: 0.4, sh: 0.12, sw: 0.25 },
  tv: { h: 0.65, w: 1.1, sh: 0.35, sw: 0.35 },
  laptop: { h: 0.23, w: 0.33, sh: 0.25, sw: 0.2 },
  mouse: { h: 0.04, w: 0.07, sh: 0.3, sw: 0.3 },
  remote: { h: 0.03, w: 0.17, sh: 0.5, sw: 0.5 },
  keyboard: { h: 0.03, w: 0.44, sh: 0.5, sw: 0.2 },
  "cell phone": { h: 0.15, w: 0.075, sh: 0.2, sw: 0.3 },
  microwave: { h: 0.3, w: 0.5, sh: 0.15, sw: 0.2 },
  oven: { h: 0.9, w: 0.6, sh: 0.15, sw: 0.2 },
  toaster: { h: 0.2, w: 0.28, sh: 0.2, sw: 0.25 },
  sink: { h: 0.2, w: 0.55, sh: 0.6, sw: 0.3 },
  refrigerator: { h: 1.75, w: 0.75, sh: 0.12, sw: 0.2 },
  book: { h: 0.23, w: 0.16, sh: 0.3, sw: 0.5 },
  clock: { h: 0.3, w: 0.3, sh: 0.5, sw: 0.5 },
  vase: { h: 0.3, w: 0.15, sh: 0.5, sw: 0.5 },
  scissors: { h: 0.2, w: 0.08, sh: 0.3, sw: 0.5 },
  "teddy bear": { h: 0.35, w: 0.25, sh: 0.6, sw: 0.6 },
  "hair drier": { h: 0.25, w: 0.25, sh: 0.3, sw: 0.3 },
  toothbrush: { h: 0.19, w: 0.02, sh: 0.3, sw: 0.8 },
};

/** Relative one-sigma error of the focal length when it was assumed (60° hfov vs. 50–80°). */
export const ASSUMED_FOV_SPREAD = 0.2;

/** A box edge this close to the image border (pixels) counts as cut off by it. */
const BORDER_PX = 2;

/**
 * A person whose box height is not theirs (legs cut by the border or hidden: a portrait) is
 * measured across the head and shoulders instead of the whole body's apparent width.
 */
export const PERSON_SHOULDERS = { w: 0.5, sw: 0.3 } as const;

/** Which box edges are not the object's own: cut by the image border or hidden by another box. */
export interface HiddenEdges {
  top?: boolean;
  bottom?: boolean;
  left?: boolean;
  right?: boolean;
}

/** The size cue as a log-depth with its variance (without any focal-length spread). */
export interface SizeCue {
  /** log of the optical-axis depth of the object's centre, metres. */
  logDepth: number;
  /** Variance of logDepth. */
  variance: number;
  /** Which box sides were used and why others were not. */
  used: string;
  /** True when both axes were cut or hidden: the visible box is smaller, the depth too far. */
  upperBound: boolean;
}

/** Whether a box edge touches the image border. */
export function borderEdges(box: Box, image: { width: number; height: number }): HiddenEdges {
  return {
    left: box[0] <= BORDER_PX,
    top: box[1] <= BORDER_PX,
    right: box[2] >= image.width - BORDER_PX,
    bottom: box[3] >= image.height - BORDER_PX,
  };
}

/** Half the class's typical depth extent (nearest face → centre), metres; 0 without a prior. */
export function halfDepthExtent(label: string): number {
  return (SIZE_PRIORS[label]?.w ?? 0) / 2;
}

/**
 * The class-size cue for label's box, for a camera pitched by `pitchDeg` (0 = level): the height
 * gives the horizontal distance of an upright object exactly, D = h / (tan φ_b − tan φ_t) with φ
 * each edge row's angle below the horizontal, and the apparent width gives the optical depth
 * f·w / box width; each spread is the class's size spread. Both locate the nearest face; half the
 * class's depth extent is added, and the result is the optical-axis depth of the centre. A side
 * with a hidden edge (cut by the border or behind another box) is left out, and the rest are
 * combined by inverse variance. Undefined for a label with no prior.
 */
export function sizeCue(
  label: string,
  box: Box,
  camera: Camera,
  hidden: HiddenEdges,
  pitchDeg = 0,
): SizeCue | undefined {
  let prior = SIZE_PRIORS[label];
  if (!prior) return undefined;
  const [x0, y0, x1, y1] = box;
  const bw = Math.max(1, x1 - x0);
  const cutX = !!(hidden.left || hidden.right);
  const cutY = !!(hidden.top || hidden.bottom);
  let note = "";
  if (label === "person" && cutY && !cutX) {
    prior = { ...prior, w: PERSON_SHOULDERS.w, sw: PERSON_SHOULDERS.sw };
    note = ", width of head and shoulders";
  }
  const half = halfDepthExtent(label);
  const theta = pitchDeg * Math.PI / 180;
  const below = (v: number) => Math.tan(Math.atan((v - camera.cy) / camera.fy) - theta);
  const ray = gravityAlign(
    [((x0 + x1) / 2 - camera.cx) / camera.fx, 1, -((y0 + y1) / 2 - camera.cy) / camera.fy],
    { pitchDeg, rollDeg: 0 },
  );
  const span = Math.max(below(y1) - below(y0), 1 / camera.fy);
  const sides = [
    {
      name: "height",
      logD: Math.log((prior.h / span + half) / ray[1]),
      var: prior.sh ** 2,
      cut: cutY,
    },
    {
      name: "width",
      logD: Math.log(camera.fx * prior.w / bw + half),
      var: prior.sw ** 2,
      cut: cutX,
    },
  ];
  let use = sides.filter((s) => !s.cut);
  if (use.length === 0) {
    // Both cut: the visible extent is smaller than the object, so the depth is too far.
    // Take the side with the smaller prior spread and double its spread.
    const s = [...sides].sort((a, b) => a.var - b.var)[0];
    use = [{ ...s, var: s.var * 4 }];
    note += " (object cut or hidden on both axes: upper bound)";
  } else if (use.length === 1) {
    note += ` (${sides.find((s) => s.cut)!.name} cut or hidden)`;
  }
  const wsum = use.reduce((s, x) => s + 1 / x.var, 0);
  return {
    logDepth: use.reduce((s, x) => s + x.logD / x.var, 0) / wsum,
    variance: 1 / wsum,
    used: use.map((s) => s.name).join("+") + note,
    upperBound: cutX && cutY,
  };
}
