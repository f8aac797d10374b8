/**
 * Limits on the text a person sends — a question, its options, a detector query, earlier chat
 * turns — shared by the command line and every server API, so a request accepted by one is
 * accepted by all. Checked before any model is loaded.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";

/** The text limits. */
export interface TextLimits {
  /** Longest question (and longest option or query), characters. */
  maxQuestionChars: number;
  /** Most multiple-choice options. */
  maxOptions: number;
  /** Longest earlier chat turn, characters. */
  maxTurnChars: number;
  /** Most earlier chat turns kept as context. */
  maxHistoryTurns: number;
}

/** 2000-character questions, 16 options, 20 earlier turns of up to 8000 characters. */
export const DEFAULT_TEXT_LIMITS: Readonly<TextLimits> = {
  maxQuestionChars: 2000,
  maxOptions: 16,
  maxTurnChars: 8000,
  maxHistoryTurns: 20,
};

/** `text` trimmed, non-empty and at most `max` characters; else an InputError naming `field`. */
export function checkText(text: string, max: number, field: string, hint?: string): string {
  const t = text.trim();
  if (!t) throw new InputError(field, "is empty", hint);
  if (t.length > max) {
    throw new InputError(field, `is ${t.length} characters, more than the limit of ${max}`, hint);
  }
  return t;
}

/** A question's text, trimmed, non-empty and within the length limit. */
export function checkQuestion(
  text: string,
  limits: TextLimits = DEFAULT_TEXT_LIMITS,
  field = "question",
): string {
  return checkText(text, limits.maxQuestionChars, field, "ask a short question about the image");
}

/**
 * Options as a list (`"A;B;C"` splits on semicolons); at most `maxOptions`, each within the
 * question limit. Undefined when none is given.
 */
export function checkOptions(
  raw: string | string[] | undefined,
  limits: TextLimits = DEFAULT_TEXT_LIMITS,
  field = "options",
): string[] | undefined {
  if (raw === undefined) return undefined;
  const list = (typeof raw === "string" ? raw.split(";") : raw).map((o) => o.trim())
    .filter(Boolean);
  if (list.length > limits.maxOptions) {
    throw new InputError(
      field,
      `${list.length} options, more than the limit of ${limits.maxOptions}`,
    );
  }
  list.forEach((o, i) => checkText(o, limits.maxQuestionChars, `${field}[${i}]`));
  return list.length ? list : undefined;
}

/**
 * Earlier chat turns: each at most `maxTurnChars`, and only the last `maxHistoryTurns` kept.
 * `fieldOf(i)` names turn `i` in errors.
 */
export function checkHistory<T extends { content: string }>(
  turns: readonly T[],
  limits: TextLimits = DEFAULT_TEXT_LIMITS,
  fieldOf: (i: number) => string = (i) => `history[${i}].content`,
): T[] {
  turns.forEach((t, i) => {
    if (t.content.length > limits.maxTurnChars) {
      throw new InputError(
        fieldOf(i),
        `is ${t.content.length} characters, more than the limit of ${limits.maxTurnChars}`,
        "send a shorter conversation",
      );
    }
  });
  return turns.slice(-limits.maxHistoryTurns);
}
