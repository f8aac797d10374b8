/**
 * Checks on a model's response in SpatialReasoner's format:
 *
 * - {@link checkFormat}: the whole text is `<think>…</think><answer>…</answer>`;
 * - {@link countSteps} / {@link checkSteps}: the chain of thought contains the 3D steps its
 *   category needs, counted sentence by sentence in SpatialReasoner's phrasing;
 * - {@link matchAnswer}: the answer equals the gold answer — an option letter or the option's
 *   text, yes/no, or a number within a tolerance — ignoring case and punctuation. This is the
 *   one matcher of `agent/answer_value.ts`, re-exported so the scorer and the rewards import
 *   one module.
 *
 * @module
 */
import { byCategory } from "../agent/rules/kinds.ts";
import type { Category } from "../agent/rules/query.ts";
import { STEP_KINDS, type StepKind } from "../agent/rules/steps.ts";

export { STEP_KINDS, type StepKind, type StepRequirement } from "../agent/rules/steps.ts";
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

/**
 * The steps each category's chain of thought needs at least, read from the question kinds
 * (`agent/rules/kinds/`). Keys are the 12 3DSRBench category names and this project's
 * Basic3D-QA types.
 */
export const REQUIRED_STEPS = byCategory("steps");

/** A category whose steps can be checked. */
export type CheckedCategory = Category;

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

export {
  DEFAULT_NUMERIC_TOLERANCE,
  firstNumber,
  type Gold,
  matchAnswer,
  normalizeAnswer,
  OPTION_LETTERS,
  optionIndex,
  yesNo,
} from "../agent/answer_value.ts";
