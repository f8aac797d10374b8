/**
 * Question text → {@link Query}. Not one template per category: the text is normalised (relation
 * words to canonical markers, "the camera taking this photo"/"me" to the camera), object mentions
 * are found by label, synonym or plural (COCO names via models/coco_query.ts, plus the scene's own
 * labels) together with their selectors ("the leftmost car", "the second car from the left", "the
 * car closest to the camera"), and the remaining sentence is matched against a set of phrasings
 * per category. A question no phrasing matches is reported as such, never guessed.
 *
 * @module
 */
import { cocoLabelFor, normalizePhrase } from "../../models/coco_query.ts";
import type { Extreme, ObjectRef, ObserverRef, Query, Selector, ViewpointQuery } from "./query.ts";

/** A parse: the query, or why there is none. */
export type ParseResult = { ok: true; query: Query } | { ok: false; reason: string };

/** What the parser knows besides the text. */
export interface ParseContext {
  /** Multiple-choice options; objects named only in the options are used as the choices. */
  options?: string[];
  /** Labels of the objects present (scene or detections), matched before COCO names. */
  labels?: readonly string[];
}

/** A found object mention. */
interface Mention {
  ref: ObjectRef;
  /** "the two chairs" / "both chairs": stands for this many objects. */
  group?: number;
}

/** Markers the normaliser writes; upper case so they never collide with user words. */
const CAM = "CAM";

/** Canonical rewrites, in order; each turns many phrasings into one marker. */
const REWRITES: [RegExp, string][] = [
  [/\b(?:can|could) you (?:please )?(?:tell me|say)\b|\bplease\b|\bdo you think\b/g, " "],
  [
    /\bconsider(?:ing)? the real[ -]world 3d locations?(?: and orientations?)? of the objects\b/g,
    " ",
  ],
  [/\bin (?:the )?(?:3d|real)(?: world)?(?: space)?\b|\bin 3d\b|\bdirectly\b|\bactually\b/g, " "],
  [/\bleft[ -]most\b/g, "leftmost"],
  [/\bright[ -]most\b/g, "rightmost"],
  [/\bnearer\b/g, "closer"],
  [/\bnearest\b/g, "closest"],
  [/\bfurther\b/g, "farther"],
  [/\bfurthest\b/g, "farthest"],
  [/\bmore distant\b/g, "farther"],
  [
    /\b(?:the )?(?:camera|photographer|viewer|observer)(?: (?:that|which|who) (?:took|takes|captured)| taking| capturing)?(?: (?:this|the))?(?: (?:photo|picture|image|shot))?\b/g,
    CAM,
  ],
  [/\b(?:me|us)\b/g, CAM],
  [/\b(?:perspective|point of view|viewpoint|pov|vantage point|view)\b/g, "VIEW"],
  [
    /\b(?:on|to) (?:the|its|his|her|their|your|my) left(?: side| hand side)? or (?:on |to )?(?:the |its |his |her |their |your |my )?right(?: side| hand side)?\b/g,
    "LEFTORRIGHT",
  ],
  [
    /\b(?:on|to) (?:the|its|his|her|their|your|my) right(?: side| hand side)? or (?:on |to )?(?:the |its |his |her |their |your |my )?left(?: side| hand side)?\b/g,
    "LEFTORRIGHT",
  ],
  [/\b(?:(?:on|to|at) (?:the )?)?left(?: side| hand side)? of\b/g, "LEFTOF"],
  [/\b(?:(?:on|to|at) (?:the )?)?right(?: side| hand side)? of\b/g, "RIGHTOF"],
  [/\b(?:on|to) (?:the|its|his|her|their|your|my) left(?: side| hand side)?\b/g, "ONLEFT"],
  [/\b(?:on|to) (?:the|its|his|her|their|your|my) right(?: side| hand side)?\b/g, "ONRIGHT"],
  [/\bin front of (?:or behind|or in back of)\b|\bin front or behind\b/g, "FRONTORBEHIND"],
  [/\bbehind or in front of\b/g, "FRONTORBEHIND"],
  [/\bin front of\b/g, "FRONTOF"],
  [/\bin back of\b|\bbehind\b/g, "BEHIND"],
  [/\bin front\b/g, "INFRONT"],
  [/\b(?:underneath|beneath|under|below)\b/g, "BELOW"],
  [/\b(?:on top of|above|over)\b/g, "ABOVE"],
  [/\bsame (?:direction|way|orientation|heading)s?\b/g, "SAMEDIR"],
  [/\bopposite (?:direction|way|orientation|heading)s?\b/g, "OPPDIR"],
  [
    /\b(?:(?:is|are) )?(?:facing|looking|pointing|pointed|turned|oriented|heading|headed|face|faces|look|looks|point|points)(?: (?:at|towards?|in))?(?= (?:the )?SAMEDIR| (?:the )?OPPDIR)/g,
    "FACEDIR",
  ],
  [
    /\b(?:facing|looking|pointing|pointed|turned|oriented|face|faces|look|looks)(?: (?:at|towards?|in the direction of))?\b/g,
    "FACING",
  ],
  [
    /\b(?:next to|beside|besides|adjacent to|alongside|close to|near to|near|by the side of)\b/g,
    "NEXTTO",
  ],
  [/(?<!\bhow )\b(?:far away from|far apart from|far from|far away|far apart)\b/g, "FARFROM"],
  [/\b(?:in the|in this) (?:image|photo|picture|scene|frame)\b/g, "CAMVIEW"],
  [
    /\b(?:from|in) (?:CAM 's|my|our|the CAM 's) VIEW\b|\bfrom the VIEW of CAM\b|\bas seen (?:by|from) CAM\b|\bfrom where CAM (?:stands?|is)\b/g,
    "CAMVIEW",
  ],
]; // deno-fmt-ignore

