/**
 * What the web page draws, folded from trace events as they stream: each object's box, label,
 * score, 3D centre, size and front — exactly the numbers the tools output, merged by object id —
 * and which objects the computation steps used. The page draws these numbers; it computes no
 * geometry of its own.
 *
 * @module
 */
import { type FrameUnits, unitSymbol } from "../agent/number_format.ts";
import type { Trace, TraceEvent } from "../agent/trace.ts";

/** One object as drawn. */
export interface ObjectView {
  id: string;
  label?: string;
  /** [x1, y1, x2, y2], image pixels. */
  box?: number[];
  score?: number;
  /** Centre, metres, our frame (+x right, +y forward, +z up). */
  center?: number[];
  /** [width, length, height], metres. */
  size?: number[];
  /** Unit front vector, our frame. */
  front?: number[];
  /** Confidence in the front, [0, 1]; 0 when the orientation is unknown. */
  orientation_confidence?: number;
  /** Azimuth of the front, degrees (0 = facing the camera, 90 = front to its right). */
  azimuth_deg?: number;
  /** Depth along the camera's forward axis, metres, and its one-sigma uncertainty. */
  depth?: number;
  depth_uncertainty?: number;
  /** Distance from the camera to the centre, metres. */
  distance?: number;
}

/** The camera as drawn in the bird's-eye view. */
export interface CameraView {
  fx: number;
  fy: number;
  cx: number;
  cy: number;
  source: string;
  /** Horizontal field of view, degrees (from fx and the image width). */
  hfov_deg?: number;
  /** Camera height above the ground, metres, when the trace estimated the ground plane; the
   * bird's-eye view writes it beside the camera. */
  height_m?: number;
  /** Image row of the horizon, pixels, when the trace estimated the camera's pitch; the photo
   * draws it as a dashed line. */
  horizon_y?: number;
}

/** Everything the page draws for one question. */
export interface SceneView {
  objects: ObjectView[];
  /** Ids of objects named in computation steps after the last perception step: the ones the
   * answer rests on. */
  used: string[];
  /** How lengths are labelled ("Blender units") when they are not metres; metres when absent. */
  units?: string;
}

/** The view's `units` field for lengths in `units`: none for metres. */
export function unitsField(units: FrameUnits = "metres"): { units?: string } {
  return units === "metres" ? {} : { units: unitSymbol(units) };
}

const VECTOR_FIELDS = { box: 4, center: 3, size: 3 } as const;
const NUMBER_FIELDS = [
  "score",
  "orientation_confidence",
  "azimuth_deg",
  "depth",
  "distance",
] as const;

/** Folds events into a {@link SceneView}, one at a time. */
export class ViewBuilder {
  readonly #objects = new Map<string, ObjectView>();
  readonly #used = new Set<string>();
  #units: FrameUnits = "metres";

  /** The lengths' units (from the trace's frame, known when the question starts). */
  setUnits(units: FrameUnits): void {
    this.#units = units;
  }

  /** Takes in one event's numbers. */
  add(event: TraceEvent): void {
    if (event.type !== "perception" && event.type !== "computation") return;
    if (event.ok) this.#merge(event.output);
    // Computations between perception steps belong to perception (the pipeline back-projects
    // every object); the ones after the last perception step are what the answer rests on.
    if (event.type === "perception") this.#used.clear();
    else this.#markUsed(event.input);
  }

  /** The view so far. */
  snapshot(): SceneView {
    return {
      objects: [...this.#objects.values()].map((o) => ({ ...o })),
      used: [...this.#used],
      ...unitsField(this.#units),
    };
  }

  /** Per-object records anywhere in a tool output (`objects: [{id, …}]`, or `{id, …}` itself). */
  #merge(output: unknown): void {
    if (!output || typeof output !== "object") return;
    const rec = output as Record<string, unknown>;
    if (Array.isArray(rec.objects)) { for (const o of rec.objects) this.#mergeObject(o); }
    else this.#mergeObject(rec);
  }

  #mergeObject(raw: unknown): void {
    if (!raw || typeof raw !== "object") return;
    const o = raw as Record<string, unknown>;
    if (typeof o.id !== "string") return;
    const view = this.#objects.get(o.id) ?? { id: o.id };
    if (typeof o.label === "string") view.label = o.label;
    for (const [key, n] of Object.entries(VECTOR_FIELDS)) {
      const v = o[key];
      if (isVec(v, n)) view[key as keyof typeof VECTOR_FIELDS] = v;
    }
    for (const key of NUMBER_FIELDS) {
      if (Number.isFinite(o[key])) view[key] = o[key] as number;
    }
    if (Number.isFinite(o.depth) && Number.isFinite(o.uncertainty)) {
      view.depth_uncertainty = o.uncertainty as number;
    }
    // An orientation record: `front` (null when unknown) with its `confidence`.
    if ("front" in o) {
      if (isVec(o.front, 3)) view.front = o.front;
      else delete view.front;
      if (Number.isFinite(o.confidence)) view.orientation_confidence = o.confidence as number;
    }
    this.#objects.set(o.id, view);
  }

  /** Object ids mentioned anywhere in a computation's input. */
  #markUsed(input: unknown): void {
    if (typeof input === "string") {
      if (this.#objects.has(input)) this.#used.add(input);
    } else if (Array.isArray(input)) {
      for (const v of input) this.#markUsed(v);
    } else if (input && typeof input === "object") {
      for (const v of Object.values(input)) this.#markUsed(v);
    }
  }
}

function isVec(v: unknown, n: number): v is number[] {
  return Array.isArray(v) && v.length === n && v.every(Number.isFinite);
}

/**
 * The trace's camera with its horizontal field of view, and its height and horizon row when
 * `estimate_depth` estimated the camera's pose, for the photo and the bird's-eye view.
 */
export function cameraView(trace: Trace): CameraView {
  const k = trace.intrinsics;
  const width = trace.image?.width;
  const depth = trace.events.findLast((e) =>
    e.type === "perception" && e.tool === "estimate_depth" && e.ok
  );
  const pose = depth?.type === "perception"
    ? (depth.output as { camera_pose?: { camera_height: number; horizon_row: number } })
      ?.camera_pose
    : undefined;
  return {
    fx: k.fx,
    fy: k.fy,
    cx: k.cx,
    cy: k.cy,
    source: k.source,
    ...(width ? { hfov_deg: 2 * Math.atan(width / 2 / k.fx) * 180 / Math.PI } : {}),
    ...(pose ? { height_m: pose.camera_height, horizon_y: pose.horizon_row } : {}),
  };
}

/** The whole view of a finished trace. */
export function traceView(trace: Trace): SceneView {
  const b = new ViewBuilder();
  b.setUnits(trace.frame.units);
  for (const e of trace.events) b.add(e);
  return b.snapshot();
}
