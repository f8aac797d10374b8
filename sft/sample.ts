/**
 * Builds canonical records ({@link SrCotRecord}) from answered traces: the gold answer as an
 * option letter or a number, the SR-CoT text, the metadata. Used by the generator for its
 * questions and by `export` for traces written by `ask --trace-out`.
 *
 * @module
 */
import type { AnswerValue, ToolEvent, Trace } from "../agent/trace.ts";
import type { Query } from "../agent/rules/query.ts";
import { formatLength } from "../agent/number_format.ts";
import type { FrameUnits } from "../core/frame.ts";
import { OPTION_LETTERS } from "./checks.ts";
import { renderCot } from "./cot.ts";
import { userPrompt } from "./prompt.ts";
import {
  type FrameName,
  loadTrace,
  type OrientationConfidence,
  type SrCotRecord,
} from "./record.ts";

/**
 * The gold answer of a trace: letter (or number with the scene's unit, "2.50 meters" or "2.50
 * Blender units") and its spelled-out text; null if none.
 */
export function goldAnswer(
  value: AnswerValue,
  options: readonly string[] | undefined,
  category?: string,
  units: FrameUnits = "metres",
): { answer: string; answer_text: string } | null {
  if (value === null) return null;
  if (options?.length) {
    const text = typeof value === "boolean" ? (value ? "yes" : "no") : String(value);
    const i = options.findIndex((o) => o.trim().toLowerCase() === text.trim().toLowerCase());
    if (i === -1) return null;
    return { answer: OPTION_LETTERS[i], answer_text: options[i] };
  }
  if (typeof value === "boolean") {
    return { answer: value ? "yes" : "no", answer_text: value ? "yes" : "no" };
  }
  if (typeof value === "number") {
    const text = category === "count" ? String(value) : formatLength(value, "m", units, "word");
    return { answer: text, answer_text: text };
  }
  return { answer: value, answer_text: value };
}

/** Model ids of every tool event, in first-use order (`none`, a step run without one, left out). */
export function modelsOf(trace: Trace): string[] {
  const out = new Set<string>();
  for (const e of trace.events) {
    if ((e.type === "perception" || e.type === "computation") && e.models) {
      for (const m of e.models) if (m !== "none") out.add(m);
    }
  }
  return [...out];
}

/** Orientation confidences from the trace's last estimate_orientation output, if any. */
export function orientationsOf(trace: Trace): OrientationConfidence[] {
  const e = trace.events.findLast((x): x is ToolEvent =>
    x.type === "perception" && x.tool === "estimate_orientation" && x.ok
  );
  const objects = (e?.output as { objects?: unknown[] } | undefined)?.objects ?? [];
  return objects.map((o) => {
    const r = o as { id: string; label: string; confidence?: number; source?: string };
    return {
      id: r.id,
      label: r.label,
      confidence: r.confidence ?? 0,
      source: r.source ?? "unknown",
    };
  });
}

/**
 * A trace with what depends on the process rather than the question removed — its id (set to
 * the record's), creation time, tool timings and whether a result came from a cache (the same
 * image seen earlier under another name) — so a generator rerun or resume reproduces its output
 * byte for byte.
 */
export function canonicalTrace(trace: Trace, id: string): Trace {
  return {
    ...trace,
    id,
    created: "",
    events: trace.events.map((e) => {
      if (!("duration_ms" in e)) return e;
      const { cached: _cached, ...rest } = e;
      const output = rest.output;
      if (output && typeof output === "object" && "cached" in output) {
        const { cached: _c, ...body } = output as Record<string, unknown>;
        return { ...rest, output: body, duration_ms: 0 };
      }
      return { ...rest, duration_ms: 0 };
    }),
  };
}

/** What a record is built from. */
export interface SampleInput {
  trace: Trace;
  questionId: string;
  variant: string;
  /** Category, or `unknown`. */
  category: string;
  /** The question without options (defaults to the trace's). */
  question?: string;
  query?: Query;
  frame: FrameName;
  /** Image path as the record should give it. */
  image?: string;
  /** Orientation confidences (defaults to the trace's estimate_orientation output). */
  orientations?: OrientationConfidence[];
  source: SrCotRecord["source"];
}

/** The record of an answered trace, or null when the trace has no usable answer. */
export function buildRecord(s: SampleInput): SrCotRecord | null {
  const { trace } = s;
  const options = trace.options?.length ? [...trace.options] : undefined;
  const gold = goldAnswer(trace.answer?.value ?? null, options, s.category, trace.frame.units);
  if (!gold) return null;
  const question = s.question ?? trace.question;
  const id = `${s.questionId}:${s.variant}`;
  const cot = renderCot({
    trace,
    category: s.category,
    query: s.query,
    answer: gold.answer,
    answerText: options ? `${gold.answer}. ${gold.answer_text}` : gold.answer_text,
    frame: s.frame,
  });
  return {
    format: "sr-cot",
    id,
    question_id: s.questionId,
    variant: s.variant,
    category: s.category,
    answer: gold.answer,
    answer_text: gold.answer_text,
    frame: s.frame,
    intrinsics_source: trace.intrinsics.source,
    models: modelsOf(trace),
    orientation_confidences: s.orientations ?? orientationsOf(trace),
    planner: trace.planner,
    ...(trace.llm_model ? { llm_model: trace.llm_model } : {}),
    source: s.source,
    question,
    ...(options ? { options } : {}),
    prompt: userPrompt(question, options),
    cot,
    ...(s.image !== undefined ? { image: s.image } : {}),
    ...(trace.image?.sha256 ? { image_sha256: trace.image.sha256 } : {}),
    ...(s.query ? { query: s.query } : {}),
    trace,
  };
}

/**
 * A record for export from either input `export` reads: a trace (from `ask --trace-out`) or a
 * canonical record (re-rendered, so its frame can change). Null when the trace has no answer.
 */
export function recordFromInput(
  x: Trace | SrCotRecord,
  opts: { frame: FrameName; category?: string },
): SrCotRecord | null {
  if ("format" in x && x.format === "sr-cot") {
    return buildRecord({
      trace: loadTrace(x.trace),
      questionId: x.question_id,
      variant: x.variant,
      category: x.category,
      question: x.question,
      query: x.query,
      frame: opts.frame,
      image: x.image,
      orientations: x.orientation_confidences,
      source: x.source,
    });
  }
  const trace = x as Trace;
  return buildRecord({
    trace,
    questionId: trace.id,
    variant: "original",
    category: opts.category ?? "unknown",
    frame: opts.frame,
    image: trace.image?.path,
    source: "trace",
  });
}
