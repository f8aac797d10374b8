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
import { LENGTH_UNITS, type LengthUnit } from "../number_format.ts";
import { analyse, isRelationWord } from "./clause.ts";
import { KINDS } from "./kinds.ts";
import { unmeasurable } from "./unmeasurable.ts";
import { COCO_LABELS } from "../../models/coco.ts";
import { COLOUR_NAMES, colourWord } from "../../core/colour.ts";
import { didYouMean, type Labeler, makeLabeler } from "./lexicon.ts";
import {
  BASIC3D_CATEGORIES,
  type Extreme,
  type ObjectRef,
  type Query,
  type Selector,
} from "./query.ts";

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

/** "More tall" → taller, "most big" → biggest: comparatives as many learners of English write them. */
const ANALYTIC: [RegExp, string][] = [
  ["high", "higher", "highest"],
  ["low", "lower", "lowest"],
  ["tall", "taller", "tallest"],
  ["short", "shorter", "shortest"],
  ["big", "bigger", "biggest"],
  ["large", "bigger", "largest"],
  ["small", "smaller", "smallest"],
  ["wide", "wider", "widest"],
  ["narrow", "narrower", "narrowest"],
  ["long", "longer", "longest"],
].flatMap(([w, more, most]) =>
  [
    [new RegExp(`\\bmore ${w}\\b`, "g"), more],
    [new RegExp(`\\bmost ${w}\\b`, "g"), most],
  ] as [RegExp, string][]
);

