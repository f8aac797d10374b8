/**
 * Phrasings written the way people ask, each with the typed query it must parse to. Each
 * sentence pattern is written by hand and asked about three sets of objects (COCO names,
 * synonyms and plurals), so every row is a distinct sentence. `{A}`, `{B}`, `{C}` are the
 * objects' words; the expected labels follow the query's field order (`queryObjects`).
 */
import assert from "node:assert/strict";
import { parseQuestion } from "./parse.ts";
import { queryObjects } from "./query.ts";

type Row = [question: string, category: string, order: string, fields?: Record<string, unknown>];

const OBJECTS: Record<string, [words: string, label: string]>[] = [
  { A: ["dog", "dog"], B: ["bike", "bicycle"], C: ["car", "car"] },
  { A: ["man", "person"], B: ["sofa", "couch"], C: ["tv", "tv"] },
  { A: ["horse", "horse"], B: ["truck", "truck"], C: ["bench", "bench"] },
];

const yn = { form: "yes_no" };
const which = { form: "which" };

const ROWS: Row[] = [
  // Closer to / farther from the camera.
  ["Is the {A} closer to the camera than the {B}?", "location_closer_to_camera", "AB", {
    relation: "closer",
    ...yn,
  }],
  ["Is the {A} nearer to me than the {B}?", "location_closer_to_camera", "AB", {
    relation: "closer",
    ...yn,
  }],
  ["Is the {A} farther away than the {B}?", "location_closer_to_camera", "AB", {
    relation: "farther",
    ...yn,
  }],
  ["is the {A} further from the camera than the {B}", "location_closer_to_camera", "AB", {
    relation: "farther",
  }],
  ["Which is closer to the camera, the {A} or the {B}?", "location_closer_to_camera", "AB", {
    relation: "closer",
    ...which,
  }],
  ["Which one is nearer to me, the {A} or the {B}?", "location_closer_to_camera", "AB", which],
  ["What's nearer to me: the {A} or the {B}?", "location_closer_to_camera", "AB", which],
  ["Is the {A} or the {B} closer to the camera?", "location_closer_to_camera", "AB", which],
  ["The {A} or the {B}, which is farther from the camera?", "location_closer_to_camera", "AB", {
    relation: "farther",
  }],
  [
    "Which is further away from the photographer, the {A} or the {B}?",
    "location_closer_to_camera",
    "AB",
    { relation: "farther" },
  ],
  [
    "Which object is more distant from the viewer, the {A} or the {B}?",
    "location_closer_to_camera",
    "AB",
    { relation: "farther" },
  ],
  ["Is the {A} closer than the {B} to the camera?", "location_closer_to_camera", "AB", yn],
  ["Am I closer to the {A} than to the {B}?", "location_closer_to_camera", "AB", {
    relation: "closer",
    ...yn,
  }],
  ["Am I nearer to the {A} or the {B}?", "location_closer_to_camera", "AB", which],
  // Higher / lower.
  ["Is the {A} higher than the {B}?", "height_higher", "AB", { relation: "higher", ...yn }],
  ["Is the {A} lower than the {B}?", "height_higher", "AB", { relation: "lower" }],
  ["Which is higher, the {A} or the {B}?", "height_higher", "AB", which],
  ["Which one sits lower, the {A} or the {B}?", "height_higher", "AB", { relation: "lower" }],
  ["Is the {A} positioned higher up than the {B}?", "height_higher", "AB", yn],
  ["The {A} or the {B}: which is higher up?", "height_higher", "AB", which],
  // Above / below.
  ["Is the {A} above the {B}?", "location_above", "AB", { relation: "above" }],
  ["Is the {A} below the {B}?", "location_above", "AB", { relation: "below" }],
  ["Is the {A} underneath the {B}?", "location_above", "AB", { relation: "below" }],
  ["Is the {A} beneath the {B}?", "location_above", "AB", { relation: "below" }],
  ["Is the {A} on top of the {B}?", "location_above", "AB", { relation: "above" }],
  ["Is the {A} mounted above the {B}?", "location_above", "AB", { relation: "above" }],
  ["Is the {A} sitting on the {B}?", "location_above", "AB", { relation: "above" }],
  ["Is the {A} hanging over the {B}?", "location_above", "AB", { relation: "above" }],
  // Next to / far from.
  ["Is the {A} next to the {B}?", "location_next_to", "AB", { relation: "next_to" }],
  ["Is the {A} beside the {B}?", "location_next_to", "AB", { relation: "next_to" }],
  ["Is the {A} near the {B}?", "location_next_to", "AB", { relation: "next_to" }],
  ["Is the {A} far from the {B}?", "location_next_to", "AB", { relation: "far_from" }],
  ["Is the {A} far away from the {B}?", "location_next_to", "AB", { relation: "far_from" }],
  ["Are the {A} and the {B} next to each other?", "location_next_to", "AB", {
    relation: "next_to",
  }],
  ["Are the {A} and the {B} close together?", "location_next_to", "AB", { relation: "next_to" }],
  ["Is the {A} standing next to the {B}?", "location_next_to", "AB", { relation: "next_to" }],
  ["Is the {A} adjacent to the {B}?", "location_next_to", "AB", { relation: "next_to" }],
  // In front / behind (the reference's own front).
  ["Is the {A} in front of the {B}?", "orientation_in_front_of", "BA", { relation: "in_front" }],
  ["Is the {A} behind the {B}?", "orientation_in_front_of", "BA", { relation: "behind" }],
  ["Is the {A} in back of the {B}?", "orientation_in_front_of", "BA", { relation: "behind" }],
  ["Is the {A} in front of or behind the {B}?", "orientation_in_front_of", "BA", which],
  ["Is the {A} in front of the {B} or behind it?", "orientation_in_front_of", "BA", which],
  // Left / right.
  ["Is the {A} to the left of the {B}?", "orientation_on_the_left", "BA", { relation: "left" }],
  ["Is the {A} on the right side of the {B}?", "orientation_on_the_left", "BA", {
    relation: "right",
  }],
  ["Is the {A} left of the {B}?", "orientation_on_the_left", "BA", { relation: "left" }],
  ["Is the {A} on the left or right of the {B}?", "orientation_on_the_left", "BA", which],
  ["Is the {A} to the left of the {B} in the image?", "orientation_on_the_left", "BA", {
    observer: "camera",
    relation: "left",
  }],
  ["In the picture, is the {A} right of the {B}?", "orientation_on_the_left", "BA", {
    observer: "camera",
    relation: "right",
  }],
  ["From my point of view, is the {A} left of the {B}?", "orientation_on_the_left", "BA", {
    observer: "camera",
  }],
  [
    "Is the {A} to the left of the {B} or to the right of it?",
    "orientation_on_the_left",
    "BA",
    which,
  ],
  // Seen from an object.
  ["From the {A}'s perspective, is the {B} on the left?", "orientation_viewpoint", "AB", {
    relation: "left",
  }],
  ["From the {A}'s point of view, is the {B} on its right?", "orientation_viewpoint", "AB", {
    relation: "right",
  }],
  [
    "From the perspective of the {A}, is the {B} on the left or the right?",
    "orientation_viewpoint",
    "AB",
    which,
  ],
  [
    "From the {A}'s viewpoint, is the {B} in front of it or behind it?",
    "orientation_viewpoint",
    "AB",
    { axis: "front_behind", ...which },
  ],
  ["If I were the {A}, would the {B} be on my left?", "orientation_viewpoint", "AB", {
    relation: "left",
  }],
  [
    "Is the {B} on the left or right from the {A}'s perspective?",
    "orientation_viewpoint",
    "AB",
    which,
  ],
  ["Through the {A}'s eyes, is the {B} behind it?", "orientation_viewpoint", "AB", {
    relation: "behind",
  }],
  // Standing at A facing B.
  [
    "If I stand at the {A} facing the {B}, is the {C} on my left?",
    "multi_object_viewpoint_towards_object",
    "ABC",
    { relation: "left" },
  ],
  [
    "Standing at the {A} and facing the {B}, is the {C} on my right?",
    "multi_object_viewpoint_towards_object",
    "ABC",
    { relation: "right" },
  ],
  [
    "Imagine you are standing by the {A} looking at the {B}. Is the {C} on your left or your right?",
    "multi_object_viewpoint_towards_object",
    "ABC",
    which,
  ],
  [
    "If I'm standing next to the {A} facing the {B}, is the {C} behind me?",
    "multi_object_viewpoint_towards_object",
    "ABC",
    { relation: "behind" },
  ],
  [
    "Standing at the {A} facing the {B}, is the {C} in front of me or behind me?",
    "multi_object_viewpoint_towards_object",
    "ABC",
    { axis: "front_behind" },
  ],
  [
    "Is the {C} on my left if I stand at the {A} facing the {B}?",
    "multi_object_viewpoint_towards_object",
    "ABC",
    { relation: "left" },
  ],
  // Closer to another object.
  ["Which is closer to the {A}, the {B} or the {C}?", "multi_object_closer_to", "ABC", {
    relation: "closer",
    ...which,
  }],
  ["Which is farther from the {A}, the {B} or the {C}?", "multi_object_closer_to", "ABC", {
    relation: "farther",
  }],
  ["Is the {B} closer to the {A} than the {C} is?", "multi_object_closer_to", "ABC", yn],
  ["Is the {B} farther from the {A} than the {C}?", "multi_object_closer_to", "ABC", {
    relation: "farther",
    ...yn,
  }],
  ["The {B} or the {C}, which one is nearer to the {A}?", "multi_object_closer_to", "ABC", which],
  ["Is the {B} or the {C} closer to the {A}?", "multi_object_closer_to", "ABC", which],
  // Parallel / same direction.
  ["Are the {A} and the {B} parallel?", "multi_object_parallel", "AB"],
  ["Is the {A} parallel to the {B}?", "multi_object_parallel", "AB"],
  ["Are the {A} and the {B} facing the same direction?", "multi_object_same_direction", "AB", {
    relation: "same",
  }],
  ["Do the {A} and the {B} face the same way?", "multi_object_same_direction", "AB", {
    relation: "same",
  }],
  ["Is the {A} facing the same direction as the {B}?", "multi_object_same_direction", "AB", {
    relation: "same",
  }],
  ["Are the {A} and the {B} facing opposite directions?", "multi_object_same_direction", "AB", {
    relation: "opposite",
  }],
  [
    "Are the {A} and the {B} pointing in opposite directions?",
    "multi_object_same_direction",
    "AB",
    { relation: "opposite" },
  ],
  // Facing.
  ["Is the {A} facing the {B}?", "multi_object_facing", "AB", yn],
  ["Is the {A} looking at the {B}?", "multi_object_facing", "AB", yn],
  ["Does the {A} face the {B}?", "multi_object_facing", "AB", yn],
  ["Is the {A} facing toward the {B}?", "multi_object_facing", "AB", yn],
  ["Which is the {A} facing, the {B} or the {C}?", "multi_object_facing", "ABC", which],
  ["Is the {A} looking at the {B} or the {C}?", "multi_object_facing", "ABC", which],
  [
    "Which object is the {A} facing towards, the {B} or the {C}?",
    "multi_object_facing",
    "ABC",
    which,
  ],
  // Distances.
  ["How far is the {A} from the camera?", "distance_to_camera", "A"],
  ["How far away is the {A}?", "distance_to_camera", "A"],
  ["How far is the {A}?", "distance_to_camera", "A"],
  ["How far away is the {A}, in feet?", "distance_to_camera", "A", { unit: "ft" }],
  ["How far is the {A} from me in centimeters?", "distance_to_camera", "A", { unit: "cm" }],
  ["How far am I from the {A}?", "distance_to_camera", "A"],
  ["What is the distance between the camera and the {A}?", "distance_to_camera", "A"],
  ["What's the distance to the {A}?", "distance_to_camera", "A"],
  ["How far is the {A} from the {B}?", "distance_between", "AB"],
  ["How far apart are the {A} and the {B}?", "distance_between", "AB"],
  ["What is the distance between the {A} and the {B} in meters?", "distance_between", "AB", {
    unit: "m",
  }],
  ["How far apart are the {A} and the {B}, in inches?", "distance_between", "AB", { unit: "in" }],
  ["What's the gap between the {A} and the {B}?", "distance_between", "AB"],
  // Sizes.
  ["How tall is the {A}?", "object_height", "A"],
  ["How high is the {A}?", "object_height", "A"],
  ["What is the height of the {A}?", "object_height", "A"],
  ["How tall is the {A} in feet?", "object_height", "A", { unit: "ft" }],
  ["How wide is the {A}?", "object_width", "A"],
  ["What's the width of the {A} in cm?", "object_width", "A", { unit: "cm" }],
  ["How long is the {A}?", "object_length", "A"],
  ["What is the length of the {A}, in millimetres?", "object_length", "A", { unit: "mm" }],
  // Size comparisons.
  ["Is the {A} taller than the {B}?", "size_compare", "AB", { dimension: "height", more: true }],
  ["Is the {A} shorter than the {B}?", "size_compare", "AB", { dimension: "height", more: false }],
  ["Is the {A} bigger than the {B}?", "size_compare", "AB", { dimension: "volume", more: true }],
  ["Is the {A} smaller than the {B}?", "size_compare", "AB", { dimension: "volume", more: false }],
  ["Which is taller, the {A} or the {B}?", "size_compare", "AB", { dimension: "height", ...which }],
  ["Which one is wider, the {A} or the {B}?", "size_compare", "AB", { dimension: "width" }],
  ["What's bigger, the {A} or the {B}?", "size_compare", "AB", { dimension: "volume" }],
  ["Is the {A} or the {B} longer?", "size_compare", "AB", { dimension: "length" }],
  // Sides as the camera sees them.
  ["Which is further to the right in the picture, the {A} or the {B}?", "image_left_right", "AB", {
    side: "right",
    ...which,
  }],
  ["Which one is more to the left, the {A} or the {B}?", "image_left_right", "AB", {
    side: "left",
  }],
  ["Is the {A} more to the left than the {B}?", "image_left_right", "AB", { side: "left", ...yn }],
  ["The {A} or the {B}, which is farther left?", "image_left_right", "AB", { side: "left" }],
  ["Which is on the right, the {A} or the {B}?", "image_left_right", "AB", { side: "right" }],
  // Facing the camera.
  ["Is the {A} facing the camera?", "multi_object_facing", "A", { camera: true, ...yn }],
  ["Is the {A} looking at me?", "multi_object_facing", "A", { camera: true }],
  ["Does the {A} face the camera?", "multi_object_facing", "A", { camera: true }],
  // One of a class, picked by a superlative.
  ["Which {A} is closest to the camera?", "which_one", "A", {
    target: {
      label: "{a}",
      text: "the {a} closest to the camera",
      selector: { kind: "extreme", by: "closest" },
    },
  }],
  ["Which {A} is nearest to me?", "which_one", "A"],
  ["Which {A} is the farthest?", "which_one", "A"],
  ["Which {A} is on the left?", "which_one", "A"],
  ["Which of the {A}s is the biggest?", "which_one", "A"],
  ["Which is the leftmost {A}?", "which_one", "A"],
  // Counting.
  ["How many {A}s are there?", "count", "A"],
  ["How many {A}s can you see?", "count", "A"],
  ["Count the {A}s.", "count", "A"],
  ["What is the number of {A}s in the photo?", "count", "A"],
]; // deno-fmt-ignore