/** Words that may precede a label as a selector. */
const EXTREMES: Record<string, Extreme> = {
  leftmost: "leftmost",
  left: "leftmost",
  rightmost: "rightmost",
  right: "rightmost",
  closest: "closest",
  farthest: "farthest",
  largest: "largest",
  biggest: "largest",
  smallest: "smallest",
};

const ORDINALS: Record<string, number> = {
  first: 1,
  "1st": 1,
  second: 2,
  "2nd": 2,
  third: 3,
  "3rd": 3,
  fourth: 4,
  "4th": 4,
  fifth: 5,
  "5th": 5,
};

/** Words that structure a sentence and so never belong to an object's name. */
const STRUCTURE_WORDS = new Set(
  ("of and or is are was were to from than in on at with which that the a an my its his her " +
    "their your our this these those it be not no very last").split(" "),
);

const GROUP_WORDS: Record<string, number> = { two: 2, both: 2, "2": 2, three: 3, "3": 3 };

/** Words never read as an object (they collide with COCO synonyms in questions). */
const NOT_OBJECTS = new Set(["CAM", "VIEW", "it", "he", "she", "they", "one", "object", "side"]);

function normLabel(s: string): string {
  return s.toLowerCase().replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim();
}

function plurals(word: string): string[] {
  if (/(s|x|z|ch|sh)$/.test(word)) return [`${word}es`];
  if (/[^aeiou]y$/.test(word)) return [`${word.slice(0, -1)}ies`, `${word}s`];
  return [`${word}s`];
}

/** Phrase (1–3 words) → canonical label, or undefined. */
function makeLabeler(sceneLabels: readonly string[]): (phrase: string) => string | undefined {
  const scene = new Map<string, string>();
  for (const l of sceneLabels) {
    const n = normLabel(l);
    scene.set(n, n);
    const words = n.split(" ");
    for (const p of plurals(words.at(-1)!)) scene.set([...words.slice(0, -1), p].join(" "), n);
  }
  return (phrase) => {
    const hit = scene.get(phrase);
    if (hit) return hit;
    const words = phrase.split(" ");
    // Articles, punctuation and markers belong to the sentence, not to the object's name.
    if (normalizePhrase(phrase) !== phrase || words.some((w) => NOT_OBJECTS.has(w))) {
      return undefined;
    }
    const label = cocoLabelFor(phrase);
    if (!label) return undefined;
    // "red car" reaches "car" through its last word: take the single word and leave the rest.
    if (words.length > 1 && cocoLabelFor(words.at(-1)!) === label) return undefined;
    return label;
  };
}

/** Whether an object with this label answers to the query label. */
export function labelMatches(objectLabel: string, queryLabel: string): boolean {
  const n = normLabel(objectLabel);
  return n === queryLabel || cocoLabelFor(n) === queryLabel;
}

