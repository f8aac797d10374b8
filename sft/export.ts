/**
 * Training formats, each a view of the canonical {@link SrCotRecord}:
 *
 * - `llava`: LLaVA / ShareGPT `conversations` (`from: human|gpt`, `<image>` token, `image` path);
 * - `messages`: OpenAI / Hugging Face chat `messages` with an image content part and `images`;
 *   every message's `content` is a list of parts, so the column has one type in every row;
 * - `llamafactory`: LLaMA-Factory ShareGPT with `function_call` / `observation` turns, one pair
 *   per tool call of the trace, and the tools' JSON Schemas in `tools`, for training the agent
 *   itself on its tool calls. Its system prompt, user turn and observations are built by the
 *   same functions as the agent loop's messages (prompts/), so a record says byte for byte what
 *   the loop would have said; a scene-based record's user turn lists the scene's objects as the
 *   loop's does, so every id is introduced before a tool call uses it.
 *
 * Every record carries the same `meta` (question id and variant, category, answer, frame,
 * intrinsics source, models, orientation confidences).
 *
 * @module
 */
import { relative, resolve } from "node:path";
import { InputError } from "../core/errors.ts";
import type { ToolEvent, TraceEvent } from "../agent/trace.ts";
import { agentMessages } from "../prompts/agent_messages.ts";
import { systemPrompt, toolSchemasIn } from "../prompts/system.ts";
import { toolMessages, withFinalCall } from "../prompts/tool_result.ts";
import { madeFinalCall } from "../agent/llm_loop.ts";
import { perceptionContext } from "../prompts/user_turn.ts";
import type { FunctionSchema } from "../tools/registry.ts";
import { type RecordMeta, type SrCotRecord, storeTrace } from "./record.ts";
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

/** A content part of the `messages` format. */
export type ContentPart = { type: "image" } | { type: "text"; text: string };

/** A chat message of the `messages` format: content is always a list of parts. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: ContentPart[];
}

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
      {
        role: "system",
        content: [{ type: "text", text: srCotSystemPrompt(r.frame, r.trace.frame.units) }],
      },
      {
        role: "user",
        content: [...(image !== undefined ? [{ type: "image" as const }] : []), {
          type: "text",
          text: r.prompt,
        }],
      },
      { role: "assistant", content: [{ type: "text", text: r.cot }] },
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

/** The agent's user turn for the record (prompts/agent_messages.ts, as the loop builds it). */
export function agentUserOf(r: SrCotRecord): string {
  return agentMessages({ question: r.question, options: r.options, context: recordContext(r) })[1]
    .content;
}

/** Objects came from a scene file: the trace names one, or perception never ran. */
function fromScene(r: SrCotRecord): boolean {
  return r.trace.scene !== undefined || !r.trace.events.some((e) => e.type === "perception");
}

/**
 * What the agent loop knew before its first call: as an LLM trace recorded it, else rebuilt from
 * the record — intrinsics, image size, and for a scene the objects (every object of the scene is
 * in `orientation_confidences`).
 */
export function recordContext(r: SrCotRecord): string {
  if (r.trace.context !== undefined) return r.trace.context;
  return perceptionContext({
    intrinsics: r.trace.intrinsics,
    ...(r.trace.image
      ? { image: { width: r.trace.image.width, height: r.trace.image.height } }
      : {}),
    ...(fromScene(r)
      ? {
        sceneObjects: r.orientation_confidences.map((o) => ({
          id: o.id,
          label: o.label,
          orientationConfidence: o.source === "unknown" ? 0 : o.confidence,
        })),
      }
      : {}),
  });
}