/** "{A}s" with an irregular or -es plural. */
function pluralWord(word: string): string {
  return { man: "men", bench: "benches", bus: "buses" }[word] ?? `${word}s`;
}

function fill<T>(q: T, set: Record<string, [string, string]>): T {
  if (typeof q !== "string") {
    return (q && typeof q === "object"
      ? Object.fromEntries(Object.entries(q).map(([k, v]) => [k, fill(v, set)]))
      : q) as T;
  }
  return q.replace(/\{a\}/g, set.A[1]).replace(/\{([ABC])\}s/g, (_, k) => pluralWord(set[k][0]))
    .replace(/\{([ABC])\}/g, (_, k) => set[k][0]) as T;
}

const cases = ROWS.flatMap(([q, category, order, fields]) =>
  OBJECTS.map((set) => ({
    question: fill(q, set),
    category,
    labels: [...order].map((k) => set[k][1]),
    fields: fill(fields ?? {}, set),
  }))
);

Deno.test(`phrasings: ${cases.length} questions parse to their typed queries`, () => {
  assert.ok(cases.length >= 300, `${cases.length} cases`);
  const failures: string[] = [];
  for (const c of cases) {
    const r = parseQuestion(c.question);
    if (!r.ok) {
      failures.push(`${c.question} → ${r.reason}`);
      continue;
    }
    const q = r.query;
    const labels = q.category === "count" ? [q.label] : queryObjects(q).map((o) => o.label);
    const got = q as unknown as Record<string, unknown>;
    const bad = q.category !== c.category
      ? `category ${q.category}`
      : JSON.stringify(labels) !== JSON.stringify(c.labels)
      ? `labels ${labels}`
      : Object.entries(c.fields).find(([k, v]) => JSON.stringify(got[k]) !== JSON.stringify(v))
        ?.[0];
    if (bad) failures.push(`${c.question} → ${bad}: ${JSON.stringify(q)}`);
  }
  assert.deepEqual(failures, []);
});

Deno.test("phrasings: user text never collides with the parser's object tokens", () => {
  // "<7>" used to be read as the parser's own token for object 7 and crashed it.
  for (const q of ["Is <7> closer than the dog?", "<0> or <1>, which is closer?", "<1>"]) {
    const r = parseQuestion(q);
    assert.equal(r.ok, false, q);
    if (!r.ok) assert.match(r.reason, /could not match|found no object|which two objects/, q);
  }
  const r = parseQuestion("Is the dog closer to the camera than the car <0>?");
  assert.ok(r.ok);
  assert.deepEqual(queryObjects(r.query).map((o) => o.label), ["dog", "car"]);
});
