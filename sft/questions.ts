/**
 * Question templates: for each category, how a tuple of named objects becomes a structured
 * {@link Query} (what the rule planner's executor answers) and its text (what the model reads),
 * and how the question can be turned around:
 *
 * - `flip` asks the opposite relation (higher ↔ lower, left ↔ right, closer ↔ farther, …), so its
 *   answer is the other one — the FlipEval variant; also how yes/no answers are balanced;
 * - `swap` names the compared objects in the other order (the answer object stays, its option
 *   letter changes), which is how which-questions are balanced.
 *
 * @module
 */
import type {
  Category,
  ObjectRef,
  Query,
  SpatialCategory,
  ViewpointQuery,
} from "../agent/rules/query.ts";

/** A question as asked: the query for the executor, the text and options for the model. */
export interface Draft {
  query: Query;
  text: string;
  /** Multiple-choice options (3DSRBench categories); numeric questions have none. */
  options?: string[];
}

/** How the answer of a template can be steered towards a wanted value. */
export type Steer = "flip" | "swap" | "none";

/** One template applied to one tuple of objects. */
export interface Template {
  category: Category;
  /** Objects it uses, in tuple order. */
  objects: ObjectRef[];
  /** `yes_no` answers yes/no; `which` picks an object; `number` is numeric. */
  form: "yes_no" | "which" | "number";
  /** Whether the opposite relation exists (FlipEval). */
  flippable: boolean;
  /** How to steer the answer for balance. */
  steer: Steer;
  /** The question, optionally flipped and/or with the compared objects swapped. */
  build(v: { flip: boolean; swap: boolean }): Draft;
}

/** Options of yes/no questions, in the order shown before any CircularEval rotation. */
export const YES_NO_OPTIONS = ["yes", "no"];

const poss = (r: ObjectRef) => `${r.text}'s`;

/** English plural of a label, for counting questions. */
export function plural(label: string): string {
  const irregular: Record<string, string> = {
    person: "people",
    mouse: "mice",
    knife: "knives",
    sheep: "sheep",
    skis: "skis",
    scissors: "scissors",
  };
  const words = label.split(" ");
  const last = words.pop()!;
  const p = irregular[last] ??
    (/(s|x|z|ch|sh)$/.test(last)
      ? `${last}es`
      : /[^aeiou]y$/.test(last)
      ? `${last.slice(0, -1)}ies`
      : `${last}s`);
  return [...words, p].join(" ");
}

function yesNo(
  category: SpatialCategory,
  objects: ObjectRef[],
  flippable: boolean,
  make: (flip: boolean) => { query: Query; text: string },
): Template {
  return {
    category,
    objects,
    form: "yes_no",
    flippable,
    steer: flippable ? "flip" : "none",
    build: ({ flip }) => {
      const { query, text } = make(flip);
      return { query: { ...query, options: YES_NO_OPTIONS }, text, options: YES_NO_OPTIONS };
    },
  };
}

function which(
  category: SpatialCategory,
  objects: ObjectRef[],
  choices: [ObjectRef, ObjectRef],
  flippable: boolean,
  make: (flip: boolean, first: ObjectRef, second: ObjectRef) => { query: Query; text: string },
): Template {
  return {
    category,
    objects,
    form: "which",
    flippable,
    steer: "swap",
    build: ({ flip, swap }) => {
      const [x, y] = swap ? [choices[1], choices[0]] : choices;
      const { query, text } = make(flip, x, y);
      const options = [x.text, y.text];
      return { query: { ...query, options }, text, options };
    },
  };
}

function side(
  category: ViewpointQuery["category"],
  objects: ObjectRef[],
  base: Omit<ViewpointQuery, "category" | "relation" | "form">,
  words: (relation: NonNullable<ViewpointQuery["relation"]>) => string,
): Template {
  const [pos, neg] = base.axis === "left_right"
    ? ["left", "right"] as const
    : ["in_front", "behind"] as const;
  return yesNo(category, objects, true, (flip) => {
    const relation = flip ? neg : pos;
    return { query: { ...base, category, relation, form: "yes_no" }, text: words(relation) };
  });
}