/** Lower case, apostrophes split off, punctuation out (commas kept as tokens), markers in. */
function normalize(text: string): string {
  let s = ` ${text.toLowerCase().replace(/[’‘`]/g, "'")} `;
  s = s.replace(/(\w)'s\b/g, "$1 's").replace(/(\w)s'(?=\s)/g, "$1s 's");
  s = s.replace(/[?!.;:()"]/g, " ").replace(/,/g, " , ").replace(/\s+/g, " ");
  for (const [re, to] of REWRITES) s = s.replace(re, ` ${to} `).replace(/\s+/g, " ");
  return s.trim();
}

/** Replaces object mentions (with articles and selectors) by `<k>` tokens. */
function extractMentions(
  s: string,
  labeler: (p: string) => string | undefined,
  mentions: Mention[],
): string {
  const words = s.split(" ");
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    let matched = false;
    for (let n = 3; n >= 1 && !matched; n--) {
      if (i + n > words.length) continue;
      const phrase = words.slice(i, i + n).join(" ");
      const label = labeler(phrase);
      if (!label) continue;
      out.push(`<${mentions.length}:${phrase}:${label}>`);
      mentions.push({ ref: { label, text: phrase } });
      i += n;
      matched = true;
    }
    if (!matched) out.push(words[i++]);
  }
  // Adjectives between an article and the label belong to the name: "the old man", "the red car".
  let joined = out.join(" ").replace(
    /\b(the|a|an) ((?:[a-z]+ ){1,2})<(\d+):([^:>]+):([^>]+)>/g,
    (all, article, adjs: string, k, phrase, label) => {
      const words = adjs.trim().split(" ");
      if (
        words.some((w) =>
          STRUCTURE_WORDS.has(w) || w in EXTREMES || w in ORDINALS || w in GROUP_WORDS
        )
      ) {
        return all;
      }
      return `${article} <${k}:${adjs}${phrase}:${label}>`;
    },
  );
  joined = joined.replace(
    /(?:\b(the|a|an|this|that) )?(?:\b(very )?(leftmost|rightmost|closest|farthest|largest|biggest|smallest|left|right|first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th) )?(?:\b(two|both|2|three|3) )?<(\d+):([^:>]+):([^>]+)>(?: (from the (?:left|right|front|back)|on the (?:far )?(?:left|right)(?! of)|(?:closest) to CAM|(?:farthest) from CAM))?/g,
    (_all, article, _very, sel, group, k, phrase, _label, after) => {
      const m = mentions[Number(k)];
      const selector = readSelector(sel, after);
      if (selector) m.ref.selector = selector;
      if (group) m.group = GROUP_WORDS[group];
      const text = [article ?? "the", sel, group, phrase, after].filter(Boolean).join(" ")
        .replace(/\bCAM\b/g, "the camera");
      m.ref.text = text;
      return `<${k}>`;
    },
  );
  return joined;
}

/** Selector from the words before and after a label. */
function readSelector(sel?: string, after?: string): Selector | undefined {
  const from = after?.match(/^from the (left|right|front|back)$/)?.[1] as
    | "left"
    | "right"
    | "front"
    | "back"
    | undefined;
  if (sel && sel in ORDINALS) {
    return { kind: "ordinal", n: ORDINALS[sel], from: from ?? "left" };
  }
  if (sel === "last") return { kind: "ordinal", n: 1, from: from === "right" ? "left" : "right" };
  if (sel && sel in EXTREMES) return { kind: "extreme", by: EXTREMES[sel] };
  if (!after) return undefined;
  if (after.startsWith("on the")) {
    return { kind: "extreme", by: after.endsWith("left") ? "leftmost" : "rightmost" };
  }
  if (after.startsWith("closest")) return { kind: "extreme", by: "closest" };
  if (after.startsWith("farthest")) return { kind: "extreme", by: "farthest" };
  if (from) return { kind: "ordinal", n: 1, from };
  return undefined;
}

/** "the two chairs" → two refs to the first and second chair from the left. */
function expandGroups(s: string, mentions: Mention[]): string {
  return s.replace(/<(\d+)>/g, (tok, k) => {
    const m = mentions[Number(k)];
    if (!m.group || m.group < 2) return tok;
    const n = m.group;
    m.group = undefined;
    const base = m.ref;
    const ids: string[] = [];
    for (let i = 1; i <= n; i++) {
      const ref: ObjectRef = {
        label: base.label,
        text: `${["", "first", "second", "third"][i]} ${base.label}`.trim(),
        selector: { kind: "ordinal", n: i, from: "left" },
        groupSize: n,
      };
      if (i === 1) {
        mentions[Number(k)] = { ref };
        ids.push(`<${k}>`);
      } else {
        mentions.push({ ref });
        ids.push(`<${mentions.length - 1}>`);
      }
    }
    return ids.join(" and ");
  });
}

/** A regex over the normalised text; `§` stands for an object token and captures its index. */
function rx(source: string): RegExp {
  return new RegExp(source.replace(/§/g, "<(\\d+)>"));
}

const OBJ_PRONOUN = "(?:it|him|her|them|CAM|you|itself|himself|herself)";

/** The phrasings, each with the query it builds. */
type Rule = [RegExp, (m: RegExpMatchArray, ref: (i: string) => ObjectRef) => Query | string];

const WHICH = "which(?: (?:object|one|thing|item))?(?: of (?:them|the two|these|those))?";
const IS = "(?:is|sits|appears|stands|seems|looks|lies|would be)(?: to be)?";

function compareRelation(word: string): {
  category: "height_higher" | "location_above" | "location_closer_to_camera";
  relation: "higher" | "lower" | "above" | "below" | "closer" | "farther";
} {
  switch (word) {
    case "higher":
    case "lower":
      return { category: "height_higher", relation: word };
    case "ABOVE":
      return { category: "location_above", relation: "above" };
    case "BELOW":
      return { category: "location_above", relation: "below" };
    default:
      return { category: "location_closer_to_camera", relation: word as "closer" | "farther" };
  }
}

const RULES: Rule[] = [
  // Counting.
  [rx("\\bhow many(?: of)?(?: the)? §"), (m, ref) => {
    const r = ref(m[1]);
    return { category: "count", label: r.label, text: r.text.replace(/^the /, "") };
  }],
  [rx("\\b(?:count|number of)(?: the)? §"), (m, ref) => {
    const r = ref(m[1]);
    return { category: "count", label: r.label, text: r.text.replace(/^the /, "") };
  }],
  // Sizes.
  [rx("\\bhow (tall|high|wide|long) (?:is|are) §"), (m, ref) => sizeQuery(m[1], ref(m[2]))],
  [rx("\\b(height|width|length) of §"), (m, ref) => sizeQuery(m[1], ref(m[2]))],
  [
    rx("\\bhow (?:big|large) (?:is|are) §"),
    () => "“how big” can mean height, width or length: ask “how tall”, “how wide” or “how long”",
  ],
  // Distances.
  [
    rx("\\bhow far(?: away)? (?:is|are) § (?:from|to) CAM"),
    (m, ref) => ({ category: "distance_to_camera", a: ref(m[1]) }),
  ],
  [
    rx("\\bhow far (?:is|are) CAM (?:from|to) §"),
    (m, ref) => ({ category: "distance_to_camera", a: ref(m[1]) }),
  ],
  [
    rx("\\bdistance (?:from|between) CAM (?:to|and) §"),
    (m, ref) => ({ category: "distance_to_camera", a: ref(m[1]) }),
  ],
  [
    rx("\\b(?:distance|depth) (?:from|between|of) § (?:to|and|from) CAM"),
    (m, ref) => ({ category: "distance_to_camera", a: ref(m[1]) }),
  ],
  [
    rx("\\bhow far(?: apart| away from each other)? (?:is|are) § (?:and|from) §"),
    (m, ref) => ({ category: "distance_between", a: ref(m[1]), b: ref(m[2]) }),
  ],
  [
    rx("\\b(?:distance|gap|separation) (?:from|between) § (?:to|and) §"),
    (m, ref) => ({ category: "distance_between", a: ref(m[1]), b: ref(m[2]) }),
  ],
  [
    rx("\\bhow far(?: away)? (?:is|are) §(?: away)?$"),
    (m, ref) => ({ category: "distance_to_camera", a: ref(m[1]) }),
  ],
  [
    rx("\\b(?:what is|what 's) the (?:distance|depth) (?:to|of) §$"),
    (m, ref) => ({ category: "distance_to_camera", a: ref(m[1]) }),
  ],
  // Directions of two objects.
  [
    rx("\\b(?:are|do|is) § and § (?:FACEDIR )?(?:in )?(?:the )?(SAMEDIR|OPPDIR)"),
    (m, ref) => dirPair(m[3], ref(m[1]), ref(m[2])),
  ],
  [
    rx("\\b(?:is|does) § (?:FACEDIR )?(?:in )?(?:the )?(SAMEDIR|OPPDIR) (?:as|to) §"),
    (m, ref) => dirPair(m[2], ref(m[1]), ref(m[3])),
  ],
  [
    rx("\\b(?:are|is) § and § (?:FACING |aligned |positioned |placed )?(?:in )?(parallel)"),
    (m, ref) => dirPair(m[3], ref(m[1]), ref(m[2])),
  ],
  [
    rx("\\bis § (?:FACING |aligned |positioned |placed )?(?:in )?(parallel) (?:to|with) §"),
    (m, ref) => dirPair(m[2], ref(m[1]), ref(m[3])),
  ],
  // Facing.
  [
    rx(`\\b${WHICH} (?:is|does) § FACING ?§ or §`),
    (m, ref) => ({
      category: "multi_object_facing",
      subject: ref(m[1]),
      candidates: [ref(m[2]), ref(m[3])],
      form: "which",
    }),
  ],
  [
    rx("\\b(?:is|does) § FACING § or §"),
    (m, ref) => ({
      category: "multi_object_facing",
      subject: ref(m[1]),
      candidates: [ref(m[2]), ref(m[3])],
      form: "which",
    }),
  ],
  [
    rx("\\b(?:is|does) § FACING §"),
    (m, ref) => ({
      category: "multi_object_facing",
      subject: ref(m[1]),
      candidates: [ref(m[2])],
      form: "yes_no",
    }),
  ],
  // Closer to another object (three objects).
  [
    rx(`\\b${WHICH} ${IS} (closer|farther)(?: away)? (?:to|from) § § or §`),
    (m, ref) => ({
      category: "multi_object_closer_to",
      reference: ref(m[2]),
      candidates: [ref(m[3]), ref(m[4])],
      relation: m[1] as "closer",
      form: "which",
    }),
  ],
  [
    rx(`§ or § ${WHICH} ${IS} (closer|farther)(?: away)? (?:to|from) §`),
    (m, ref) => ({
      category: "multi_object_closer_to",
      reference: ref(m[4]),
      candidates: [ref(m[1]), ref(m[2])],
      relation: m[3] as "closer",
      form: "which",
    }),
  ],
  [
    rx("\\bis § (closer|farther)(?: away)? (?:to|from) § than §"),
    (m, ref) => ({
      category: "multi_object_closer_to",
      reference: ref(m[3]),
      candidates: [ref(m[1]), ref(m[4])],
      relation: m[2] as "closer",
      form: "yes_no",
    }),
  ],
  [
    rx("\\bis § (closer|farther)(?: away)? (?:to|from) § or (?:to |from )?§"),
    (m, ref) => ({
      category: "multi_object_closer_to",
      reference: ref(m[1]),
      candidates: [ref(m[3]), ref(m[4])],
      relation: m[2] as "closer",
      form: "which",
    }),
  ],
  // Comparing two locations: which-questions.
  [
    rx(
      `\\b${WHICH} ${IS} (higher|lower|ABOVE|BELOW|closer|farther)(?: up| down| away)?(?: (?:to|from) CAM)? § or §`,
    ),
    (m, ref) => ({ ...compareRelation(m[1]), a: ref(m[2]), b: ref(m[3]), form: "which" }),
  ],
  [
    rx(
      `§ or § ${WHICH} ${IS} (higher|lower|ABOVE|BELOW|closer|farther)(?: up| down| away)?(?: (?:to|from) CAM)?`,
    ),
    (m, ref) => ({ ...compareRelation(m[3]), a: ref(m[1]), b: ref(m[2]), form: "which" }),
  ],
  [
    rx(`\\b${WHICH} ${IS} (closer|farther)(?: away)? (?:to|from) CAM`),
    () => "which two objects to compare: name them in the question or give them as --options",
  ],
  // Comparing two locations: yes/no.
  [
    rx(
      "\\b(?:is|are) § (?:positioned |located |placed |situated )?(higher|lower)(?: up| down)? than §",
    ),
    (m, ref) => ({ ...compareRelation(m[2]), a: ref(m[1]), b: ref(m[3]), form: "yes_no" }),
  ],
  [
    rx("\\b(?:is|are) § (closer|farther)(?: away)? (?:to|from) CAM than §"),
    (m, ref) => ({ ...compareRelation(m[2]), a: ref(m[1]), b: ref(m[3]), form: "yes_no" }),
  ],
  [
    rx("\\b(?:is|are) § (closer|farther)(?: away)? than § (?:to|from) CAM"),
    (m, ref) => ({ ...compareRelation(m[2]), a: ref(m[1]), b: ref(m[3]), form: "yes_no" }),
  ],
  [
    rx("\\b(?:is|are) § (closer|farther)(?: away)? than §"),
    (m, ref) => ({ ...compareRelation(m[2]), a: ref(m[1]), b: ref(m[3]), form: "yes_no" }),
  ],
  [
    rx(
      "\\b(?:is|are) § (?:positioned |located |placed |situated |hanging |floating )?(ABOVE|BELOW) §",
    ),
    (m, ref) => ({ ...compareRelation(m[2]), a: ref(m[1]), b: ref(m[3]), form: "yes_no" }),
  ],
  // Next to.
  [
    rx("\\bare § and § NEXTTO each other or FARFROM(?: each other)?"),
    (m, ref) => ({
      category: "location_next_to",
      a: ref(m[1]),
      b: ref(m[2]),
      relation: "next_to",
      form: "which",
    }),
  ],
  [
    rx("\\bare § and § (NEXTTO|FARFROM) each other"),
    (m, ref) => ({
      category: "location_next_to",
      a: ref(m[1]),
      b: ref(m[2]),
      relation: m[3] === "NEXTTO" ? "next_to" : "far_from",
      form: "yes_no",
    }),
  ],
  [
    rx("\\bare § and § (?:close together|together)"),
    (m, ref) => ({
      category: "location_next_to",
      a: ref(m[1]),
      b: ref(m[2]),
      relation: "next_to",
      form: "yes_no",
    }),
  ],
  [
    rx("\\b(?:is|are) § (?:right |standing |sitting |parked |placed |located )?(NEXTTO|FARFROM) §"),
    (m, ref) => ({
      category: "location_next_to",
      a: ref(m[1]),
      b: ref(m[3]),
      relation: m[2] === "NEXTTO" ? "next_to" : "far_from",
      form: "yes_no",
    }),
  ],
  // "On" (resting on) is read as above: the contact itself cannot be seen in 3D centres.
  [
    rx("\\b(?:is|are) § (?:sitting |standing |lying |placed |resting |located |parked )?on §"),
    (m, ref) => ({
      category: "location_above",
      relation: "above",
      a: ref(m[1]),
      b: ref(m[2]),
      form: "yes_no",
    }),
  ],
]; // deno-fmt-ignore

function sizeQuery(word: string, a: ObjectRef): Query {
  const category = word === "tall" || word === "high" || word === "height"
    ? "object_height"
    : word === "wide" || word === "width"
    ? "object_width"
    : "object_length";
  return { category, a };
}

function dirPair(word: string, a: ObjectRef, b: ObjectRef): Query {
  const same = word === "SAMEDIR" || word === "OPPDIR";
  return {
    category: same ? "multi_object_same_direction" : "multi_object_parallel",
    a,
    b,
    relation: word === "SAMEDIR" ? "same" : word === "OPPDIR" ? "opposite" : "parallel",
    form: "yes_no",
  };
}

type SideQuery = Omit<ViewpointQuery, "category" | "question" | "options">;

const SIDE_WORD = {
  LEFTOF: "left",
  RIGHTOF: "right",
  ONLEFT: "left",
  ONRIGHT: "right",
  FRONTOF: "in_front",
  INFRONT: "in_front",
  BEHIND: "behind",
} as const;

function pick(axis: ViewpointQuery["axis"], word?: string) {
  const relation = word ? SIDE_WORD[word as keyof typeof SIDE_WORD] : undefined;
  return relation ? { axis, relation, form: "yes_no" as const } : { axis, form: "which" as const };
}

function axisOf(word: string): ViewpointQuery["axis"] {
  return /LEFT|RIGHT/.test(word) ? "left_right" : "front_behind";
}

/**
 * "Is A left of / in front of B" — B's own sides (3DSRBench), the camera's when the question
 * says "in the image" / "from my viewpoint", or a named observer's.
 */
function relativeSide(
  s: string,
  ref: (i: string) => ObjectRef,
  observer: ObserverRef | undefined,
  cameraView: boolean,
): { query: SideQuery; category: ViewpointQuery["category"] } | undefined {
  const m = s.match(rx("§ (LEFTOF|RIGHTOF|FRONTOF|BEHIND|LEFTORRIGHT of|FRONTORBEHIND(?: of)?) §"));
  if (!m) return undefined;
  const word = m[2].replace(/ of$/, "");
  const axis = axisOf(word);
  const chosen = word.includes("OR") ? pick(axis) : pick(axis, word);
  const target = ref(m[1]);
  const b = ref(m[3]);
  const category = axis === "left_right" ? "orientation_on_the_left" : "orientation_in_front_of";
  if (observer) return { query: { observer, target, reference: b, ...chosen }, category };
  if (cameraView) {
    return { query: { observer: "camera", target, reference: b, ...chosen }, category };
  }
  return { query: { observer: { object: b }, target, ...chosen }, category };
}

/** "Is A on my left", "is A in front of it": A relative to the observer itself. */
function observerSide(s: string, ref: (i: string) => ObjectRef, observer: ObserverRef) {
  const P = OBJ_PRONOUN;
  let m = s.match(
    rx(
      `§ (?:is |be )?(LEFTORRIGHT|ONLEFT|ONRIGHT|FRONTORBEHIND|INFRONT|BEHIND|FRONTOF|LEFTOF|RIGHTOF)(?: ${P})?(?: or (ONLEFT|ONRIGHT|INFRONT|BEHIND|FRONTOF))?`,
    ),
  );
  if (m) {
    const which = !!m[3] || m[2].includes("OR");
    return {
      observer,
      target: ref(m[1]),
      ...(which ? pick(axisOf(m[2])) : pick(axisOf(m[2]), m[2])),
    };
  }
  m = s.match(rx(`which side(?: of ${P})? (?:is|are) § (?:on|at)`));
  if (m) return { observer, target: ref(m[1]), ...pick("left_right") };
  return undefined;
} // deno-fmt-ignore

/** Viewpoint clauses: whose eyes the rest of the question looks through. */
function viewpointQuery(
  s: string,
  ref: (i: string) => ObjectRef,
  cameraView: boolean,
): Query | string | undefined {
  const STAND = "(?:(?:if|when|suppose|imagine|assume) (?:that )?)?(?:(?:i|you|we|one|someone) ?(?:am |are |were |was |is |'m |'re )?(?:stand|stands|standing|stood|sit|sits|sitting|sat|be|positioned|located|placed)?|standing|sitting|positioned|located)";
  const AT = "(?: (?:at|by|on|in|beside|NEXTTO|FRONTOF|near))?(?: the (?:position|location) of)?";
  let m: RegExpMatchArray | null;
  // Standing at A facing B.
  if ((m = s.match(rx(`^(.*?)\\b${STAND}${AT} § (?:'s (?:position|location) )??(?:and |while |with (?:my|your) back to \\S+ and )?(?:am |are |were |is )?FACING § (.*)$`))) ||
      (m = s.match(rx(`^(.*?)\\bfrom § (?:looking |FACING )(?:at |towards? )?§ (.*)$`)))) {
    const observer: ObserverRef = { position: ref(m[2]), facing: ref(m[3]) };
    const rest = `${m[1]} ${m[4]}`;
    const q = relativeSide(rest, ref, observer, false)?.query ?? observerSide(rest, ref, observer);
    if (!q) return "the part after the viewpoint (e.g. “is the lamp on my left?”)";
    return { ...q, category: "multi_object_viewpoint_towards_object" };
  }
  // Seeing through A's eyes: "from A's perspective", "standing at A's position facing where it faces".
  if ((m = s.match(rx(`^(.*?)\\b(?:from|in|through) (?:the VIEW of § |§ 's VIEW |§ 's eyes )(.*)$`))) ||
      (m = s.match(rx(`^(.*?)\\b${STAND}${AT} § (?:'s (?:position|location) )??(?:and )?(?:am |are |were )?FACING (?:where|the (?:same )?(?:direction|way)) (?:that )?(?:it|he|she|they|§) (?:'s |is |are |was )?(?:FACING)? ?(.*)$`))) ||
      (m = s.match(rx(`^(.*?)\\b(?:if|when|suppose|imagine) (?:i|you|we) (?:am|are|were|was) § (.*)$`)))) {
    const idx = m.slice(2, -1).find((g) => g !== undefined)!;
    const observer: ObserverRef = { object: ref(idx) };
    const rest = `${m[1]} ${m.at(-1)}`;
    const q = relativeSide(rest, ref, observer, false)?.query ?? observerSide(rest, ref, observer);
    if (!q) return "the part after the viewpoint (e.g. “is the horse on their left or right?”)";
    return { ...q, category: "orientation_viewpoint" };
  }
  const side = relativeSide(s, ref, undefined, cameraView);
  return side ? { ...side.query, category: side.category } : undefined;
} // deno-fmt-ignore