/** Canonical rewrites, in order; each turns many phrasings into one marker. */
const REWRITES: [RegExp, string][] = [
  [
    /\b(?:can|could|would|will) you (?:please )?(?:tell me|say|let me know|find out|figure out|work out|check|determine)\b|\b(?:let me know|tell me|i (?:was |am )?wonder(?:ing)?|i would like to know|i want to know|i (?:need|want|would like) to (?:know|check|find out)|i am curious|can you check|check (?:if|whether)|um+|uh+|hmm+)\b|\bplease\b|\bdo you think\b/g,
    " ",
  ],
  [
    /\bconsider(?:ing)? the real[ -]world 3d locations?(?: and orientations?)? of the objects(?: in the (?:image|photo|picture|scene))?\b/g,
    " ",
  ],
  [/\bin (?:the )?(?:3d|real)(?: world)?(?: space)?\b|\bin 3d\b|\bdirectly\b|\bactually\b/g, " "],
  [/\b(?:looking|seen|viewed|viewing|watching|judging) from\b/g, "from"],
  [
    /\b(?:looking at|in|on) (?:the |this )?(?:photo|picture|image|screen|pic)\b|\bon screen\b/g,
    "CAMVIEW",
  ],
  [/^ (?:please )?point (?:out|to|at)\b/g, " find"],
  // "Can you point out the smallest elephant?" is "find the smallest elephant".
  [
    /^ (?:(?:can|could|would|will) you (?:please )?)?(?:show me|point out|find|identify|spot)\b/g,
    " find",
  ],
  [/\b(more \w+|less \w+|\w+er) then\b/g, "$1 than"],
  [/\b(?:right|just) by\b/g, "next to"],
  [/\bleftwards?\b/g, "left"],
  [/\brightwards?\b/g, "right"],
  [/\ba long way (?:away )?from\b/g, "far from"],
  [/\b(?:perpendicular|orthogonal|at right angles?)(?: to)?\b/g, "PERP"],
  [/\bover (?:to|on|at) (?:the )?(left|right)\b/g, "to the $1"],
  [/\bleft[ -]most\b/g, "leftmost"],
  [/\bright[ -]most\b/g, "rightmost"],
  [
    /\b(?:(?:when|if|as) )?(?:compared|relative) (?:to|with)\b|\bin comparison (?:to|with)\b/g,
    "than",
  ],
  [/\bhow much (far|tall|high|wide|long|big|large)\b/g, "how $1"],
  [/\b(?:more|less) (?:near|close)\b(?! to (?:each other|one another))/g, "closer"],
  [/\bmost (?:near|close)\b/g, "closest"],
  [/\bmore (?:far|distant)\b/g, "farther"],
  [/\bmost (?:far|distant)\b/g, "farthest"],
  ...ANALYTIC,
  [/\bversus\b|\bvs\b/g, "or"],
  [/\bnearer\b/g, "closer"],
  [/\bnearest\b/g, "closest"],
  [/\bfurther\b/g, "farther"],
  [/\bfurthest\b/g, "farthest"],
  [/\bmore distant\b/g, "farther"],
  [
    /\b(?:the )?(?:camera|cam|lens|camera lens|photographer|viewer|observer)(?: (?:that|which|who) (?:took|takes|captured)| taking| capturing)?(?: (?:this|the))?(?: (?:photo|picture|image|shot))?\b/g,
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
  [
    /\b(?:on|to|at|in|towards?) (?:the )?(?:far )?left(?: hand)?(?: side| part| half| edge)? of (?:the |this )?(?:image|photo|picture|frame|scene|shot)\b/g,
    "ONLEFT CAMVIEW",
  ],
  [
    /\b(?:on|to|at|in|towards?) (?:the )?(?:far )?right(?: hand)?(?: side| part| half| edge)? of (?:the |this )?(?:image|photo|picture|frame|scene|shot)\b/g,
    "ONRIGHT CAMVIEW",
  ],
  [
    /\b(?:on|to|at) ((?:the |a |an )?[a-z]+(?: [a-z]+)?) 's (?:left(?: hand)?(?: side)? or (?:the |its |his |her |their )?right|right(?: hand)?(?: side)? or (?:the |its |his |her |their )?left)(?: hand)?(?: side)?\b/g,
    "LEFTORRIGHT of $1",
  ],
  [
    /\b(?:on|to|at) ((?:the |a |an )?[a-z]+(?: [a-z]+)?) 's left(?: hand)?(?: side)?\b/g,
    "LEFTOF $1",
  ],
  [
    /\b(?:on|to|at) ((?:the |a |an )?[a-z]+(?: [a-z]+)?) 's right(?: hand)?(?: side)?\b/g,
    "RIGHTOF $1",
  ],
  [/\b(?:at|on) ((?:the |a |an )?[a-z]+(?: [a-z]+)?) 's (?:front|front side)\b/g, "in front of $1"],
  [/\b(?:at|on) ((?:the |a |an )?[a-z]+(?: [a-z]+)?) 's (?:back|rear|back side)\b/g, "behind $1"],
  [/\b(?:on|to|at) (the [a-z]+s) (left|right)(?: hand)?(?: side)?\b/g, "$2 of $1"],
  [/\b(?:the )?(?:left or (?:the )?right|right or (?:the )?left)\b/g, "LEFTORRIGHT"],
  [/\b(?:(?:on|to|at) (?:the )?)?left(?: side| hand side)? of\b/g, "LEFTOF"],
  [/\b(?:(?:on|to|at) (?:the )?)?right(?: side| hand side)? of\b/g, "RIGHTOF"],
  [
    /\b(?:on|to|towards?) (?:(?:the|its|his|her|their|your|my) )?(?:far )?left(?: side| hand side)?\b/g,
    "ONLEFT",
  ],
  [
    /\b(?:on|to|towards?) (?:(?:the|its|his|her|their|your|my) )?(?:far )?right(?: side| hand side)?\b/g,
    "ONRIGHT",
  ],
  [
    /\b(?:more|farther|closer|most|farthest) (?:(?:on|to|at|towards?) )?(?:the )?(?:ONLEFT|left)(?: side| hand side)?\b/g,
    "MORELEFT",
  ],
  [
    /\b(?:more|farther|closer|most|farthest) (?:(?:on|to|at|towards?) )?(?:the )?(?:ONRIGHT|right)(?: side| hand side)?\b/g,
    "MORERIGHT",
  ],
  [/\bclose together\b|\bclose to (?:each other|one another)\b/g, "NEXTTO each other"],
  [/\bin front of (?:or behind|or in back of)\b|\bin front or behind\b/g, "FRONTORBEHIND"],
  [/\bbehind or in front of\b/g, "FRONTORBEHIND"],
  [/\b(?:in|at|on) (?:the )?front(?: side)? of\b/g, "FRONTOF"],
  [/\bin back of\b|\bbehind\b/g, "BEHIND"],
  [/\bin front\b/g, "INFRONT"],
  [/\b(?:underneath|beneath|under|below)\b/g, "BELOW"],
  [/\b(?:on top of|above|over)\b/g, "ABOVE"],
  [
    /\bsame or (?:very |quite )?(?:different|opposite) (?:direction|way|orientation|heading)s?\b/g,
    "SAMEDIR or DIFFDIR",
  ],
  [
    /\bsame (?:or (?:a )?similar )?(?:direction|way|orientation|heading)s?\b|\bsimilar (?:direction|way|orientation|heading)s?\b/g,
    "SAMEDIR",
  ],
  [/\b(?:very |quite )?different (?:direction|way|orientation|heading)s?\b/g, "DIFFDIR"],
  [/\bopposite (?:direction|way|orientation|heading)s?\b/g, "OPPDIR"],
  [
    /\b(?:(?:is|are) )?(?:facing|looking|pointing|pointed|turned|oriented|heading|headed|face|faces|look|looks|point|points)(?: (?:at|towards?|in))?(?= (?:the )?SAMEDIR| (?:the )?OPPDIR)/g,
    "FACEDIR",
  ],
  [
    /\b(?:faced|looked at|watched|viewed) by\b/g,
    "FACEDBY",
  ],
  [
    /\b(?:facing|looking|pointing|pointed|turned|oriented|face|faces|faced|look|looks|point|points)(?: (?:at|towards?|to|in the direction of))?\b/g,
    "FACING",
  ],
  [
    /\b(?:next to|beside|besides|adjacent to|alongside|close to|near to|near|by the side of)\b/g,
    "NEXTTO",
  ],
  [/(?<!\bhow )\b(?:far away from|far apart from|far from|far away|far apart)\b/g, "FARFROM"],
  [
    /\b(?:in|on) (?:the |this |my )?(?:image|photo|picture|scene|frame|pic|photograph|shot|snapshot)\b/g,
    "CAMVIEW",
  ],
  [
    /\b(?:from|in) (?:CAM 's|my|our|the CAM 's) VIEW\b|\bfrom the VIEW of CAM\b|\bas seen (?:by|from) CAM\b|\bfrom where CAM (?:stands?|is)\b|\bfrom where (?:i|we) (?:am|are)(?: standing| sitting)?\b|\bfrom (?:my|our) (?:position|place|spot|seat)\b|\blooking at (?:the |this )?(?:photo|picture|image)\b/g,
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
  tallest: "tallest",
  shortest: "shortest",
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

/** Colour words an object may be named with (see core/colour.ts). */
const COLOUR_WORDS = [...COLOUR_NAMES, "grey", "violet"];

/** Words that structure a sentence and so never belong to an object's name. */
const STRUCTURE_WORDS = new Set(
  ("of and or is are was were to from than in on at with which that the a an my its his her " +
    "their your our this these those it be not no very last").split(" "),
);

const GROUP_WORDS: Record<string, number> = { two: 2, both: 2, "2": 2, three: 3, "3": 3 };

const UNIT_WORDS: [RegExp, LengthUnit][] = [
  [/^(?:feet|foot|ft)$/, "ft"],
  [/^(?:inch|inches)$/, "in"],
  [/^(?:centimet(?:er|re)s?|cm)$/, "cm"],
  [/^(?:millimet(?:er|re)s?|mm)$/, "mm"],
  [/^(?:met(?:er|re)s?|m)$/, "m"],
  [/^(?:yards?|yd|yds)$/, "yd"],
];

/** "…, in feet?" → the unit asked for and the text without it. */
function readUnit(question: string): { text: string; unit?: LengthUnit } {
  const re =
    /,?\s*\(?\b(?:in|into|using|with|measured in)\s+(?:the\s+)?(?:units?\s+of\s+)?([a-z]+)\b\)?/gi;
  const many = question.match(/\bhow many ([a-z]+)\b/i);
  const manyUnit = many && UNIT_WORDS.find(([w]) => w.test(many[1].toLowerCase()))?.[1];
  if (manyUnit && manyUnit in LENGTH_UNITS) return { text: question, unit: manyUnit };
  for (const m of question.matchAll(re)) {
    const unit = UNIT_WORDS.find(([w]) => w.test(m[1].toLowerCase()))?.[1];
    if (unit && unit in LENGTH_UNITS) {
      return { text: question.slice(0, m.index) + question.slice(m.index! + m[0].length), unit };
    }
  }
  return { text: question };
}

/** Lower case, apostrophes split off, punctuation out (commas kept as tokens), markers in. */
function normalize(text: string): string {
  // The readings of one question (and the options) normalise the same text: remember the last few.
  const known = NORMALIZED.get(text);
  if (known !== undefined) return known;
  const out = normalizeUncached(text);
  if (NORMALIZED.size >= 256) NORMALIZED.delete(NORMALIZED.keys().next().value!);
  NORMALIZED.set(text, out);
  return out;
}

const NORMALIZED = new Map<string, string>();

function normalizeUncached(text: string): string {
  let s = ` ${text.toLowerCase().replace(/[’‘`]/g, "'")} `;
  s = s.replace(/\b(\w+)n't\b/g, "$1 not").replace(/\bcan not\b/g, "cannot")
    .replace(
      /\b(i|you|we|they)'(m|re|d|ll|ve)\b/g,
      (_m, w: string, c: string) =>
        `${w} ${{ m: "am", re: "are", d: "would", ll: "will", ve: "have" }[c]}`,
    )
    .replace(/\b(what|where|which|who|how)s\b/g, "$1 's");
  s = s.replace(/(\w)'s\b/g, "$1 's").replace(/(\w)s'(?=\s)/g, "$1s 's");
  s = s.replace(/([a-z])-(?=[a-z])/g, "$1 ").replace(/\s*[—–]\s*|\s+--?\s+/g, " , ");
  s = s.replace(/\bdist\b/g, "distance");
  // Chat shorthand: "r" are, "u" you, "ur" your.
  s = s.replace(/\br\b/g, "are").replace(/\bu\b/g, "you").replace(/\bur\b/g, "your");
  // A restatement replaces what came before it: "is the lamp... no wait, the clock above the tv?".
  s = s.replace(/^.*(?:\.\.\.|…|--?|,)\s*(?:no|sorry|oops|i mean)\b(?:,?\s*wait\b)?[,:]?\s*/, " ");
  // Angle brackets are the object tokens' own: user text never contains them ("is <7> …").
  s = s.replace(/[?!.;:()"<>§]/g, " ").replace(/,/g, " , ").replace(/\s+/g, " ");
  for (const [re, to] of REWRITES) s = s.replace(re, ` ${to} `).replace(/\s+/g, " ");
  return s.trim();
}

/** Replaces object mentions (with articles and selectors) by `<k>` tokens. */
function extractMentions(
  s: string,
  labeler: Labeler,
  mentions: Mention[],
  sides = false,
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
  // Two names in a row are one compound named by its last: "the computer mouse", "the dog bed".
  for (let i = out.length - 2; i >= 0; i--) {
    const a = out[i].match(/^<(\d+):([^:>]+):[^>]+>$/);
    const b = out[i + 1].match(/^<(\d+):([^:>]+):([^>]+)>$/);
    if (!a || !b) continue;
    const phrase = `${a[2]} ${b[2]}`;
    mentions[Number(b[1])].ref.text = phrase;
    out.splice(i, 2, `<${b[1]}:${phrase}:${b[3]}>`);
  }
  // Colours say which one: "the red car", "how many white chairs", "the man in the blue jacket".
  const colourAlt = COLOUR_WORDS.join("|");
  // "The blue umbrella … the yellow one": "one" stands for the object named before it.
  let joined = out.join(" ").replace(
    new RegExp(`\\b(the|a|an) (${colourAlt}) one\\b`, "g"),
    (all, article: string, colour: string, at: number, whole: string) => {
      const before = [...whole.slice(0, at).matchAll(/<(\d+):[^:>]+:([^>]+)>/g)].at(-1);
      if (!before) return all;
      const label = before[2];
      mentions.push({ ref: { label, text: `${colour} ${label}` } });
      return `${article} ${colour} <${mentions.length - 1}:${label}:${label}>`;
    },
  );
  joined = joined.replace(
    new RegExp(`\\b(${colourAlt}) <(\\d+):([^:>]+):([^>]+)>`, "g"),
    (_all, colour: string, k, phrase, label) => {
      mentions[Number(k)].ref.colour = colourWord(colour);
      return `<${k}:${colour} ${phrase}:${label}>`;
    },
  ).replace(
    new RegExp(
      `<(\\d+):([^:>]+):([^>]+)> (in|with|wearing) (?:a |the |an )?(${colourAlt})(?: ([a-z]+))?`,
      "g",
    ),
    (all, k, phrase, label, prep: string, colour: string, thing?: string) => {
      if (thing && STRUCTURE_WORDS.has(thing)) return all;
      mentions[Number(k)].ref.colour = colourWord(colour);
      const words = [phrase, prep, prep === "wearing" ? "" : "the", colour, thing ?? ""];
      return `<${k}:${words.filter(Boolean).join(" ")}:${label}>`;
    },
  );
  // Adjectives between an article and the label belong to the name: "the old man", "the red car".
  joined = joined.replace(
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
    /(?:\b(the|a|an|this|that) )?(?:\b(very )?(leftmost|rightmost|closest|farthest|largest|biggest|smallest|tallest|shortest|left|right|first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th) )?(?:\b(two|both|2|three|3) )?<(\d+):([^:>]+):([^>]+)>(?: (from the (?:left|right|front|back)(?![a-z])|on the (?:far )?(?:left|right)(?![a-z])(?! of)|(?:closest) to CAM|(?:farthest) from CAM|ONLEFT|ONRIGHT))?/g,
    (_all, article, _very, sel, group, k, phrase, _label, after0) => {
      const m = mentions[Number(k)];
      // "the man on the right" is a selector only when sides are read as selectors.
      const side = after0 === "ONLEFT" || after0 === "ONRIGHT";
      const kept = side && !sides ? ` ${after0}` : "";
      const after = kept
        ? undefined
        : side
        ? `on the ${after0 === "ONLEFT" ? "left" : "right"}`
        : after0;
      const selector = readSelector(sel, after);
      if (selector) m.ref.selector = selector;
      if (group) m.group = GROUP_WORDS[group];
      const text = [article ?? "the", sel, group, phrase, after].filter(Boolean).join(" ")
        .replace(/\bCAM\b/g, "the camera");
      m.ref.text = text;
      return `<${k}>${kept}`;
    },
  );
  // "The elephant that is furthest away", "the chair which is the largest".
  return joined.replace(
    /<(\d+)> (?:that|which|who) (?:is|are|'s|sits|stands) (?:the )?(closest|farthest|leftmost|rightmost|largest|biggest|smallest|tallest|shortest)(?: one)?(?: away| to CAM| from CAM)?\b/g,
    (all, k, sel: string) => {
      const m = mentions[Number(k)];
      if (m.ref.selector) return all;
      m.ref.selector = readSelector(sel)!;
      m.ref.text = `${m.ref.text} that is ${sel}`;
      return `<${k}>`;
    },
  );
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
  // "The bigger of the two dogs": one of the group, picked by the comparative.
  s = s.replace(
    /\bthe (bigger|larger|smaller|taller|shorter|closer|farther|MORELEFT|MORERIGHT) (?:one )?of <(\d+)>/g,
    (all, word: string, k) => {
      const m = mentions[Number(k)];
      if (!m.group) return all;
      const by = PICK_BY[word];
      const text = `the ${by} of ${m.ref.text}`;
      m.ref = { ...m.ref, groupSize: m.group, selector: { kind: "extreme", by }, text };
      m.group = undefined;
      return `<${k}>`;
    },
  );
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

/** The comparative that picks one of a group ("the bigger of the two dogs") → its selector. */
const PICK_BY: Record<string, Extreme> = {
  bigger: "largest",
  larger: "largest",
  smaller: "smallest",
  taller: "tallest",
  shorter: "shortest",
  closer: "closest",
  farther: "farthest",
  MORELEFT: "leftmost",
  MORERIGHT: "rightmost",
};

/** Words after an article that name no object, yet are ordinary in spatial questions. */
const SENTENCE_NOUNS = new Set(
  ("same other left right front back image photo picture scene way direction distance height " +
    "width length number position location 3d real world space two both three first second " +
    "third last leftmost rightmost closest farthest largest smallest biggest object objects one " +
    "ones middle center centre each answer question following options option side sides angle " +
    "edge top bottom corner foreground background rest view moment time gap separation space " +
    "depth vertical horizontal is are was were be been has have had")
    .split(" "),
);

/** Nouns after an article that are not objects the detector knows ("the lamp"). */
function unknownNouns(s: string, labeler: Labeler): string[] {
  const out = new Set<string>();
  for (const m of s.matchAll(/\b(?:the|a|an|this|that) ([a-z]+)\b/g)) {
    if (!SENTENCE_NOUNS.has(m[1]) && !isRelationWord(m[1]) && !labeler(m[1])) out.add(m[1]);
  }
  return [...out];
}

/**
 * Options written into the question, as benchmark prompts do: "… camera? A. the dog B. the
 * bicycle" or "(A) left (B) right" — at least A and B, in order, each set off by a capital
 * letter and `.`, `)` or `:`.
 */
function embeddedOptions(question: string): { text: string; options: string[] } | undefined {
  // A closing instruction is not part of the last option: "…B. right\nAnswer with the letter."
  question = question.replace(
    /\n\s*(?:answer|please answer|respond|reply|choose|select|pick)\b[^\n]*$/i,
    "",
  );
  const m = question.match(
    /^(.*?[?.:])\s*(?:options?:?\s*)?\(?A[.):]\s*(.+?)\s+\(?B[.):]\s*(.+?)(?:\s+\(?C[.):]\s*(.+?))?(?:\s+\(?D[.):]\s*(.+?))?\s*$/is,
  );
  if (!m) return undefined;
  const options = m.slice(2).filter((o): o is string => !!o?.trim()).map((o) => o.trim());
  return { text: m[1], options };
}

/** "; did you mean “bicycle”?" for names that look like misspelt labels. */
function spelling(unknown: string[], labels: readonly string[]): string {
  const pool = [...labels, ...COCO_LABELS];
  const guesses = unknown.flatMap((w) => {
    const g = didYouMean(w, pool, { spellingOnly: true });
    return g ? [`“${g}”`] : [];
  });
  return guesses.length ? `; did you mean ${guesses.join(", ")}?` : "";
}

/**
 * Parses a question; objects are matched against `ctx.labels` and the COCO names. "The man on
 * the right" and "the chair next to the table" are first read as references; when that reading
 * fits no kind, as a side ("is the dog on the left?" from a viewpoint) or a relation ("is the
 * chair next to the table?").
 */
export function parseQuestion(question: string, ctx: ParseContext = {}): ParseResult {
  const embedded = ctx.options?.length ? undefined : embeddedOptions(question);
  if (embedded) {
    const r = parseQuestion(embedded.text, { ...ctx, options: embedded.options });
    return r.ok ? { ok: true, query: { ...r.query, question } } : r;
  }
  const sides = /\bon the (?:far )?(?:left|right)\b/i.test(question);
  const relations = RELATION_WORDS.test(question);
  const readings = [
    { sides, relations },
    { sides: false, relations },
    { sides, relations: false },
  ].filter((r, i, all) =>
    (r.sides || r.relations) &&
    all.findIndex((x) => x.sides === r.sides && x.relations === r.relations) === i
  );
  const failures: ParseResult[] = [];
  for (const reading of readings) {
    const r = parseOnce(question, ctx, reading);
    if (r.ok) return r;
    failures.push(r);
  }
  const plain = parseOnce(question, ctx, { sides: false, relations: false });
  // A reading that says what the question asks beats "could not match".
  const generic = (r: ParseResult) => !r.ok && /could not match the question/.test(r.reason);
  return !plain.ok && generic(plain) ? failures.find((f) => !generic(f)) ?? plain : plain;
}

/** Words that may tie an object to another one: "the chair next to the table". */
const RELATION_WORDS =
  /\b(?:next to|beside|near|by|holding|carrying|riding|with|behind|in front of|on|closest to|nearest to)\b/i;

/**
 * "<0> NEXTTO <1>" inside a longer question → one reference "the chair next to the table", picked
 * as the chair nearest the table.
 */
function absorbRelations(s: string, mentions: Mention[]): string {
  // The question's own relation is not a reference: "is the dog in front of the man or behind
  // him?" keeps it; "is the dog on the sofa closer than the cat?" absorbs "on".
  const words =
    /<\d+> (?:(?:sitting|standing|lying|parked|placed|resting|perched|sat|stood) )?(NEXTTO|holding|carrying|riding|with|BEHIND|FRONTOF|on|closest to) <\d+>/g;
  const left = analyse(s.replace(words, " "));
  if (!left.rel && !left.how) return s;
  const sameAxis = (w: string) =>
    ["BEHIND", "FRONTOF", "INFRONT"].includes(w) &&
    ["BEHIND", "FRONTOF", "INFRONT"].includes(left.rel?.word ?? "");
  if ([...s.matchAll(words)].some((m) => sameAxis(m[1]))) return s;
  return s.replace(
    /<(\d+)> (?:(?:sitting|standing|lying|parked|placed|resting|perched|sat|stood) )?(NEXTTO|holding|carrying|riding|with|BEHIND|FRONTOF|on|closest to) <(\d+)>/g,
    (all, k, word: string, j) => {
      const ref = mentions[Number(k)].ref;
      if (ref.selector) return all;
      const of = mentions[Number(j)].ref;
      const words = { NEXTTO: "next to", BEHIND: "behind", FRONTOF: "in front of" }[word] ?? word;
      // "The chair closest to the table": the one nearest it, as "next to".
      const contact = ["holding", "carrying", "riding", "with", "on"].includes(word);
      ref.selector = { kind: "near", of, ...(contact ? { contact: true as const } : {}) };
      ref.text = `${ref.text} ${words} ${of.text}`;
      return `<${k}>`;
    },
  );
}

function parseOnce(
  question: string,
  ctx: ParseContext,
  { sides, relations }: { sides: boolean; relations: boolean },
): ParseResult {
  const labeler = makeLabeler(ctx.labels ?? []);
  const mentions: Mention[] = [];
  const { text, unit } = readUnit(question);
  let s = normalize(text);
  s = extractMentions(s, labeler, mentions, sides);
  // Objects named only in the options become the choices: "Which is closer? (A) dog (B) bike".
  const optionRefs = (ctx.options ?? []).map((o) => {
    const before = mentions.length;
    extractMentions(normalize(o), labeler, mentions);
    return mentions.length === before + 1 ? `<${before}>` : undefined;
  });
  const bodyMentions = (s.match(/<\d+>/g) ?? []).length;
  if (
    optionRefs.length >= 2 && optionRefs.every((r) => r) && /\bwhich\b/.test(s) &&
    analyse(s).choice.length < 2
  ) {
    s = `${s} , ${optionRefs.join(" or ")}`;
  }
  s = expandGroups(s, mentions).replace(/\s+/g, " ").trim();
  if (relations) s = absorbRelations(s, mentions);
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
        `and their common synonyms${spelling(unknown, ctx.labels ?? [])}); ${reason}`
      : reason,
  });
  const clause = analyse(s);
  const refused = unmeasurable(s, clause, ref, unknown);
  if (refused) return fail(refused);
  // A how-question is answered with a number: only the numeric kinds read it.
  const numeric = (k: typeof KINDS[number]) =>
    k.categories.some((c) => (BASIC3D_CATEGORIES as readonly string[]).includes(c));
  for (const kind of KINDS.filter((k) => !clause.how || numeric(k))) {
    const q = kind.read(clause, ref);
    if (typeof q === "string") return fail(q);
    if (q) {
      return withCommon(
        unit && "a" in q && q.category !== "location_above" ? { ...q, unit } as Query : q,
      );
    }
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
