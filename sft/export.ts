/**
 * Training formats, each a view of the canonical {@link SrCotRecord}:
 *
 * - `llava`: LLaVA / ShareGPT `conversations` (`from: human|gpt`, `<image>` token, `image` path);
 * - `messages`: OpenAI / Hugging Face chat `messages` with an image content part and `images`;
 * - `llamafactory`: LLaMA-Factory ShareGPT with `function_call` / `observation` turns, one pair
 *   per tool call of the trace, and the tools' JSON Schemas in `tools`, for training the agent
 *   itself on its tool calls.
 *
 * Every record carries the same `meta` (question id and variant, category, answer, frame,
 * intrinsics source, models, orientation confidences).
 *
 * @module
 */
import { relative, resolve } from "node:path";
import { InputError } from "../core/errors.ts";
import type { ToolEvent } from "../agent/trace.ts";
import { SYSTEM_PROMPT as AGENT_SYSTEM_PROMPT } from "../prompts/system.ts";
import type { FunctionSchema } from "../tools/registry.ts";
import type { RecordMeta, SrCotRecord } from "./record.ts";
import { srCotSystemPrompt } from "./prompt.ts";

/** Output formats of `generate` and `export`. */
export const FORMATS = ["sr-cot", "llava", "messages", "llamafactory"] as const;
/** An output format. */
export type Format = typeof FORMATS[number];

/** The metadata part of a record, as carried by every format. */
export function metaOf(r: RecordMeta): RecordMeta {
  return {
    id: r.id,
    question_id: r.question_id,
    variant: r.variant,
    category: r.category,
    answer: r.answer,
    answer_text: r.answer_text,
    frame: r.frame,
    intrinsics_source: r.intrinsics_source,
    models: r.models,
    orientation_confidences: r.orientation_confidences,
    planner: r.planner,
    ...(r.llm_model ? { llm_model: r.llm_model } : {}),
    source: r.source,
  };
}

/**
 * The record's image path relative to `root`, from the path the trace read it from; without a
 * root, the record's own path.
 */
export function imagePath(r: SrCotRecord, root?: string): string | undefined {
  const read = r.trace.image?.path;
  if (root === undefined || read === undefined) return r.image;
  return relative(resolve(root), resolve(read));
}

/** A LLaVA / ShareGPT record. */
export interface LlavaRecord {
  id: string;
  image?: string;
  conversations: { from: "human" | "gpt"; value: string }[];
  meta: RecordMeta;
}

/** LLaVA format: the prompt after an `<image>` line, the SR-CoT text as the reply. */
export function toLlava(r: SrCotRecord, root?: string): LlavaRecord {
  const image = imagePath(r, root);
  return {
    id: r.id,
    ...(image !== undefined ? { image } : {}),
    conversations: [
      { from: "human", value: image !== undefined ? `<image>\n${r.prompt}` : r.prompt },
      { from: "gpt", value: r.cot },
    ],
    meta: metaOf(r),
  };
}

/** A chat message of the `messages` format. */
export type ChatMessage =
  | { role: "system" | "assistant"; content: string }
  | { role: "user"; content: ({ type: "image" } | { type: "text"; text: string })[] };

/** An OpenAI / Hugging Face `messages` record. */
export interface MessagesRecord {
  id: string;
  messages: ChatMessage[];
  /** Image paths, one per `{type: "image"}` part (TRL's vision SFT layout). */
  images: string[];
  meta: RecordMeta;
}

/** Messages format: system prompt (states the frame), user image + prompt, assistant SR-CoT. */
export function toMessages(r: SrCotRecord, root?: string): MessagesRecord {
  const image = imagePath(r, root);
  return {
    id: r.id,
    messages: [
      { role: "system", content: srCotSystemPrompt(r.frame) },
      {
        role: "user",
        content: [...(image !== undefined ? [{ type: "image" as const }] : []), {
          type: "text",
          text: r.prompt,
        }],
      },
      { role: "assistant", content: r.cot },
    ],
    images: image !== undefined ? [image] : [],
    meta: metaOf(r),
  };
}

/** A LLaMA-Factory ShareGPT turn. */
export interface LlamaFactoryTurn {
  from: "human" | "gpt" | "function_call" | "observation";
  value: string;
}

/** A LLaMA-Factory ShareGPT record with tool calls. */
export interface LlamaFactoryRecord {
  id: string;
  conversations: LlamaFactoryTurn[];
  system: string;
  /** JSON string of the tools' function schemas, as LLaMA-Factory's `tools` column expects. */
  tools: string;
  images: string[];
  meta: RecordMeta;
}

/** Decimals kept in observations: enough for centimetres and cosines, short for training. */
const OBSERVATION_DECIMALS = 4;

/** A JSON value with every number rounded to `decimals`. */
export function roundNumbers(value: unknown, decimals = OBSERVATION_DECIMALS): unknown {
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

/**
 * LLaMA-Factory format: human (image + prompt), then for each tool call of the trace a
 * `function_call` turn (`{"name", "arguments"}`) and an `observation` turn (the output, numbers
 * rounded to 4 decimals, or the error), then the SR-CoT reply. Tool calls are in the tools' own
 * frame, so the record must be in ours.
 */
export function toLlamaFactory(
  r: SrCotRecord,
  tools: readonly FunctionSchema[],
  root?: string,
): LlamaFactoryRecord {
  if (r.frame !== "ours") {
    throw new InputError(
      "--frame",
      `llamafactory records hold tool calls, which are in our frame; record ${r.id} is in ${r.frame}`,
      "generate or export with --frame ours",
    );
  }
  const image = imagePath(r, root);
  const calls = r.trace.events.filter((e): e is ToolEvent =>
    e.type === "perception" || e.type === "computation"
  );
  const conversations: LlamaFactoryTurn[] = [
    { from: "human", value: image !== undefined ? `<image>${r.prompt}` : r.prompt },
  ];
  for (const e of calls) {
    conversations.push({
      from: "function_call",
      value: JSON.stringify({ name: e.tool, arguments: e.input }),
    });
    conversations.push({
      from: "observation",
      value: JSON.stringify(e.ok ? roundNumbers(e.output) : { error: e.error }),
    });
  }
  conversations.push({ from: "gpt", value: r.cot });
  return {
    id: r.id,
    conversations,
    system: AGENT_SYSTEM_PROMPT,
    tools: JSON.stringify(tools.map((t) => t.function)),
    images: image !== undefined ? [image] : [],
    meta: metaOf(r),
  };
}

/** Converts a canonical record to `format` (sr-cot returns it with its image re-rooted). */
export function convertRecord(
  r: SrCotRecord,
  format: Format,
  opts: { tools: readonly FunctionSchema[]; imageRoot?: string },
): unknown {
  switch (format) {
    case "sr-cot": {
      const image = imagePath(r, opts.imageRoot);
      return { ...r, ...(image !== undefined ? { image } : {}) };
    }
    case "llava":
      return toLlava(r, opts.imageRoot);
    case "messages":
      return toMessages(r, opts.imageRoot);
    case "llamafactory":
      return toLlamaFactory(r, opts.tools, opts.imageRoot);
  }
}
