/**
 * The text of a tool result as the model reads it — in the loop's tool messages and in the
 * agent-format training records' observations alike: `{"ok": true, "result": …}` with numbers
 * rounded to 4 decimals (centimetres and cosines, short for the context window), or
 * `{"ok": false, "error": …}`, with a note when a repeated call was answered from the cache.
 *
 * @module
 */

/** Said to the model when it repeats a call. */
export const CACHED_NOTE =
  "You already made this exact call; this is the same result again. Do not repeat calls: use " +
  "the results you have, call a different tool, or answer.";
/** Said to the model when it repeats a call that failed. */
export const CACHED_FAILURE_NOTE =
  "You already made this exact call and it failed; this is the same error again. Change the " +
  "arguments as the error says, call a different tool, or answer.";

/** Decimals kept in results. */
export const RESULT_DECIMALS = 4;

/** A JSON value with every non-integer number rounded to `decimals`. */
export function roundNumbers(value: unknown, decimals = RESULT_DECIMALS): unknown {
  if (typeof value === "number") {
    return Number.isInteger(value) ? value : Number(value.toFixed(decimals));
  }
  if (Array.isArray(value)) return value.map((v) => roundNumbers(v, decimals));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, roundNumbers(v, decimals)]),
    );
  }
  return value;
}

/** A call's outcome, as a trace's tool event holds it. */
export interface ToolOutcome {
  ok: boolean;
  output?: unknown;
  error?: string;
  /** Answered from the cache of repeated calls. */
  cached?: boolean;
}

/** The result fields (without the cache note). */
export function toolResultBody(r: ToolOutcome): Record<string, unknown> {
  return {
    ...(r.cached ? { cached: true, note: r.ok ? CACHED_NOTE : CACHED_FAILURE_NOTE } : {}),
    ...(r.ok ? { ok: true, result: roundNumbers(r.output) } : { ok: false, error: r.error }),
  };
}

/** The tool message's text; `extra` adds fields (what a failed parameter expected). */
export function toolResultText(r: ToolOutcome, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...toolResultBody(r), ...extra });
}
