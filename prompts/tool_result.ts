/**
 * The text of a tool result as the model reads it — in the loop's tool messages and in the
 * agent-format training records' observations alike: `{"ok": true, "result": …}` with numbers
 * rounded to 4 decimals (centimetres and cosines, short for the context window), or
 * `{"ok": false, "error": …}`, with a note when a repeated call was answered from the cache.
 * {@link toolMessages} adds what a failed call's parameters expected and, once per tool, its
 * schema; {@link withFinalCall} adds the last call's request. The loop and the exporter both
 * build every tool message through them, from what the trace records.
 *
 * @module
 */
import type { FunctionSchema } from "../tools/registry.ts";

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

/** One call as the trace records it: the tool, its outcome, what failed parameters expected. */
export interface ToolCallOutcome extends ToolOutcome {
  tool: string;
  /** Per invalid parameter: path, reason and what was expected (a failed validation only). */
  expected?: string[];
}

/**
 * The tool messages of one conversation, in order: each call's result text, plus, for a call
 * whose arguments failed validation, what each parameter expected and — the first time that
 * tool failed validation — its parameter schema (from `tools`, as the model was sent them).
 * A call answered from the cache gets the cache note and no repeated hint.
 */
export function toolMessages(
  tools: readonly FunctionSchema[],
): (call: ToolCallOutcome) => string {
  const schemaShown = new Set<string>();
  return (call) => {
    const extra: Record<string, unknown> = {};
    if (!call.ok && !call.cached && call.expected?.length) {
      extra.expected = call.expected;
      const schema = tools.find((t) => t.function.name === call.tool)?.function.parameters;
      if (schema && !schemaShown.has(call.tool)) {
        schemaShown.add(call.tool);
        extra.parameters_schema = schema;
      }
    }
    return toolResultText(call, extra);
  };
}

/** The last request at the step or time limit, when no more tools are offered. */
export const FINAL_CALL_NOTE =
  "No more tool calls are possible. Using only the tool results above, give your final answer " +
  "now inside <answer>…</answer>; if they do not settle the question, say exactly what is " +
  "missing inside the tags.";

/**
 * The last tool message with the final call's request added (`final_call`): the model reads it
 * with the results, so a conversation keeps its tool → assistant order (which LLaMA-Factory's
 * ShareGPT format requires).
 */
export function withFinalCall(toolText: string): string {
  return JSON.stringify({ ...JSON.parse(toolText), final_call: FINAL_CALL_NOTE });
}
