/**
 * Checks on a model's response in SpatialReasoner's format, importable by other projects
 * (no imports at all):
 *
 * - {@link checkFormat}: the whole text is `<think>…</think><answer>…</answer>`;
 * - {@link countSteps} / {@link checkSteps}: the chain of thought contains the 3D steps its
 *   category needs, counted sentence by sentence in SpatialReasoner's phrasing;
 * - {@link matchAnswer}: the answer equals the gold answer — an option letter or the option's
 *   text, yes/no, or a number within a tolerance — ignoring case and punctuation.
 *
 * @module
 */
/** SpatialReasoner's format regex: think block, optional whitespace, answer block, nothing else. */
export const FORMAT_REGEX = /^<think>.*?<\/think>\s*<answer>.*?<\/answer>$/s;

/** True when the whole response matches {@link FORMAT_REGEX}. */
export function checkFormat(text: string): boolean {
  return FORMAT_REGEX.test(text);
}

/** The think and answer parts of a well-formed response, or null when the format is wrong. */
export function splitResponse(text: string): { think: string; answer: string } | null {
  const m = text.match(/^<think>(.*?)<\/think>\s*<answer>(.*?)<\/answer>$/s);
  return m ? { think: m[1].trim(), answer: m[2].trim() } : null;
}

/**
 * The text inside the last `<answer>…</answer>` of a response (trimmed), or null when there is
 * none. Lenient on purpose: accuracy is scored even when the format is off.
 */
export function extractAnswer(text: string): string | null {
  const all = [...text.matchAll(/<answer>(.*?)<\/answer>/gs)];
  return all.length ? all[all.length - 1][1].trim() : null;
}

/** The kinds of 3D step sentence a chain of thought is made of. */
export const STEP_KINDS = [
  "location",
  "vector",
  "distance_to_camera",
  "distance_between",
  "front",
  "left",
  "cosine",
  "angle",
  "dimension",
  "count",
] as const;

/** One kind of step sentence. */
export type StepKind = typeof STEP_KINDS[number];

const NUM = String.raw`[-+]?\d+(?:\.\d+)?`;
const VEC = String.raw`\(\s*${NUM}\s*,\s*${NUM}\s*,\s*${NUM}\s*\)`;
// A name or phrase inside one sentence: no full stop, no line break.
const NAME = String.raw`[^.\n]+?`;

/**
 * The sentence of each step kind. The first eight are SpatialReasoner's; `dimension` and `count`
 * are this project's for Basic3D-QA. Case-insensitive, any number format.
 */
export const STEP_PATTERNS: Record<StepKind, RegExp> = {
  location: new RegExp(String.raw`the 3D location of (?:the )?${NAME} is ${VEC}\.`, "gi"),
  vector: new RegExp(
    String.raw`the vector from (?:the )?${NAME} to (?:the )?${NAME} is ${VEC}\.`,
    "gi",
  ),
  distance_to_camera: new RegExp(
    String.raw`the distance from (?:the )?${NAME} to the camera is ${NUM}\.`,
    "gi",
  ),
  distance_between: new RegExp(
    String.raw`the distance between (?:the )?${NAME} and (?:the )?${NAME} is ${NUM}\.`,
    "gi",
  ),
  front: new RegExp(String.raw`the front direction of (?:the )?${NAME} is ${VEC}\.`, "gi"),
  left: new RegExp(String.raw`the left direction of (?:the )?${NAME} is ${VEC}\.`, "gi"),
  cosine: new RegExp(String.raw`the cosine similarity between ${NAME} is ${NUM}\.`, "gi"),
  angle: new RegExp(String.raw`the angle between ${NAME} is ${NUM} degrees\.`, "gi"),
  dimension: new RegExp(
    String.raw`the (?:height|width|length) of (?:the )?${NAME} is ${NUM}(?: meters| metres| m)?\.`,
    "gi",
  ),
  count: new RegExp(String.raw`the number of ${NAME} is \d+\.`, "gi"),
};

/** How many sentences of each kind the text contains. */
export type StepCounts = Record<StepKind, number>;

/** Counts the step sentences of each kind in `text` (the think part or the whole response). */
export function countSteps(text: string): StepCounts {
  const counts = {} as StepCounts;
  for (const kind of STEP_KINDS) counts[kind] = [...text.matchAll(STEP_PATTERNS[kind])].length;
  return counts;
}