/**
 * LLaMA-Factory format: the agent's system prompt; human (`<image>` + the agent's user turn);
 * for each reply's tool calls a `function_call` turn (`{"name", "arguments"}`, or a list of
 * them for several calls in one reply, the arguments as the model wrote them, before any repair)
 * and an `observation` turn (the tool messages the loop sent, built by the same
 * prompts/tool_result.ts `toolMessages`: errors, what failed parameters expected, a tool's schema
 * once, cache notes, the last call's request); a reply without a call and the reminder after it
 * as `gpt` and `human` turns; then the SR-CoT reply. Tool calls are in the tools' own frame, so the record must be in ours.
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
  const units = r.trace.frame.units;
  const schemas = toolSchemasIn(tools, units);
  const conversations: LlamaFactoryTurn[] = [
    { from: "human", value: `${image !== undefined ? "<image>" : ""}${agentUserOf(r)}` },
    ...replayTurns(r.trace.events, toolMessages(schemas), madeFinalCall(r.trace)),
    { from: "gpt", value: r.cot },
  ];
  return {
    id: r.id,
    conversations,
    system: agentMessages({ question: r.question }, systemPrompt(units))[0].content,
    tools: JSON.stringify(schemas.map((t) => t.function)),
    images: image !== undefined ? [image] : [],
    meta: metaOf(r),
  };
}

/** Joins the results of one reply's calls into one observation, as LLaMA-Factory does. */
export const OBSERVATION_SEPARATOR = "\n</tool_response>\n<tool_response>\n";

/**
 * The conversation after the user turn, as the agent loop sent it: each reply's calls as one
 * `function_call` turn (one call as an object, several as a list) and their results as one
 * `observation` ({@link OBSERVATION_SEPARATOR} between them), and the other messages the loop
 * recorded (`sent`: a reply without a call, the reminder after it, the last call's request);
 * the last call's request rides on the last result when the conversation ends with one.
 */
function replayTurns(
  events: readonly TraceEvent[],
  observation: (e: ToolEvent) => string,
  finalCall: boolean,
): LlamaFactoryTurn[] {
  const turns: { from: LlamaFactoryTurn["from"]; calls?: ToolEvent[]; value?: string }[] = [];
  for (const e of events) {
    if (e.type === "perception" || e.type === "computation") {
      const last = turns.at(-1);
      const same = last?.calls && e.turn !== undefined && last.calls[0].turn === e.turn;
      if (same) last.calls!.push(e);
      else turns.push({ from: "function_call", calls: [e] });
    } else if (e.type === "reasoning") {
      for (const m of e.sent ?? []) {
        turns.push({ from: m.role === "user" ? "human" : "gpt", value: m.content });
      }
    }
  }
  return turns.flatMap((t, i): LlamaFactoryTurn[] => {
    if (!t.calls) return [{ from: t.from, value: t.value! }];
    const call = (e: ToolEvent) => ({ name: e.tool, arguments: e.raw_input ?? e.input });
    const results = t.calls.map(observation);
    if (finalCall && i === turns.length - 1) results.push(withFinalCall(results.pop()!));
    return [
      {
        from: "function_call",
        value: JSON.stringify(t.calls.length === 1 ? call(t.calls[0]) : t.calls.map(call)),
      },
      { from: "observation", value: results.join(OBSERVATION_SEPARATOR) },
    ];
  });
}

/**
 * Converts a canonical record to `format`. An sr-cot row is the record with its image re-rooted
 * and its trace stored with tool inputs, outputs and answer values as JSON text (`storeTrace`),
 * so every row of every format loads as one typed table.
 */
export function convertRecord(
  r: SrCotRecord,
  format: Format,
  opts: { tools: readonly FunctionSchema[]; imageRoot?: string },
): unknown {
  switch (format) {
    case "sr-cot": {
      const image = imagePath(r, opts.imageRoot);
      return { ...r, ...(image !== undefined ? { image } : {}), trace: storeTrace(r.trace) };
    }
    case "llava":
      return toLlava(r, opts.imageRoot);
    case "messages":
      return toMessages(r, opts.imageRoot);
    case "llamafactory":
      return toLlamaFactory(r, opts.tools, opts.imageRoot);
  }
}
