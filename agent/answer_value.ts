/**
 * The one answer matcher, shared by the agent (the typed value of its answer), the scorer
 * (`sft/eval.ts`) and the rewards (`sft/rewards.ts`, via `sft/checks.ts`):
 *
 * - {@link optionIndex} / {@link matchOption}: which option an answer names, by letter ("B",
 *   "(B)", "B. the dog") or by text, ignoring case, punctuation and a leading article;
 * - {@link yesNo}, {@link firstNumber}: yes/no and numbers in free text;
 * - {@link matchAnswer}: an answer against a gold answer;
 * - {@link answerValue}: the typed value of a free-text answer (lengths converted to metres).
 *
 * @module
 */
import { LENGTH_UNITS } from "./number_format.ts";
import type { AnswerValue } from "./trace.ts";

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
  const hits = texts.flatMap((t, i) => t && ` ${norm} `.includes(` ${t} `) ? [i] : []);
  return hits.length === 1 ? hits[0] : -1;
}

/** Text of the option the answer picks (see {@link optionIndex}), or undefined. */
export function matchOption(answer: string, options: readonly string[]): string | undefined {
  const i = optionIndex(answer, options);
  return i === -1 ? undefined : options[i];
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
 * True when `predicted` (the answer text) matches `gold`. Case, punctuation and a leading
 * article are ignored.
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

/** Unit words → metres per unit. */
const UNIT_TO_METRES: Record<string, number> = {};
for (const [short, u] of Object.entries(LENGTH_UNITS)) {
  for (
    const w of [
      short,
      u.singular,
      u.plural,
      u.singular.replace(/re$/, "er"),
      u.plural.replace(/res$/, "ers"),
    ]
  ) {
    UNIT_TO_METRES[w] = u.metres;
  }
} // deno-fmt-ignore

/** The value of an answer text (see the module doc); options take precedence. */
export function answerValue(answer: string, options?: readonly string[]): AnswerValue {
  const text = answer.trim();
  if (options?.length) {
    const picked = matchOption(text, options);
    if (picked !== undefined) return picked;
  }
  const yn = yesNo(text);
  if (yn !== null && /^(yes|no)\b/i.test(text)) return yn;
  const num = text.match(/^(?:about |approximately |~)?(-?\d+(?:\.\d+)?)\s*([a-z°]*)/i);
  if (num) {
    const factor = UNIT_TO_METRES[num[2].toLowerCase()] ?? 1;
    return Number(num[1]) * factor;
  }
  return text;
}
