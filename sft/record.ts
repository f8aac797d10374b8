/**
 * The canonical training record (`--format sr-cot`): one question variant, its SR-CoT text, the
 * trace it was rendered from, and the metadata every exported format carries. The other formats
 * (`export_formats.ts`) are views of this record.
 *
 * @module
 */
import type { Trace, TraceEvent } from "../agent/trace.ts";
import type { Query } from "../agent/rules/query.ts";

/** The frame vectors are written in: ours (+x right, +y forward, +z up) or SpatialReasoner's. */
export type FrameName = "ours" | "spatialreasoner";

/** Frame names accepted by `--frame`. */
export const FRAME_NAMES: readonly FrameName[] = ["ours", "spatialreasoner"];

/** The axes of each frame, as written into system prompts (the units follow them). */
export const FRAME_AXES: Record<FrameName, string> = {
  ours: "+x right, +y forward (away from the camera), +z up",
  spatialreasoner: "+x left, +y up, +z forward (away from the camera)",
};

/** One object's orientation confidence, as a list entry (keeps exported columns uniform). */
export interface OrientationConfidence {
  id: string;
  label: string;
  /** In [0, 1]; 0 when the orientation is unknown. */
  confidence: number;
  /** Where the front came from: a model id, `scene`, or `unknown`. */
  source: string;
}

/** Metadata every record carries, in every format. */
export interface RecordMeta {
  /** Unique per variant: `${question_id}:${variant}`. */
  id: string;
  /** Shared by all variants of one question (CircularEval, FlipEval). */
  question_id: string;
  /** `original`, `circular-N` (options rotated N places), `flip`, `flip-circular-N`. */
  variant: string;
  /** 3DSRBench or Basic3D-QA category, or `unknown` for an exported free-form trace. */
  category: string;
  /** Gold answer as the model should write it: an option letter, yes/no, or a number. */
  answer: string;
  /** The answer spelled out: the option's text, yes/no, or the number with its unit. */
  answer_text: string;
  frame: FrameName;
  /** given | scene | exif | assumed_fov. */
  intrinsics_source: string;
  /** Model ids used by perception (empty for scene files). */
  models: string[];
  /** Orientation confidence of every object in the scene. */
  orientation_confidences: OrientationConfidence[];
  /** Which planner produced the trace. */
  planner: "rules" | "llm";
  /** The LLM, for `llm` traces. */
  llm_model?: string;
  /** Where it came from: the generator, or an exported `ask` trace. */
  source: "generated" | "trace";
}

/** The canonical record, one JSON line of a `--format sr-cot` file. */
export interface SrCotRecord extends RecordMeta {
  format: "sr-cot";
  /** The question without options. */
  question: string;
  /** Multiple-choice options in the order shown (absent for numeric questions). */
  options?: string[];
  /** The full user prompt: question, lettered options and the instruction. */
  prompt: string;
  /** `<think>…</think><answer>…</answer>`. */
  cot: string;
  /** Image path: relative to `--image-root` when given, else as read. */
  image?: string;
  /** sha256 of the image file. */
  image_sha256?: string;
  /** The structured query, for generated questions. */
  query?: Query;
  /** The trace the CoT was written from (tool calls in our frame). */
  trace: Trace;
}

/** Marks a trace whose heterogeneous fields are stored as JSON text ({@link storeTrace}). */
export const JSON_VALUES = "json-values";

/** The fields {@link storeTrace} writes as JSON text, on events and on the trace's answer. */
const JSON_FIELDS = ["input", "raw_input", "output", "value"] as const;

/** `x` with each of {@link JSON_FIELDS} it has mapped by `f`. */
function mapFields<T extends object>(x: T, f: (v: unknown) => unknown): T {
  const out = { ...x } as Record<string, unknown>;
  for (const k of JSON_FIELDS) if (k in out) out[k] = f(out[k]);
  return out as T;
}

/**
 * A trace as an sr-cot row stores it: every event's `input`, `raw_input`, `output` and `value` and the
 * answer's `value` as JSON text (`"{\"object_ids\":[\"dog_1\"]}"`, `"true"`), marked
 * `encoding: "json-values"`. Tool inputs and outputs differ per tool and answer values are
 * yes/no, numbers or text, so as JSON they would give a column a different type in different rows,
 * which pyarrow's JSON reader (and `datasets`) refuse; as text every row has the same types.
 */
export function storeTrace(trace: Trace): Trace & { encoding: typeof JSON_VALUES } {
  const encode = <T extends object>(x: T): T =>
    mapFields(x, (v) => v === undefined ? v : JSON.stringify(v));
  return {
    ...trace,
    encoding: JSON_VALUES,
    events: trace.events.map(encode),
    ...(trace.answer ? { answer: encode(trace.answer) } : {}),
  };
}

/** The trace of a stored row ({@link storeTrace}) as it was; any other trace as it is. */
export function loadTrace(trace: Trace & { encoding?: string }): Trace {
  if (trace.encoding !== JSON_VALUES) return trace;
  const decode = <T extends object>(x: T): T =>
    mapFields(x, (v) => typeof v === "string" ? JSON.parse(v) : v);
  const { encoding: _e, ...rest } = trace;
  return {
    ...rest,
    events: rest.events.map((e) => decode<TraceEvent>(e)),
    ...(rest.answer ? { answer: decode(rest.answer) } : {}),
  };
}

/** True when `x` looks like an {@link SrCotRecord}. */
export function isSrCotRecord(x: unknown): x is SrCotRecord {
  if (!x || typeof x !== "object") return false;
  const r = x as Partial<SrCotRecord>;
  return r.format === "sr-cot" && typeof r.cot === "string" && typeof r.id === "string" &&
    typeof r.trace === "object";
}
