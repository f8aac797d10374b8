/**
 * The typed form of a spatial question: what the rule planner's parser produces from text and
 * what its executor turns into tool calls. The SR-CoT generator builds these directly (with
 * `ObjectRef.id` set) to produce questions whose answers come from the same tool calls.
 *
 * Every category's executor records the tool outputs its chain of thought needs (see
 * `execute.ts`); the `form` of a query says what kind of {@link AnswerValue} comes back:
 * `yes_no` → boolean, `which` → the chosen object's or relation's text (or the matching
 * `options` entry), numeric categories → a number.
 *
 * @module
 */
import type { ColourName } from "../../core/colour.ts";
import type { LengthUnit } from "../number_format.ts";

/** The 12 question categories of 3DSRBench. */
export const SPATIAL_CATEGORIES = [
  "height_higher",
  "location_above",
  "location_closer_to_camera",
  "location_next_to",
  "orientation_in_front_of",
  "orientation_on_the_left",
  "orientation_viewpoint",
  "multi_object_closer_to",
  "multi_object_parallel",
  "multi_object_same_direction",
  "multi_object_facing",
  "multi_object_viewpoint_towards_object",
] as const;

/** The Basic3D-QA question types: distances, sizes and counts. */
export const BASIC3D_CATEGORIES = [
  "distance_to_camera",
  "distance_between",
  "object_height",
  "object_width",
  "object_length",
  "count",
] as const;

/**
 * Kinds the planner answers beyond 3DSRBench and Basic3D-QA. They have templates too, but the
 * generator's default mix ({@link CATEGORIES}) leaves them out; ask for them by name.
 */
export const EXTRA_CATEGORIES = ["size_compare", "image_left_right", "which_one"] as const;

/** A 3DSRBench category. */
export type SpatialCategory = typeof SPATIAL_CATEGORIES[number];
/** A Basic3D-QA category. */
export type Basic3DCategory = typeof BASIC3D_CATEGORIES[number];
/** An extra category. */
export type ExtraCategory = typeof EXTRA_CATEGORIES[number];
/** Any category the rule planner answers. */
export type Category = SpatialCategory | Basic3DCategory | ExtraCategory;

/** The benchmark categories, 3DSRBench first: the generator's default mix. */
export const CATEGORIES: readonly Category[] = [...SPATIAL_CATEGORIES, ...BASIC3D_CATEGORIES];

/** Every category the planner answers, extras last. */
export const ALL_CATEGORIES: readonly Category[] = [...CATEGORIES, ...EXTRA_CATEGORIES];

/** Superlatives that pick one object among several with the same label. */
export type Extreme =
  | "leftmost"
  | "rightmost"
  | "closest"
  | "farthest"
  | "largest"
  | "smallest"
  | "tallest"
  | "shortest";

/**
 * How to pick one object when several carry the label. `ordinal` counts from 1: "the second car
 * from the left" is `{ kind: "ordinal", n: 2, from: "left" }`; `from: "front"` counts from the
 * one closest to the camera, `"back"` from the farthest. `near` picks the one nearest in 3D to
 * another object ("the chair next to the table"); with `contact` ("the man holding the ball",
 * "the cup on the table", "the man with the kite") the one whose image box overlaps the other's
 * most, when one clearly does, else the nearest in 3D.
 */
export type Selector =
  | { kind: "extreme"; by: Extreme }
  | { kind: "ordinal"; n: number; from: "left" | "right" | "front" | "back" }
  | { kind: "near"; of: ObjectRef; contact?: true };

/** An object as the question names it. */
export interface ObjectRef {
  /** Canonical label (the detector's class name, e.g. `car`, `person`). */
  label: string;
  /** The words used for it, e.g. `the second car from the left`; answers quote these. */
  text: string;
  /** Which one, when several objects carry the label; absent means there must be exactly one. */
  selector?: Selector;
  /** A colour the object shows ("the red car"), named as in core/colour.ts. */
  colour?: ColourName;
  /** A workspace object id; when set the executor uses it and ignores label and selector. */
  id?: string;
  /**
   * The question names a group of exactly this many ("the two chairs"); the executor checks the
   * count before picking one of them with `selector`.
   */
  groupSize?: number;
}

