/**
 * Depth of every detected object without a depth model: two cues per object, combined by
 * inverse variance in log-depth, then ordered by occlusion.
 *  - **ground contact**: the box bottom's row, the horizon and the camera height
 *    (models/ground_plane.ts) give the horizontal distance of the contact point; only for
 *    ground-standing classes whose bottom edge is their own;
 *  - **class size**: box height and width against the class's typical size (models/size_prior.ts),
 *    each side only when both its edges are the object's own.
 * An edge is not the object's own when it touches the image border or lies inside an
 * overlapping box that is in front (its bottom is lower in the image; both stand on the ground).
 * Both cues locate the object's nearest face; half the class's typical depth extent is added so
 * the depth is that of the centre. The depth is along the camera's optical axis (what
 * back_project takes); occlusion order is then enforced: a hidden object is never nearer than
 * the object hiding it (violating pairs are pooled and their uncertainty widened).
 *
 * @module
 */
import { gravityAlign } from "../core/frame.ts";
import type { Intrinsics } from "../core/intrinsics.ts";
import type { Box } from "./boxes.ts";
import {
  EDGE_NOISE,
  estimateGroundPlane,
  GROUND_CLASSES,
  GROUND_UNEVENNESS,
  groundDistance,
  type GroundOptions,
  type GroundPlane,
  rowAngle,
} from "./ground_plane.ts";

const RAD = Math.PI / 180;
import {
  ASSUMED_FOV_SPREAD,
  borderEdges,
  halfDepthExtent,
  type HiddenEdges,
  sizeCue,
} from "./size_prior.ts";

/** An object to place: id, COCO label (or undefined when it has none) and box. */
export interface DepthInput {
  id: string;
  label: string | undefined;
  box: Box;
}

/** One cue's estimate for one object. */
export interface Cue {
  /** Depth along the optical axis, metres. */
  value: number;
  /** One sigma, metres. */
  uncertainty: number;
  /** How it was obtained. */
  detail: string;
}

/** Which edges are not the object's own, and why. */
export interface Visibility {
  /** Edges cut by the image border. */
  border: HiddenEdges;
  /** Edges hidden behind another box. */
  occluded: HiddenEdges;
  /** Ids of the boxes in front of this one. */
  behind: string[];
}

/** The combined estimate for one object. */
export interface ObjectDepth {
  id: string;
  /** Combined depth along the optical axis, metres. */
  value: number;
  /** One sigma, metres. */
  uncertainty: number;
  /** The ground-contact cue, when usable. */
  ground?: Cue;
  /** The class-size cue, when the class has a prior. */
  size?: Cue;
  /** Visibility of the box edges. */
  visibility: Visibility;
  /** True when the only cue is an upper bound (the object is cut or hidden on both axes). */
  upperBound?: boolean;
  /** Sentences for the trace: lost cues, occlusion, ordering. */
  notes: string[];
}

/** Two boxes overlap for occlusion when the intersection is at least this part of the smaller. */
const OCCLUSION_OVERLAP = 0.1;
/** An edge counts as hidden when at least this part of it lies inside the box in front. */
const EDGE_COVERED = 0.5;
/** The ground cue is dropped when its log-depth sigma exceeds this (contact near the horizon). */
const MAX_GROUND_LOG_SIGMA = 0.6;

function overlap1d(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/**
 * For each pair of overlapping boxes of ground-standing classes, the one whose bottom is lower in
 * the image is in front; the other's edges that lie inside it (over at least half their length)
 * are hidden. Returns each object's visibility (border cuts included).
 */
export function visibility(
  objects: DepthInput[],
  image: { width: number; height: number },
): Map<string, Visibility> {
  const out = new Map<string, Visibility>();
  for (const o of objects) {
    out.set(o.id, { border: borderEdges(o.box, image), occluded: {}, behind: [] });
  }
  const ground = objects.filter((o) => o.label && GROUND_CLASSES.has(o.label));
  for (const a of ground) {
    for (const b of ground) {
      if (a === b || a.box[3] <= b.box[3]) continue; // a in front of b: a's bottom is lower
      const [ax0, ay0, ax1, ay1] = a.box, [bx0, by0, bx1, by1] = b.box;
      const ox = overlap1d(ax0, ax1, bx0, bx1), oy = overlap1d(ay0, ay1, by0, by1);
      const smaller = Math.min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0));
      if (!(ox * oy >= OCCLUSION_OVERLAP * smaller && smaller > 0)) continue;
      const v = out.get(b.id)!;
      v.behind.push(a.id);
      const coveredX = ox >= EDGE_COVERED * (bx1 - bx0);
      const coveredY = oy >= EDGE_COVERED * (by1 - by0);
      const inside = (x: number, lo: number, hi: number) => x > lo && x < hi;
      if (coveredX && inside(by1, ay0, ay1)) v.occluded.bottom = true;
      if (coveredX && inside(by0, ay0, ay1)) v.occluded.top = true;
      if (coveredY && inside(bx0, ax0, ax1)) v.occluded.left = true;
      if (coveredY && inside(bx1, ax0, ax1)) v.occluded.right = true;
    }
  }
  return out;
}