/** Words after an article that name no object, yet are ordinary in spatial questions. */
const SENTENCE_NOUNS = new Set(
  ("same other left right front back image photo picture scene way direction distance height " +
    "width length number position location 3d real world space two both three first second " +
    "third last leftmost rightmost closest farthest largest smallest biggest object objects one " +
    "ones middle center centre each answer question following options option")
    .split(" "),
);

/** Nouns after an article that are not objects the detector knows ("the lamp"). */
function unknownNouns(s: string, labeler: (p: string) => string | undefined): string[] {
  const out = new Set<string>();
  for (const m of s.matchAll(/\b(?:the|a|an|this|that) ([a-z]+)\b/g)) {
    if (!SENTENCE_NOUNS.has(m[1]) && !labeler(m[1])) out.add(m[1]);
  }
  return [...out];
}

/** Parses a question; objects are matched against `ctx.labels` and the COCO names. */
export function parseQuestion(question: string, ctx: ParseContext = {}): ParseResult {
  const labeler = makeLabeler(ctx.labels ?? []);
  const mentions: Mention[] = [];
  let s = normalize(question);
  let cameraView = false;
  s = s.replace(/\bCAMVIEW\b/g, () => {
    cameraView = true;
    return " ";
  });
  s = extractMentions(s, labeler, mentions);
  // Objects named only in the options become the choices: "Which is closer? (A) dog (B) bike".
  const optionRefs = (ctx.options ?? []).map((o) => {
    const before = mentions.length;
    extractMentions(normalize(o), labeler, mentions);
    return mentions.length === before + 1 ? `<${before}>` : undefined;
  });
  const bodyMentions = (s.match(/<\d+>/g) ?? []).length;
  if (optionRefs.length >= 2 && optionRefs.every((r) => r) && /\bwhich\b/.test(s)) {
    s = `${s} , ${optionRefs.join(" or ")}`;
  }
  // Commas only served to keep selectors from reaching across them ("on the left, dog or car").
  s = expandGroups(s, mentions).replace(/,/g, " ").replace(/\s+/g, " ").trim();
  const ref = (i: string) => mentions[Number(i)].ref;
  const withCommon = (q: Query): ParseResult => ({
    ok: true,
    query: { ...q, question, ...(ctx.options?.length ? { options: ctx.options } : {}) },
  });
  const unknown = unknownNouns(s, labeler);
  const fail = (reason: string): ParseResult => ({
    ok: false,
    reason: unknown.length
      ? `${unknown.map((w) => `“${w}”`).join(", ")} ${
        unknown.length > 1 ? "are not objects" : "is not an object"
      } the detector knows (it finds the 80 COCO classes such as person, car, dog, chair, ` +
        `and their common synonyms); ${reason}`
      : reason,
  });
  // A trailing space lets clauses that end the sentence match "§ (.*)$" like inner ones.
  const view = viewpointQuery(`${s} `, ref, cameraView);
  if (typeof view === "string") return fail(`could not read ${view}`);
  if (view) return withCommon(view);
  for (const [re, build] of RULES) {
    const m = s.match(re);
    if (!m) continue;
    const q = build(m, ref);
    if (typeof q === "string") return fail(`could not tell ${q}`);
    return withCommon(q);
  }
  if (bodyMentions === 0 && !optionRefs.some(Boolean)) {
    return fail(
      unknown.length ? "no object left to ask about" : "found no object the detector knows in " +
        "the question (it finds the 80 COCO classes such as person, car, dog, chair, and their " +
        "common synonyms)",
    );
  }
  const named = mentions.map((m) => m.ref.label).join(", ");
  return fail(
    `could not match the question to a known question type (objects found: ${named}); ` +
      "see docs/agent.md for the question types and example phrasings",
  );
}