const SIDE_TEXT = {
  left: "on the left",
  right: "on the right",
  in_front: "in front",
  behind: "behind",
} as const;

/**
 * How a category is asked: a yes/no or a which-question, the left/right or front/behind axis of
 * a viewpoint question, or a number.
 */
export type Style = "yes_no" | "which" | "left_right" | "front_behind" | "number";

/**
 * The template of `category` in `style` for one tuple of objects (its arity is {@link ARITY};
 * positions listed in {@link NEEDS_FRONT} need a usable front).
 */
export function template(category: Category, objects: ObjectRef[], style: Style): Template {
  const [a, b, c] = objects;
  switch (category) {
    case "height_higher":
    case "location_above":
    case "location_closer_to_camera": {
      const words = {
        height_higher: ["higher", "lower", "higher than", "lower than"],
        location_above: ["above", "below", "above", "below"],
        location_closer_to_camera: [
          "closer",
          "farther",
          "closer to the camera than",
          "farther from the camera than",
        ],
      }[category];
      const rel = (flip: boolean) => (flip ? words[1] : words[0]) as "higher";
      const phrase = (flip: boolean) => flip ? words[3] : words[2];
      if (style === "which") {
        const head = (flip: boolean) =>
          category === "height_higher"
            ? `Which is ${rel(flip)}`
            : `Which is ${flip ? "farther from" : "closer to"} the camera`;
        return which(category, objects, [a, b], true, (flip, x, y) => ({
          query: { category, a: x, b: y, relation: rel(flip), form: "which" },
          text: `${head(flip)}, ${x.text} or ${y.text}?`,
        }));
      }
      return yesNo(category, objects, true, (flip) => ({
        query: { category, a, b, relation: rel(flip), form: "yes_no" },
        text: `Is ${a.text} ${phrase(flip)} ${b.text}?`,
      }));
    }
    case "location_next_to":
      return yesNo(category, objects, true, (flip) => ({
        query: { category, a, b, relation: flip ? "far_from" : "next_to", form: "yes_no" },
        text: `Is ${a.text} ${flip ? "far from" : "next to"} ${b.text}?`,
      }));
    case "orientation_in_front_of":
      // b's own front decides: "is a in front of b" (3DSRBench).
      return side(
        category,
        objects,
        { observer: { object: b }, target: a, axis: "front_behind" },
        (r) => `Is ${a.text} ${r === "in_front" ? "in front of" : "behind"} ${b.text}?`,
      );
    case "orientation_on_the_left":
      return side(
        category,
        objects,
        { observer: { object: b }, target: a, axis: "left_right" },
        (r) => `Is ${a.text} to the ${r} of ${b.text}?`,
      );
    case "orientation_viewpoint":
      return side(
        category,
        objects,
        {
          observer: { object: a },
          target: b,
          axis: style === "front_behind" ? style : "left_right",
        },
        (r) => `From ${poss(a)} perspective, is ${b.text} ${SIDE_TEXT[r]}?`,
      );
    case "multi_object_viewpoint_towards_object":
      return side(
        category,
        objects,
        {
          observer: { position: a, facing: b },
          target: c,
          axis: style === "front_behind" ? style : "left_right",
        },
        (r) =>
          `If I stand at ${a.text} facing ${b.text}, is ${c.text} ${
            r === "left"
              ? "on my left"
              : r === "right"
              ? "on my right"
              : r === "in_front"
              ? "in front of me"
              : "behind me"
          }?`,
      );
    case "multi_object_closer_to":
      if (style === "which") {
        return which(category, objects, [b, c], true, (flip, x, y) => ({
          query: {
            category,
            reference: a,
            candidates: [x, y],
            relation: flip ? "farther" : "closer",
            form: "which",
          },
          text: `Which is ${
            flip ? "farther from" : "closer to"
          } ${a.text}, ${x.text} or ${y.text}?`,
        }));
      }
      return yesNo(category, objects, true, (flip) => ({
        query: {
          category,
          reference: a,
          candidates: [b, c],
          relation: flip ? "farther" : "closer",
          form: "yes_no",
        },
        text: `Is ${b.text} ${flip ? "farther from" : "closer to"} ${a.text} than ${c.text} is?`,
      }));
    case "multi_object_parallel":
      return yesNo(category, objects, false, () => ({
        query: { category, a, b, relation: "parallel", form: "yes_no" },
        text: `Are ${a.text} and ${b.text} parallel to each other?`,
      }));
    case "multi_object_same_direction":
      return yesNo(category, objects, false, () => ({
        query: { category, a, b, relation: "same", form: "yes_no" },
        text: `Are ${a.text} and ${b.text} facing the same direction?`,
      }));
    case "multi_object_facing":
      return which(category, objects, [b, c], false, (_flip, x, y) => ({
        query: { category, subject: a, candidates: [x, y], form: "which" },
        text: `Which is ${a.text} facing toward, ${x.text} or ${y.text}?`,
      }));
    case "distance_to_camera":
      return numeric(category, objects, {
        query: { category, a },
        text: `How far is ${a.text} from the camera, in meters?`,
      });
    case "distance_between":
      return numeric(category, objects, {
        query: { category, a, b },
        text: `What is the distance between ${a.text} and ${b.text}, in meters?`,
      });
    case "object_height":
    case "object_width":
    case "object_length": {
      const word = { object_height: "tall", object_width: "wide", object_length: "long" }[category];
      return numeric(category, objects, {
        query: { category, a },
        text: `How ${word} is ${a.text}, in meters?`,
      });
    }
    case "count": {
      const text = plural(a.label);
      return numeric(category, objects, {
        query: { category, label: a.label, text },
        text: `How many ${text} are there?`,
      });
    }
  }
}

