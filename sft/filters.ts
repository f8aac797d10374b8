/**
 * What the generator leaves out, so the data does not teach noise (as SpatialReasoner and
 * SpatialLLM filter): tiny or truncated boxes, orientations below a confidence threshold or of
 * objects with no meaningful front, and objects whose label the question cannot tell apart.
 * Relations inside their ambiguity margin are left out later, when the executor says so.
 *
 * @module
 */
import type { NormalizedScene } from "../scene/schema.ts";
import { leftToRightKey } from "../core/left_to_right.ts";
import type { Vec3 } from "../core/vec.ts";
import { MIN_ORIENTATION_CONFIDENCE } from "../tools/refs.ts";
import type { ObjectRef, Selector } from "../agent/rules/query.ts";

/** The thresholds of every filter. */
export interface Thresholds {
  /** A box side shorter than this many pixels is tiny. */
  minBoxSidePx: number;
  /** A box smaller than this fraction of the image area is tiny. */
  minBoxAreaFraction: number;
  /** A box within this many pixels of the image border is truncated. */
  borderMarginPx: number;
  /** A scene's own truncation value (KITTI's `truncated`, 0–1) above this is truncated. */
  maxTruncation: number;
  /** Fronts below this confidence are not used (the tools' own threshold). */
  minOrientationConfidence: number;
  /**
   * Objects sharing a label are named by their left-to-right place ("the leftmost car"); their
   * box centres must differ by this fraction of the image width (or their bearings by
   * {@link Thresholds.minSelectorGapDeg} without boxes), else they cannot be told apart.
   */
  minSelectorGapFraction: number;
  /** See {@link Thresholds.minSelectorGapFraction}. */
  minSelectorGapDeg: number;
}

/** Defaults, documented in docs/data.md. */
export const DEFAULT_THRESHOLDS: Thresholds = {
  minBoxSidePx: 12,
  minBoxAreaFraction: 0.002,
  borderMarginPx: 2,
  maxTruncation: 0.3,
  minOrientationConfidence: MIN_ORIENTATION_CONFIDENCE,
  minSelectorGapFraction: 0.05,
  minSelectorGapDeg: 3,
};

/**
 * COCO classes without a meaningful front: round, symmetric or shapeless things whose "facing"
 * a question should not ask about.
 */
export const NO_FRONT_LABELS: ReadonlySet<string> = new Set([
  "sports ball",
  "frisbee",
  "kite",
  "umbrella",
  "bottle",
  "wine glass",
  "cup",
  "bowl",
  "vase",
  "potted plant",
  "apple",
  "orange",
  "banana",
  "broccoli",
  "carrot",
  "donut",
  "cake",
  "pizza",
  "sandwich",
  "hot dog",
  "dining table",
  "fire hydrant",
  "traffic light",
  "clock",
  "skis",
  "baseball bat",
  "fork",
  "knife",
  "spoon",
  "scissors",
  "toothbrush",
  "tie",
  "handbag",
  "backpack",
  "suitcase",
  "book",
]);

/** Reasons an object is left out of all questions. */
export type ObjectFilterReason = "tiny_box" | "truncated_box" | "no_3d_location";

/** What the filters read of an object: a scene object, or a workspace object not yet located. */
export interface FilterObject {
  id: string;
  label: string;
  center?: Vec3;
  box?: [number, number, number, number];
  front?: Vec3;
  orientation_confidence?: number;
  /** A scene reader's truncation (0–1), at the top level or under `kitti` as KITTI's reader puts it. */
  truncated?: number;
  kitti?: { truncated?: number };
}

/** Why an object cannot be used at all, or undefined when it can. */
export function objectFilterReason(
  o: FilterObject,
  scene: Pick<NormalizedScene, "width" | "height">,
  t: Thresholds = DEFAULT_THRESHOLDS,
): ObjectFilterReason | undefined {
  if (!o.center) return "no_3d_location";
  const trunc = o.truncated ?? o.kitti?.truncated;
  if (typeof trunc === "number" && trunc > t.maxTruncation) return "truncated_box";
  if (!o.box) return undefined;
  const [x1, y1, x2, y2] = o.box;
  const w = x2 - x1;
  const h = y2 - y1;
  if (w < t.minBoxSidePx || h < t.minBoxSidePx) return "tiny_box";
  if (scene.width && scene.height) {
    if (w * h < t.minBoxAreaFraction * scene.width * scene.height) return "tiny_box";
    const m = t.borderMarginPx;
    if (x1 <= m || y1 <= m || x2 >= scene.width - m || y2 >= scene.height - m) {
      return "truncated_box";
    }
  }
  return undefined;
}

/** Why an object's front cannot be asked about, or undefined when it can. */
export function orientationFilterReason(
  o: FilterObject,
  t: Thresholds = DEFAULT_THRESHOLDS,
): "no_meaningful_front" | "no_orientation" | "low_orientation_confidence" | undefined {
  if (NO_FRONT_LABELS.has(o.label)) return "no_meaningful_front";
  if (!o.front) return "no_orientation";
  if ((o.orientation_confidence ?? 1) < t.minOrientationConfidence) {
    return "low_orientation_confidence";
  }
  return undefined;
}

const ORDINALS = ["first", "second", "third", "fourth", "fifth"];

/**
 * How questions name each object: `the dog` when its label is unique; `the leftmost car`, `the
 * second car from the left`, `the rightmost car` when several share it and their left-to-right
 * order is clear. Ordered as the rule planner's selectors order them (box centre, or bearing
 * without boxes), among every object of the label — pass all objects the planner will see, the
 * filtered ones too. Objects that cannot be told apart are left out of the map.
 */
export function nameObjects(
  objects: readonly FilterObject[],
  scene: Pick<NormalizedScene, "width">,
  t: Thresholds = DEFAULT_THRESHOLDS,
): Map<string, ObjectRef> {
  const refs = new Map<string, ObjectRef>();
  const groups = Map.groupBy(objects, (o) => o.label);
  for (const [label, group] of groups) {
    if (group.length === 1) {
      refs.set(group[0].id, { label, text: `the ${label}`, id: group[0].id });
      continue;
    }
    const boxes = scene.width !== undefined && group.every((o) => o.box);
    if (!boxes && !group.every((o) => o.center)) continue;
    const pos = (o: FilterObject) => leftToRightKey(boxes ? o.box : undefined, o.center)!;
    const gap = boxes ? t.minSelectorGapFraction * scene.width! : t.minSelectorGapDeg;
    const sorted = [...group].sort((a, b) => pos(a) - pos(b));
    sorted.forEach((o, i) => {
      const tooClose = (i > 0 && pos(o) - pos(sorted[i - 1]) < gap) ||
        (i < sorted.length - 1 && pos(sorted[i + 1]) - pos(o) < gap);
      if (tooClose || (i > 0 && i < sorted.length - 1 && i >= ORDINALS.length)) return;
      let selector: Selector;
      let text: string;
      if (i === 0) {
        selector = { kind: "extreme", by: "leftmost" };
        text = `the leftmost ${label}`;
      } else if (i === sorted.length - 1) {
        selector = { kind: "extreme", by: "rightmost" };
        text = `the rightmost ${label}`;
      } else {
        selector = { kind: "ordinal", n: i + 1, from: "left" };
        text = `the ${ORDINALS[i]} ${label} from the left`;
      }
      refs.set(o.id, { label, text, selector, id: o.id });
    });
  }
  return refs;
}
