/**
 * A trace as a story for a person at a terminal: what was seen (perception), what was computed
 * in 3D (computation), how the planner reasoned, and the answer. Works on a whole trace or event
 * by event as they stream in.
 *
 * @module
 */
import type { FrameUnits } from "../core/frame.ts";
import type { TraceSinks } from "./run_tool.ts";
import type { Trace, TraceEvent } from "./trace.ts";
import { compactJson, summaryLines } from "./trace_summary.ts";

/** How to print. */
export interface PrintOptions {
  /** ANSI colours (use on a terminal only). */
  color?: boolean;
  /** Longest tool input before it is cut, in characters. */
  maxChars?: number;
  /** Length units of the trace (metres when absent; a whole trace says its own). */
  units?: FrameUnits;
}

const SECTION: Record<TraceEvent["type"], string> = {
  perception: "Perception",
  computation: "Computation",
  reasoning: "Reasoning",
  answer: "Answer",
  error: "Error",
};

function paint(on: boolean | undefined, code: string, s: string): string {
  return on ? `\x1b[${code}m${s}\x1b[0m` : s;
}

/** One event as one or more lines (no section heading). */
export function formatEvent(event: TraceEvent, opts: PrintOptions = {}): string {
  const max = opts.maxChars ?? 240;
  const c = opts.color;
  switch (event.type) {
    case "perception":
    case "computation": {
      const flags = [
        `${Math.round(event.duration_ms)} ms`,
        ...(event.cached ? ["cached"] : []),
        ...(event.models?.length ? [event.models.join(", ")] : []),
      ].join(", ");
      const head =
        `  ${event.step}. ${paint(c, "1", event.tool)} ${compactJson(event.input, max)}` +
        paint(c, "2", ` (${flags})`);
      // The summary's parts on lines of their own, under the arrow (or the cross).
      const [first, ...rest] = summaryLines(event, opts.units);
      const mark = event.ok ? "→" : paint(c, "31", "✗");
      return [head, `     ${mark} ${first}`, ...rest.map((l) => `       ${l}`)].join("\n");
    }
    case "reasoning": {
      const who = event.source === "think" ? paint(c, "2", "(thinking) ") : "";
      return `  ${event.step}. ${who}${event.text}`;
    }
    case "answer":
      return `  ${paint(c, "1;32", event.answer)}` +
        paint(c, "2", `  [value: ${JSON.stringify(event.value)}]`);
    case "error":
      return `  ${paint(c, "31", event.message)}`;
  }
}

/** The header: question, image or scene, intrinsics and their source, frame, planner. */
export function formatHeader(trace: Trace, opts: PrintOptions = {}): string {
  const k = trace.intrinsics;
  const lines = [
    `${paint(opts.color, "1", "Question")}: ${trace.question}`,
    ...(trace.options ? [`Options: ${trace.options.join(" | ")}`] : []),
    ...(trace.image
      ? [`Image: ${trace.image.path ?? "(upload)"} ${trace.image.width}×${trace.image.height}`]
      : []),
    ...(trace.scene ? [`Scene: ${trace.scene}`] : []),
    `Intrinsics: fx=${k.fx.toFixed(1)} fy=${k.fy.toFixed(1)} cx=${k.cx.toFixed(1)} ` +
    `cy=${k.cy.toFixed(1)} (${k.source}${k.note ? `: ${k.note}` : ""})`,
    `Frame: ${trace.frame.axes}, ${trace.frame.units}; ${trace.frame.assumptions.join("; ")}`,
    `Planner: ${trace.planner}${trace.llm_model ? ` (${trace.llm_model})` : ""}`,
  ];
  return lines.join("\n");
}

/**
 * Prints events as they arrive, with a section heading whenever the kind of step changes.
 * Returns the sinks to hand to `ask` (`...streamPrinter(write)`): `onStart` takes the lengths'
 * units from the new trace (a rendered scene's are not metres), `onEvent` prints.
 */
export function streamPrinter(
  write: (text: string) => void,
  opts: PrintOptions = {},
): Required<TraceSinks> {
  let section: string | undefined;
  let units = opts.units;
  return {
    onStart: (trace) => {
      units = trace.frame.units;
    },
    onEvent: (event) => {
      const s = SECTION[event.type];
      if (s !== section) {
        section = s;
        write(paint(opts.color, "1;36", `${s}`) + "\n");
      }
      write(formatEvent(event, { ...opts, units }) + "\n");
    },
  };
}

/** A whole trace: header then every event grouped into its sections in order. */
export function formatTrace(trace: Trace, opts: PrintOptions = {}): string {
  const out: string[] = [formatHeader(trace, opts), ""];
  const print = streamPrinter((t) => out.push(t.replace(/\n$/, "")), opts);
  print.onStart(trace);
  for (const e of trace.events) print.onEvent(e);
  return out.join("\n");
}
