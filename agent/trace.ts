/**
 * The trace: typed events of one question — perception → computation → reasoning → answer —
 * with the frame, the intrinsics and their source, and the planner recorded beside them.
 * The rule planner, the LLM loop and the generator all produce this same shape.
 *
 * @module
 */
import { type Frame, frameIn, type FrameUnits } from "../core/frame.ts";
import type { Intrinsics } from "../core/intrinsics.ts";

/** The value of an answer: yes/no, the chosen object or option text, a number, or null. */
export type AnswerValue = boolean | number | string | null;

/** A tool call (perception or computation). */
export interface ToolEvent {
  type: "perception" | "computation";
  /** 1-based position in the trace. */
  step: number;
  /** Tool name. */
  tool: string;
  /** Arguments as called. */
  input: unknown;
  /** The arguments as the LLM wrote them, when they were repaired before the call. */
  raw_input?: unknown;
  /** What each invalid parameter expected, as the LLM was told (a failed validation). */
  expected?: string[];
  /** Whether the call succeeded. */
  ok: boolean;
  /** Tool output, full precision, when ok. */
  output?: unknown;
  /** Error message given back to the planner, when not ok. */
  error?: string;
  /** Wall time of the call. */
  duration_ms: number;
  /** Model ids that produced the output (perception). */
  models?: string[];
  /** True when the result was served from the per-question cache of repeated calls. */
  cached?: boolean;
  /** The LLM's turn (1-based model call) whose reply made the call: one reply, one turn. */
  turn?: number;
}

/** A message the LLM loop added to the conversation besides tool calls and their results. */
export interface SentMessage {
  role: "assistant" | "user";
  content: string;
}

/** A sentence of reasoning: the planner's or the LLM's own words, or its `think` text. */
export interface ReasoningEvent {
  type: "reasoning";
  step: number;
  text: string;
  /** Who wrote it. */
  source: "rules" | "llm" | "think";
  /**
   * The messages the LLM loop added to the conversation at this point, other than tool calls and
   * results (a reply without a call and the reminder after it, the last call's request), so an
   * exported record replays them.
   */
  sent?: SentMessage[];
}

/** The final answer. */
export interface AnswerEvent {
  type: "answer";
  step: number;
  /** Human-readable answer. */
  answer: string;
  /** Typed value (see {@link AnswerValue}). */
  value: AnswerValue;
}

/** Something went wrong that ended or degraded the run. */
export interface ErrorEvent {
  type: "error";
  step: number;
  message: string;
}

/** Any trace event. */
export type TraceEvent = ToolEvent | ReasoningEvent | AnswerEvent | ErrorEvent;

/** A trace event before its step number is assigned. */
export type NewTraceEvent = TraceEvent extends infer E
  ? E extends TraceEvent ? Omit<E, "step"> : never
  : never;

/** One whole question and how it was answered. */
export interface Trace {
  /** Unique id (UUID). */
  id: string;
  /** Format version. */
  version: 1;
  /** ISO time of creation. */
  created: string;
  /** The 3D frame every vector in the trace is written in, with its length units. */
  frame: Frame & { assumptions: string[] };
  question: string;
  /** Multiple-choice options, when given. */
  options?: string[];
  /** The image, when there was one. */
  image?: { path?: string; sha256?: string; width: number; height: number };
  /** Scene file used instead of perception, when given. */
  scene?: string;
  /** Camera intrinsics and their source. */
  intrinsics: Intrinsics;
  /** Which planner answered. */
  planner: "rules" | "llm";
  /** The LLM, when the planner is `llm`. */
  llm_model?: string;
  /** What the LLM was told beside the question before its first call (prompts/user_turn.ts). */
  context?: string;
  events: TraceEvent[];
  /** Filled in when the answer event is added. */
  answer?: { text: string; value: AnswerValue };
}

/** Fields needed to start a trace. */
export type TraceInit =
  & Omit<Trace, "id" | "version" | "created" | "frame" | "events" | "answer">
  & {
    /** Extra assumptions beyond the level camera (which is always recorded unless tilt is known). */
    assumptions?: string[];
    /** Length units of the scene (metres when absent). */
    units?: FrameUnits;
  };

/** Starts an empty trace. */
export function newTrace(init: TraceInit): Trace {
  const { assumptions, units, ...rest } = init;
  return {
    id: crypto.randomUUID(),
    version: 1,
    created: new Date().toISOString(),
    frame: {
      ...frameIn(units),
      assumptions: assumptions ?? ["level camera (pitch and roll unknown)"],
    },
    ...rest,
    events: [],
  };
}

/** Appends an event, numbering it; an answer event also sets `trace.answer`. */
export function addEvent(trace: Trace, event: NewTraceEvent): TraceEvent {
  const full = { ...event, step: trace.events.length + 1 } as TraceEvent;
  trace.events.push(full);
  if (full.type === "answer") trace.answer = { text: full.answer, value: full.value };
  return full;
}