/**
 * Whose position and facing define front/behind and left/right:
 * `"camera"` — the camera (front +y, left −x);
 * `{ object }` — standing at the object's centre facing its front (needs its orientation);
 * `{ position, facing }` — standing at `position` facing toward `facing`.
 */
export type ObserverRef =
  | "camera"
  | { object: ObjectRef }
  | { position: ObjectRef; facing: ObjectRef };

/** Fields every query may carry. */
interface QueryCommon {
  /** Multiple-choice options; a `which` answer (and the answer text) then quotes one of them. */
  options?: string[];
  /** The question as asked, when it came from text. */
  question?: string;
}

/**
 * Comparing two objects' 3D locations: "Is A higher than B?" (`yes_no`, is A `relation` B) or
 * "Which is higher, A or B?" (`which`, picks A or B). Categories: `height_higher` (higher/lower),
 * `location_above` (above/below), `location_closer_to_camera` (closer/farther).
 */
export interface CompareQuery extends QueryCommon {
  category: "height_higher" | "location_above" | "location_closer_to_camera";
  a: ObjectRef;
  b: ObjectRef;
  relation: "higher" | "lower" | "above" | "below" | "closer" | "farther";
  form: "yes_no" | "which";
  /** Further choices of a `which` question beyond A and B (a row's options C and D). */
  others?: ObjectRef[];
}

/**
 * "Is A next to B?" (`yes_no`, `relation: "next_to"`), its negation "Is A far from B?"
 * (`far_from`), or "Are A and B next to each other or far apart?" (`which`: the answer is the
 * relation's words, or the option that names it).
 */
export interface NextToQuery extends QueryCommon {
  category: "location_next_to";
  a: ObjectRef;
  b: ObjectRef;
  relation: "next_to" | "far_from";
  form: "yes_no" | "which";
}

/**
 * Where `target` lies as seen by an observer, measured from `reference`'s centre (default: the
 * observer's position). `axis` says which pair of sides is asked; `yes_no` asks whether target is
 * on side `relation`, `which` asks which side (the answer is the side's word, or the option that
 * names it).
 *
 * - `orientation_in_front_of`: "Is A in front of B?" — observer `{ object: B }`, target A.
 * - `orientation_on_the_left`: "Is A on the left of B?" — observer `{ object: B }`, target A;
 *   with observer `"camera"` and reference B it is "left of B in the image".
 * - `orientation_viewpoint`: "From A's perspective, is B on the left or right?" — observer
 *   `{ object: A }`, target B.
 * - `multi_object_viewpoint_towards_object`: "Standing at A facing B, is C on my left?" —
 *   observer `{ position: A, facing: B }`, target C.
 *
 * The viewpoint categories record both the front and the left direction, whatever the axis.
 */
export interface ViewpointQuery extends QueryCommon {
  category:
    | "orientation_in_front_of"
    | "orientation_on_the_left"
    | "orientation_viewpoint"
    | "multi_object_viewpoint_towards_object";
  observer: ObserverRef;
  target: ObjectRef;
  /** Measure from this object's centre instead of the observer's position. */
  reference?: ObjectRef;
  axis: "front_behind" | "left_right";
  /** The side asked about in a `yes_no` query. */
  relation?: "in_front" | "behind" | "left" | "right";
  form: "yes_no" | "which";
}

/**
 * "Which is closer to R, A or B?" (`which`) or "Is A closer to R than B is?" (`yes_no`, about
 * `candidates[0]`). `relation: "farther"` asks the opposite.
 */
export interface CloserToQuery extends QueryCommon {
  category: "multi_object_closer_to";
  reference: ObjectRef;
  candidates: [ObjectRef, ObjectRef];
  relation: "closer" | "farther";
  form: "yes_no" | "which";
}

/**
 * Comparing two objects' front directions. `multi_object_parallel`: "Are A and B parallel?"
 * (`parallel`). `multi_object_same_direction`: "Are A and B facing the same direction?"
 * (`same`) or "…opposite directions?" (`opposite`).
 */
export interface DirectionPairQuery extends QueryCommon {
  category: "multi_object_parallel" | "multi_object_same_direction";
  a: ObjectRef;
  b: ObjectRef;
  relation: "parallel" | "same" | "opposite";
  /** `which`: "the same or different directions?" — the answer names one. */
  form: "yes_no" | "which";
}

