/**
 * The typed value of a free-text answer: a boolean for yes/no, the option text for a
 * multiple-choice pick (by letter or by text), a number for a measurement, else the text.
 *
 * @module
 */
import type { AnswerValue } from "./trace.ts";

/** Text of the option the answer picks, or undefined when it picks none or several. */
export function matchOption(answer: string, options: readonly string[]): string | undefined {
  const a = answer.trim().replace(/[.!]+$/, "");
  const lower = a.toLowerCase();
  const exact = options.find((o) => o.trim().toLowerCase() === lower);
  if (exact !== undefined) return exact;
  const letter = a.match(/^\(?([A-Za-z])\)?(?:[.:)]\s*|\s+|$)(.*)$/);
  if (letter) {
    const i = letter[1].toUpperCase().charCodeAt(0) - 65;
    const rest = letter[2].trim().toLowerCase();
    if (i >= 0 && i < options.length && (rest === "" || rest === options[i].toLowerCase())) {
      return options[i];
    }
  }
  const contained = options.filter((o) =>
    new RegExp(`\\b${escape(o.trim().toLowerCase())}\\b`).test(lower)
  );
  return contained.length === 1 ? contained[0] : undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const UNIT_TO_METRES: Record<string, number> = {
  m: 1,
  meter: 1,
  meters: 1,
  metre: 1,
  metres: 1,
  cm: 0.01,
  centimeters: 0.01,
  centimetres: 0.01,
  mm: 0.001,
};

/** The value of an answer text (see the module doc); options take precedence. */
export function answerValue(answer: string, options?: readonly string[]): AnswerValue {
  const text = answer.trim();
  if (options?.length) {
    const picked = matchOption(text, options);
    if (picked !== undefined) return picked;
  }
  const yn = text.match(/^(yes|no)\b/i);
  if (yn) return yn[1].toLowerCase() === "yes";
  const num = text.match(/^(?:about |approximately |~)?(-?\d+(?:\.\d+)?)\s*([a-z°]*)/i);
  if (num) {
    const unit = num[2].toLowerCase();
    const factor = UNIT_TO_METRES[unit] ?? 1;
    return Number(num[1]) * factor;
  }
  return text;
}
