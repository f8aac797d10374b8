/**
 * Questions the planner must refuse although they name objects it can find: they ask what cannot
 * be measured from one photo in 3D — identity, intent, the future, hypotheticals, movement, why,
 * differences, ratios, totals, areas, pixels, what an object is like — or choose among more
 * objects than the relation compares, or relate to something the detector cannot see. Each rule
 * says why, so the refusal names it.
 *
 * @module
 */
import { type Clause, COMPARISONS } from "./clause.ts";
import type { RefLookup } from "./kind.ts";

/** Why everything but a place, size, distance, count or facing is out of reach. */
const ONLY = "only where objects are, their sizes, distances, counts and facing can be measured";

/** Rules over the normalised text: a pattern and the reason it is refused. */
const RULES: [RegExp, string][] = [
  [
    /\b(?:going to|gonna|about to|trying to|wants? to|will) (?!be\b|not be\b)[a-z]+/,
    "asks what will happen or what someone intends; only where things are now can be measured",
  ],
  [
    /\bhow (?:long|much time) (?:would|will|does|did) it take\b/,
    "asks about something that has not happened; only where things are now can be measured",
  ],
  [
    /\bpixels?\b|\bpx\b/,
    "asks about the picture in pixels; sizes and distances are measured in 3D",
  ],
  [
    /\bsquare (?:met(?:er|re)s?|feet|foot|centimet(?:er|re)s?|inch(?:es)?|yards?)\b|\b(?:area|cubic)\b/,
    "asks for an area or a volume; ask for a height, width, length or distance",
  ],
  [
    /\bhow (?:far|fast|long|much) (?:did|has|had|will|would|could|can)\b|\bhow fast\b|\b(?:travel(?:l?ed)?|moved|drove|flew|walked|ran|rolled)\b/,
    "asks about movement; only where things are in this one photo can be measured",
  ],
  [/^(?:why|how come)\b/, `asks why; ${ONLY}`],
  [
    /\b(?:how (?:much|many \S+)|by how (?:much|many \S+)) (?:closer|farther|higher|lower|taller|shorter|bigger|smaller|wider|narrower|longer)\b|\bby how (?:much|many)\b|\bdifference (?:between|in|of)\b/,
    "asks for a difference; ask for each value (“how far is the dog?”, “how far is the cat?”)",
  ],
  [
    /\b(?:twice|half|double|triple|(?:\d+(?:\.\d+)?|two|three|four|five|ten) times)\b/,
    "asks for a ratio; ask for each value, or which is closer/bigger",
  ],
  [
    /\b(?:what|which) (?:colou?rs?|kinds?|types?|sorts?|brands?|makes?|models?|breeds?|species|materials?|shapes?|patterns?)\b/,
    `asks what an object is like; ${ONLY}`,
  ],
];

/** Relation words after which an unknown noun is what the question is about. */
const GOVERNS =
  "from|to|than|and|or|between|of|is|are|does|do|BEHIND|FRONTOF|LEFTOF|RIGHTOF|ABOVE|BELOW|NEXTTO|FARFROM|FACING";

/** Superlatives that pick one person: "who is the shortest person here?". */
const PICKS = ["tallest", "shortest", "largest", "smallest", "closest", "farthest"];

/**
 * Why the question (normalised text `s`, its roles, its objects) cannot be answered although its
 * objects may be found; undefined when it can be tried. `unknown` are its nouns the detector does
 * not know.
 */
export function unmeasurable(
  s: string,
  clause: Clause,
  ref: RefLookup,
  unknown: readonly string[],
): string | undefined {
  for (const [re, reason] of RULES) if (re.test(s)) return reason;
  if (!clause.frame && /\bif\b/.test(clause.text) && /\bwould\b|\bhow long\b/.test(clause.text)) {
    return "asks about something that has not happened; only where things are now can be measured";
  }
  // "Who is the shortest person here?" picks one; "who is the man on the left?" asks identity.
  const who = s.match(/^who (?:is|'s) <(\d+)>(?: here| there)?$/);
  const selector = who ? ref(who[1]).selector : undefined;
  const picks = selector?.kind === "extreme" && PICKS.includes(selector.by);
  const comparing = (COMPARISONS as readonly string[]).includes(clause.rel?.word ?? "");
  if (/^(?:who|whom)\b/.test(s) && !comparing && clause.choice.length < 2 && !picks) {
    return "asks who someone is; only where people and objects are can be measured";
  }
  if (
    /\b(?:total|combined|sum|altogether|together)\b/.test(s) && clause.how && clause.how !== "many"
  ) {
    return "asks for a total over several objects; ask about one object at a time";
  }
  // More than two choices: a distance or height is compared pair by pair, facing directly.
  const members = clause.choice.filter((x) => x !== "CAM").map(ref);
  const oneGroup = members.every((m) =>
    m.groupSize === members.length && m.label === members[0].label
  );
  const ranked =
    ["closer", "farther", "higher", "lower", "ABOVE", "BELOW"].includes(clause.rel?.word ?? "") &&
    (clause.rel?.arg === undefined || clause.rel.arg === "CAM");
  if (clause.choice.length > 2 && clause.rel?.word !== "FACING" && !oneGroup && !ranked) {
    return `chooses among ${clause.choice.length} objects; ask about two at a time (“which is closer, A or B?”)`;
  }
  if (
    unknown.some((w) => new RegExp(`\\b(?:${GOVERNS}) (?:the |a |an |this |that )?${w}\\b`).test(s))
  ) {
    return "the question is about it, and it cannot be located";
  }
  return undefined;
}