/**
 * "Is A facing B?" (`yes_no`, one candidate) or "Which is A facing, B or C?" (`which`, two or
 * more candidates): A's front against the vector from A to each candidate. "Is A facing the
 * camera?" has no candidates and `camera: true` (the camera sits at the origin).
 */
export interface FacingQuery extends QueryCommon {
  category: "multi_object_facing";
  subject: ObjectRef;
  candidates: ObjectRef[];
  camera?: true;
  form: "yes_no" | "which";
}

/** Fields of a query answered with a length. */
interface LengthCommon extends QueryCommon {
  /** The unit the question asks for ("in feet"); the answer text uses it, the value is metres. */
  unit?: LengthUnit;
}

/** "How far is A from the camera?" — a length. */
export interface DistanceToCameraQuery extends LengthCommon {
  category: "distance_to_camera";
  a: ObjectRef;
}

/** "How far apart are A and B?" — the length between the centres. */
export interface DistanceBetweenQuery extends LengthCommon {
  category: "distance_between";
  a: ObjectRef;
  b: ObjectRef;
}

/** "How tall / wide / long is A?" — a length, from its 3D size [width, length, height]. */
export interface SizeQuery extends LengthCommon {
  category: "object_height" | "object_width" | "object_length";
  a: ObjectRef;
}

/**
 * "Is A taller than B?" / "Which is bigger, A or B?": one size component (`height`, `width`,
 * `length`) or the volume; `more` is true for taller/wider/longer/bigger.
 */
export interface SizeCompareQuery extends QueryCommon {
  category: "size_compare";
  a: ObjectRef;
  b: ObjectRef;
  dimension: "height" | "width" | "length" | "volume";
  more: boolean;
  form: "yes_no" | "which";
}

/**
 * "Which is farther to the right in the picture, A or B?" / "Is A more to the left than B?":
 * sides as the camera sees them.
 */
export interface ImageSideQuery extends QueryCommon {
  category: "image_left_right";
  a: ObjectRef;
  b: ObjectRef;
  side: "left" | "right";
  form: "yes_no" | "which";
}

/**
 * "Which horse is closest to the camera?", "Which car is on the left?": one object of a class
 * picked by a superlative (`target.selector`); the answer is its id.
 */
export interface WhichOneQuery extends QueryCommon {
  category: "which_one";
  target: ObjectRef & { selector: Selector };
}

/** "How many cars are there?" — a count of objects with the label (and colour, if named). */
export interface CountQuery extends QueryCommon {
  category: "count";
  label: string;
  colour?: ColourName;
  /** The words used, e.g. `cars`. */
  text: string;
}

/** A parsed question. */
export type Query =
  | CompareQuery
  | NextToQuery
  | ViewpointQuery
  | CloserToQuery
  | DirectionPairQuery
  | FacingQuery
  | DistanceToCameraQuery
  | DistanceBetweenQuery
  | SizeQuery
  | SizeCompareQuery
  | ImageSideQuery
  | WhichOneQuery
  | CountQuery;

/** Every object a query names, in the order they appear in its fields. */
export function queryObjects(q: Query): ObjectRef[] {
  switch (q.category) {
    case "height_higher":
    case "location_above":
    case "location_closer_to_camera":
      return [q.a, q.b, ...(q.others ?? [])];
    case "location_next_to":
    case "multi_object_parallel":
    case "multi_object_same_direction":
    case "distance_between":
    case "size_compare":
    case "image_left_right":
      return [q.a, q.b];
    case "orientation_in_front_of":
    case "orientation_on_the_left":
    case "orientation_viewpoint":
    case "multi_object_viewpoint_towards_object":
      return [...observerObjects(q.observer), ...(q.reference ? [q.reference] : []), q.target];
    case "multi_object_closer_to":
      return [q.reference, ...q.candidates];
    case "multi_object_facing":
      return [q.subject, ...q.candidates];
    case "distance_to_camera":
    case "object_height":
    case "object_width":
    case "object_length":
      return [q.a];
    case "which_one":
      return [q.target];
    case "count":
      return [];
  }
}

/** The objects an observer names (none for the camera). */
export function observerObjects(o: ObserverRef): ObjectRef[] {
  if (o === "camera") return [];
  if ("object" in o) return [o.object];
  return [o.position, o.facing];
}
