/**
 * The `size-prior` depth backend: an object's distance from its 2D box, the focal length and a
 * table of typical metric sizes per COCO class. Height and apparent width each give a log-depth
 * estimate whose spread is the class's size spread; a side whose box edge touches the image
 * border (a truncated object) is left out, and the rest are combined by inverse variance, so the
 * dimension least affected by pose (height for vehicles, which look 1.8–4.5 m wide depending on
 * yaw) dominates. Sources of the table: docs/perception.md.
 *
 * @module
 */
import type { Intrinsics } from "../core/intrinsics.ts";
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
 * both, since the yaw is unknown. See docs/perception.md for the sources.
 */
// deno-fmt-ignore
export const SIZE_PRIORS: Readonly<Record<string, SizePrior>> = {
  person: { h: 1.7, w: 0.6, sh: 0.12, sw: 0.45 },
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
  horse: { h: 1.6, w: 1.8, sh: 0.12, sw: 0.45 },
  sheep: { h: 0.9, w: 1.0, sh: 0.15, sw: 0.4 },
  cow: { h: 1.4, w: 1.7, sh: 0.12, sw: 0.45 },
  elephant: { h: 3, w: 4, sh: 0.2, sw: 0.45 },
  bear: { h: 1.2, w: 1.5, sh: 0.3, sw: 0.45 },
  zebra: { h: 1.4, w: 1.6, sh: 0.12, sw: 0.45 },
  giraffe: { h: 5, w: 2.5, sh: 0.15, sw: 0.5 },
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

/** One depth estimate with how it was obtained. */
export interface SizePriorDepth {
  /** Metres along the camera's forward axis. */
  value: number;
  /** One sigma, metres. */
  uncertainty: number;
  /** Which box sides were used, e.g. `height`, `height+width`, `width (height truncated)`. */
  used: string;
}

/**
 * Distance of an object of class `label` with 2D box `box` in an image of the given size.
 * Returns undefined for a label with no prior.
 */
export function sizePriorDepth(
  label: string,
  box: Box,
  camera: Intrinsics,
  image: { width: number; height: number },
): SizePriorDepth | undefined {
  const prior = SIZE_PRIORS[label];
  if (!prior) return undefined;
  const bw = Math.max(1, box[2] - box[0]);
  const bh = Math.max(1, box[3] - box[1]);
  const cutX = box[0] <= BORDER_PX || box[2] >= image.width - BORDER_PX;
  const cutY = box[1] <= BORDER_PX || box[3] >= image.height - BORDER_PX;
  // log-depth estimates with their variances (log-normal spread ≈ relative spread)
  const sides: { name: string; logD: number; var: number; cut: boolean }[] = [
    { name: "height", logD: Math.log(camera.fy * prior.h / bh), var: prior.sh ** 2, cut: cutY },
    { name: "width", logD: Math.log(camera.fx * prior.w / bw), var: prior.sw ** 2, cut: cutX },
  ];
  let usable = sides.filter((s) => !s.cut);
  let note = "";
  if (usable.length === 0) {
    // Both cut: the visible extent is smaller than the object, so the depth is too far.
    // Take the side with the smaller prior spread and double its spread.
    usable = [[...sides].sort((a, b) => a.var - b.var)[0]];
    usable[0] = { ...usable[0], var: usable[0].var * 4 };
    note = " (object cut by the image border: upper bound)";
  } else if (usable.length === 1) {
    note = ` (${sides.find((s) => s.cut)!.name} cut by the image border)`;
  }
  const wsum = usable.reduce((s, x) => s + 1 / x.var, 0);
  const logD = usable.reduce((s, x) => s + x.logD / x.var, 0) / wsum;
  let variance = 1 / wsum;
  if (camera.source === "assumed_fov") variance += ASSUMED_FOV_SPREAD ** 2;
  const value = Math.exp(logD);
  return {
    value,
    uncertainty: value * Math.sqrt(variance),
    used: usable.map((s) => s.name).join("+") + note,
  };
}