function hiddenOf(v: Visibility): HiddenEdges {
  const h: HiddenEdges = {};
  for (const k of ["top", "bottom", "left", "right"] as const) {
    if (v.border[k] || v.occluded[k]) h[k] = true;
  }
  return h;
}

/**
 * Optical-axis depth of the point on the ray through pixel (u, v) whose horizontal forward
 * distance is `forward`, for a camera pitched by pitchDeg.
 */
export function opticalDepth(
  camera: Intrinsics,
  u: number,
  v: number,
  forward: number,
  pitchDeg: number,
): number {
  const ray = gravityAlign([(u - camera.cx) / camera.fx, 1, -(v - camera.cy) / camera.fy], {
    pitchDeg,
    rollDeg: 0,
  });
  return forward / ray[1];
}

function groundCue(
  o: DepthInput & { label: string },
  camera: Intrinsics,
  g: GroundPlane,
): Cue | string {
  const [x0, y0, x1, y1] = o.box;
  const D = groundDistance(camera, y1, g.cameraHeight, g.pitchDeg);
  const gap = y1 - g.horizonRow;
  if (D === undefined || !(gap > 0)) return "bottom edge at or above the horizon";
  const sigmaV = EDGE_NOISE * (y1 - y0) + 1;
  // log D = log H − log tan φ, φ the contact's angle below the horizontal: the pose's spread
  // enters through d log D / d pitch = 1 / (sin φ cos φ) per radian, with the fit's covariance
  // (a higher camera with a higher horizon moves D less than either alone)
  const phi = rowAngle(camera, y1, g.pitchDeg * RAD);
  const j = RAD / (Math.sin(phi) * Math.cos(phi));
  const pose = Math.max(
    0,
    g.cameraHeightLogSigma ** 2 + (j * g.pitchSigmaDeg) ** 2 + 2 * j * (g.heightPitchCov ?? 0),
  );
  // the ground under a far contact departs from the camera's plane (GROUND_UNEVENNESS · D)
  const uneven = GROUND_UNEVENNESS * D / g.cameraHeight;
  const logVar = pose + (sigmaV / gap) ** 2 + uneven ** 2;
  if (Math.sqrt(logVar) > MAX_GROUND_LOG_SIGMA) {
    return `contact ${gap.toFixed(0)} px below the horizon is too close to it to measure`;
  }
  const forward = D + halfDepthExtent(o.label);
  const value = opticalDepth(camera, (x0 + x1) / 2, (y0 + y1) / 2, forward, g.pitchDeg);
  return {
    value,
    uncertainty: value * Math.sqrt(logVar),
    detail: `ground contact ${gap.toFixed(0)} px below the horizon, camera ${
      g.cameraHeight.toFixed(2)
    } m high`,
  };
}

function edgeList(h: HiddenEdges): string {
  return (["top", "bottom", "left", "right"] as const).filter((k) => h[k]).join(", ");
}

/**
 * Camera pose and every object's depth from its box (see the module doc). `options.pitch`
 * passes pitch evidence to the ground-plane fit.
 */