/** At least `min` sentences whose kinds are among `kinds` (alternatives, e.g. cosine or angle). */
export interface StepRequirement {
  kinds: readonly StepKind[];
  min: number;
}

const COS_OR_ANGLE: StepKind[] = ["cosine", "angle"];
const req = (kinds: StepKind | StepKind[], min: number): StepRequirement => ({
  kinds: Array.isArray(kinds) ? kinds : [kinds],
  min,
});

/**
 * The steps each category's chain of thought needs at least (issue 5's list). Keys are the 12
 * 3DSRBench category names and this project's Basic3D-QA types (`agent/rules/query.ts`).
 */
export const REQUIRED_STEPS = {
  height_higher: [req("location", 2)],
  location_above: [req("location", 2)],
  location_closer_to_camera: [req("location", 2), req("distance_to_camera", 2)],
  location_next_to: [req("location", 2), req("distance_between", 1)],
  orientation_in_front_of: [
    req("location", 2),
    req("vector", 1),
    req("front", 1),
    req(COS_OR_ANGLE, 1),
  ],
  orientation_on_the_left: [
    req("location", 2),
    req("vector", 1),
    req("left", 1),
    req(COS_OR_ANGLE, 1),
  ],
  orientation_viewpoint: [
    req("location", 1),
    req("vector", 1),
    req("front", 1),
    req("left", 1),
    req(COS_OR_ANGLE, 2),
  ],
  multi_object_viewpoint_towards_object: [
    req("location", 1),
    req("vector", 1),
    req("front", 1),
    req("left", 1),
    req(COS_OR_ANGLE, 2),
  ],
  multi_object_closer_to: [req("location", 3), req("distance_between", 2)],
  multi_object_parallel: [req("front", 2), req(COS_OR_ANGLE, 1)],
  multi_object_same_direction: [req("front", 2), req(COS_OR_ANGLE, 1)],
  multi_object_facing: [
    req("location", 3),
    req("front", 1),
    req("vector", 2),
    req(COS_OR_ANGLE, 2),
  ],
  distance_to_camera: [req("location", 1), req("distance_to_camera", 1)],
  distance_between: [req("location", 2), req("distance_between", 1)],
  object_height: [req("dimension", 1)],
  object_width: [req("dimension", 1)],
  object_length: [req("dimension", 1)],
  count: [req("count", 1)],
} as const satisfies Record<string, readonly StepRequirement[]>;

/** A category whose steps can be checked. */
export type CheckedCategory = keyof typeof REQUIRED_STEPS;

/** True when `name` is a category of {@link REQUIRED_STEPS}. */
export function isCheckedCategory(name: string): name is CheckedCategory {
  return Object.hasOwn(REQUIRED_STEPS, name);
}

/** The outcome of {@link checkSteps}. */
export interface StepCheck {
  /** True when every requirement is met. */
  ok: boolean;
  /** Sentences found, by kind. */
  counts: StepCounts;
  /** Requirements not met, with how many were found. */
  missing: { kinds: readonly StepKind[]; min: number; found: number }[];
  /** Fraction of required sentences present, in [0, 1] (1 when nothing is required). */
  fraction: number;
}

/**
 * Checks that the chain of thought contains the steps `category` needs. Pass the think part, or
 * the whole response (sentences in the answer part then count too).
 */
export function checkSteps(text: string, category: CheckedCategory): StepCheck {
  const counts = countSteps(text);
  const missing: StepCheck["missing"] = [];
  let need = 0;
  let have = 0;
  for (const r of REQUIRED_STEPS[category]) {
    const found = r.kinds.reduce((s, k) => s + counts[k], 0);
    need += r.min;
    have += Math.min(found, r.min);
    if (found < r.min) missing.push({ kinds: r.kinds, min: r.min, found });
  }
  return { ok: missing.length === 0, counts, missing, fraction: need ? have / need : 1 };
}

/** Option letters, in order. */
export const OPTION_LETTERS = "ABCDEFGHIJ";

/**
 * Lower case, punctuation to spaces (keeping decimal points and signs inside numbers), spaces
 * collapsed, a leading article dropped: `"The Dog."` → `"dog"`.
 */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/(?<!\d)[.,](?!\d)|[!?;:"'`()[\]{}<>*#_/\\|]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(?:the|a|an) /, "");
}