function numeric(category: Category, objects: ObjectRef[], draft: Draft): Template {
  return { category, objects, form: "number", flippable: false, steer: "none", build: () => draft };
}

/** How many objects each category's tuple has (count: one representative of the label). */
export const ARITY: Record<Category, number> = {
  height_higher: 2,
  location_above: 2,
  location_closer_to_camera: 2,
  location_next_to: 2,
  orientation_in_front_of: 2,
  orientation_on_the_left: 2,
  orientation_viewpoint: 2,
  multi_object_closer_to: 3,
  multi_object_parallel: 2,
  multi_object_same_direction: 2,
  multi_object_facing: 3,
  multi_object_viewpoint_towards_object: 3,
  distance_to_camera: 1,
  distance_between: 2,
  object_height: 1,
  object_width: 1,
  object_length: 1,
  count: 1,
};

/** Which tuple positions need a usable front, per category. */
export const NEEDS_FRONT: Partial<Record<Category, number[]>> = {
  orientation_in_front_of: [1],
  orientation_on_the_left: [1],
  orientation_viewpoint: [0],
  multi_object_parallel: [0, 1],
  multi_object_same_direction: [0, 1],
  multi_object_facing: [0],
};

/** The styles each category is asked in (one is picked per question). */
export const STYLES: Record<Category, readonly Style[]> = {
  height_higher: ["yes_no", "which"],
  location_above: ["yes_no"],
  location_closer_to_camera: ["yes_no", "which"],
  location_next_to: ["yes_no"],
  orientation_in_front_of: ["yes_no"],
  orientation_on_the_left: ["yes_no"],
  orientation_viewpoint: ["left_right", "front_behind"],
  multi_object_closer_to: ["yes_no", "which"],
  multi_object_parallel: ["yes_no"],
  multi_object_same_direction: ["yes_no"],
  multi_object_facing: ["which"],
  multi_object_viewpoint_towards_object: ["left_right", "front_behind"],
  distance_to_camera: ["number"],
  distance_between: ["number"],
  object_height: ["number"],
  object_width: ["number"],
  object_length: ["number"],
  count: ["number"],
};