export function objectDepths(
  objects: DepthInput[],
  camera: Intrinsics,
  image: { width: number; height: number },
  options: GroundOptions = {},
): { ground: GroundPlane; objects: ObjectDepth[] } {
  const vis = visibility(objects, image);
  const ground = estimateGroundPlane(
    objects.filter((o) => o.label).map((o) => {
      const h = hiddenOf(vis.get(o.id)!);
      return { label: o.label!, box: o.box, topVisible: !h.top, bottomVisible: !h.bottom };
    }),
    camera,
    options,
  );
  const fov = camera.source === "assumed_fov" ? ASSUMED_FOV_SPREAD ** 2 : 0;
  const results: ObjectDepth[] = [];
  for (const o of objects) {
    if (!o.label) continue;
    const label = o.label;
    const v = vis.get(o.id)!;
    const notes: string[] = [];
    const cut = edgeList(v.border), hid = edgeList(v.occluded);
    if (cut) notes.push(`${cut} cut by the image border`);
    if (hid) notes.push(`${hid} hidden behind ${v.behind.join(", ")}`);
    else if (v.behind.length) notes.push(`partly behind ${v.behind.join(", ")}`);
    const hidden = hiddenOf(v);
    const cues: { cue: Cue; logVar: number }[] = [];
    let size: Cue | undefined;
    const s = sizeCue(label, o.box, camera, hidden, ground.pitchDeg);
    if (s) {
      const value = Math.exp(s.logDepth);
      size = {
        value,
        uncertainty: value * Math.sqrt(s.variance),
        detail: `typical ${label} size over box ${s.used}`,
      };
      cues.push({ cue: size, logVar: s.variance });
    }
    let groundC: Cue | undefined;
    if (GROUND_CLASSES.has(label)) {
      if (hidden.bottom) notes.push("ground cue lost: bottom edge not visible");
      else {
        const gc = groundCue({ ...o, label }, camera, ground);
        if (typeof gc === "string") notes.push(`ground cue unused: ${gc}`);
        else {
          groundC = gc;
          cues.push({ cue: gc, logVar: (gc.uncertainty / gc.value) ** 2 });
        }
      }
    }
    if (cues.length === 0) continue;
    const wsum = cues.reduce((a, c) => a + 1 / c.logVar, 0);
    const logD = cues.reduce((a, c) => a + Math.log(c.cue.value) / c.logVar, 0) / wsum;
    const value = Math.exp(logD);
    results.push({
      id: o.id,
      value,
      uncertainty: value * Math.sqrt(1 / wsum + fov),
      ...(groundC ? { ground: groundC } : {}),
      ...(size ? { size } : {}),
      visibility: v,
      ...(s?.upperBound && !groundC ? { upperBound: true } : {}),
      notes,
    });
  }
  boundByOccluders(results, fov);
  enforceOcclusionOrder(results);
  return { ground, objects: results };
}

/**
 * An object known only by an upper bound (cut or hidden on both axes) and hidden behind others
 * lies between the farthest of those (lower bound) and its size cue (upper bound): it gets the
 * log-midpoint of that interval with the spread of a log-uniform distribution over it, widened by
 * the lower bound's own uncertainty.
 */
export function boundByOccluders(results: ObjectDepth[], fovVariance = 0): void {
  const byId = new Map(results.map((r) => [r.id, r]));
  for (const r of results) {
    if (!r.upperBound) continue;
    const fronts = r.visibility.behind.flatMap((id) => byId.get(id) ?? []);
    if (fronts.length === 0) continue;
    const front = fronts.reduce((a, b) => b.value > a.value ? b : a);
    const lower = front.value;
    if (!(r.value > lower)) continue;
    const logWidth = Math.log(r.value / lower);
    const value = Math.sqrt(lower * r.value);
    r.notes.push(
      `only bounded: behind ${fronts.map((f) => f.id).join(", ")} (≥ ${lower.toFixed(2)} m), ` +
        `visible part ≤ ${r.value.toFixed(2)} m; the middle of that range`,
    );
    r.value = value;
    // log-uniform over the range, plus the lower bound's own uncertainty
    const lowerVar = (front.uncertainty / front.value) ** 2;
    r.uncertainty = value * Math.sqrt(logWidth ** 2 / 12 + lowerVar + fovVariance);
  }
}

/**
 * A hidden object is never nearer than the one hiding it: each violating pair is pooled to its
 * inverse-variance mean, and the uncertainty covers both former values. Repeats until consistent.
 */
export function enforceOcclusionOrder(results: ObjectDepth[]): void {
  const byId = new Map(results.map((r) => [r.id, r]));
  for (let pass = 0; pass < 10; pass++) {
    let changed = false;
    for (const back of results) {
      for (const id of back.visibility.behind) {
        const front = byId.get(id);
        if (!front || front.value <= back.value) continue;
        const wf = 1 / front.uncertainty ** 2, wb = 1 / back.uncertainty ** 2;
        const pooled = (front.value * wf + back.value * wb) / (wf + wb);
        const spread = Math.hypot(1 / Math.sqrt(wf + wb), (front.value - back.value) / 2);
        back.notes.push(
          `occlusion order: was ${back.value.toFixed(2)} m, nearer than ${front.id} ` +
            `(${front.value.toFixed(2)} m) which hides it; both set to ${pooled.toFixed(2)} m`,
        );
        for (const r of [front, back]) {
          r.value = pooled;
          r.uncertainty = Math.max(r.uncertainty, spread);
        }
        changed = true;
      }
    }
    if (!changed) return;
  }
}