/**
 * Which option an answer names, by letter ("B", "(B)", "B.", "Option B", "B. the dog") or by
 * text; -1 when none or more than one could be meant, or when a letter and a text disagree
 * (e.g. "A. right" where A is "left").
 */
export function optionIndex(answer: string, options: readonly string[]): number {
  const letters = OPTION_LETTERS.slice(0, options.length);
  const raw = answer.trim().replace(/^(?:the answer is|answer|option)\s*:?\s*/i, "");
  // A letter alone, or a letter set off by punctuation; "A dog" is text, not option A.
  const m = raw.match(/^\(?([A-J])\)?[.:]?$/i) ??
    raw.match(/^(?:\(([A-J])\)|([A-J])[.):])\s*(.+)$/i);
  if (m) {
    const letter = (m[1] ?? m[2]).toUpperCase();
    const byLetter = letters.indexOf(letter);
    if (byLetter === -1) return -1;
    const rest = m[3];
    if (rest === undefined) return byLetter;
    const byText = textIndex(rest, options);
    return byText === -1 || byText === byLetter ? byLetter : -1;
  }
  return textIndex(raw, options);
}

/** The option an answer's text names: exact, or the only option named in a sentence. */
function textIndex(answer: string, options: readonly string[]): number {
  const norm = normalizeAnswer(answer);
  const texts = options.map(normalizeAnswer);
  const exact = texts.indexOf(norm);
  if (exact !== -1) return exact;
  const hits = texts.flatMap((t, i) => t && containsWords(norm, t) ? [i] : []);
  return hits.length === 1 ? hits[0] : -1;
}

function containsWords(haystack: string, needle: string): boolean {
  return ` ${haystack} `.includes(` ${needle} `);
}

/** Yes/no from an answer ("Yes.", "no, it is not", "true"), or null when it is neither. */
export function yesNo(answer: string): boolean | null {
  const first = normalizeAnswer(answer).split(" ")[0];
  if (first === "yes" || first === "true") return true;
  if (first === "no" || first === "false") return false;
  return null;
}

/** The first number written in an answer, or null. */
export function firstNumber(answer: string): number | null {
  const m = answer.match(/[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?/i);
  return m ? Number(m[0]) : null;
}

/** The gold answer of a question. */
export interface Gold {
  /**
   * For multiple choice: the correct option's letter or text. Otherwise a boolean (yes/no;
   * "yes"/"no" strings work too), a number, or a free-text answer.
   */
  answer: string | number | boolean;
  /** Multiple-choice options, in the order shown to the model. */
  options?: readonly string[];
  /**
   * Relative tolerance for numeric answers: |predicted − gold| ≤ tolerance · |gold|. Default
   * {@link DEFAULT_NUMERIC_TOLERANCE}; 0 for exact (counts).
   */
  tolerance?: number;
}

/** Default relative tolerance for numbers: ±25 %, SpatialRGPT-Bench's success criterion. */
export const DEFAULT_NUMERIC_TOLERANCE = 0.25;

/**
 * True when `predicted` (the answer text, e.g. from {@link extractAnswer}) matches `gold`.
 * Case, punctuation and a leading article are ignored.
 */
export function matchAnswer(predicted: string, gold: Gold): boolean {
  if (gold.options?.length) {
    const want = typeof gold.answer === "string" ? optionIndex(gold.answer, gold.options) : -1;
    return want !== -1 && optionIndex(predicted, gold.options) === want;
  }
  if (typeof gold.answer === "boolean") return yesNo(predicted) === gold.answer;
  if (typeof gold.answer === "number") {
    const p = firstNumber(predicted);
    if (p === null) return false;
    const tol = gold.tolerance ?? DEFAULT_NUMERIC_TOLERANCE;
    return Math.abs(p - gold.answer) <= tol * Math.abs(gold.answer) + 1e-9;
  }
  const g = yesNo(gold.answer);
  if (g !== null && ["yes", "no", "true", "false"].includes(normalizeAnswer(gold.answer))) {
    return yesNo(predicted) === g;
  }
  return normalizeAnswer(predicted) === normalizeAnswer(gold.answer);
}
