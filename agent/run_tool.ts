/**
 * One tool call recorded into a trace: the single path by which planners, the perception
 * pipeline and the generator call tools, so every trace has the same shape.
 *
 * @module
 */
import type { Registry, ToolResult } from "../tools/registry.ts";
import type { ToolContext } from "../tools/tool.ts";
import { addEvent, type ToolEvent, type Trace, type TraceEvent } from "./trace.ts";

/** Where events go as they happen (a terminal printer, an SSE stream). */
export type EventSink = (event: TraceEvent) => void;

/**
 * A live renderer of a question: `onStart` gets the new trace before its first event (its frame
 * names the scene's length units, which every length rendered after it must use), `onEvent`
 * every event as it happens.
 */
export interface TraceSinks {
  onStart?: (trace: Trace) => void;
  onEvent?: EventSink;
}

/**
 * Calls `name` through the registry and appends a perception or computation event; `record`
 * adds what the LLM loop knows about the call (the arguments as written, what failed).
 */
export async function runTool(
  registry: Registry,
  name: string,
  args: unknown,
  ctx: ToolContext,
  trace: Trace,
  onEvent?: EventSink,
  record: Pick<ToolEvent, "raw_input" | "expected" | "turn"> = {},
): Promise<ToolResult> {
  const result = await registry.call(name, args, ctx);
  const kind = registry.get(name)?.kind ?? "computation";
  const models = result.ok ? modelsOf(result.output) : undefined;
  const event = addEvent(trace, {
    type: kind,
    tool: name,
    input: args,
    ...record,
    ok: result.ok,
    ...(result.ok ? { output: result.output } : { error: result.error }),
    duration_ms: result.duration_ms,
    ...(models ? { models } : {}),
  });
  onEvent?.(event);
  return result;
}

/** Perception outputs name their model in a `model` field; collect it for the event. */
function modelsOf(output: unknown): string[] | undefined {
  if (output && typeof output === "object" && "model" in output) {
    const m = (output as { model: unknown }).model;
    if (typeof m === "string") return [m];
  }
  return undefined;
}
