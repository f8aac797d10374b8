/**
 * The LLM agent loop: the model sees the system prompt, the question (and image), and the tools'
 * JSON Schemas; it calls tools until it writes `<answer>…</answer>`. Every call goes through
 * {@link runTool}, so the trace has the same shape as the rule planner's.
 *
 * What models really do is handled here: arguments that fail validation and unknown tools come
 * back to the model as the tool result; a repeated call is served from a per-question cache and
 * the model is told; tool calls written as text are run; a reply with neither a tool call nor an
 * answer (or an empty one) gets one nudge, then the loop gives up and says so.
 *
 * @module
 */
import type { ChatRequest, Message, ToolCall } from "ollama";
import type { Registry, ToolResult } from "../tools/registry.ts";
import type { ToolContext } from "../tools/tool.ts";
import { SYSTEM_PROMPT } from "../prompts/system.ts";
import { answerValue } from "./answer_value.ts";
import { type ChatClient, LlmError } from "./ollama.ts";
import { type EventSink, runTool } from "./run_tool.ts";
import { extractTextToolCalls } from "./text_tool_calls.ts";
import { addEvent, type AnswerValue, type NewTraceEvent, type Trace } from "./trace.ts";

/** How a planner ended. */
export interface PlannerOutcome {
  /** Readable answer, or why there is none. */
  answer: string;
  /** Typed value; null when unanswerable. */
  value: AnswerValue;
  status: "answered" | "unanswerable";
}

/** The question as the loop sends it. */
export interface LlmQuestion {
  question: string;
  options?: string[];
  /** Earlier chat turns, oldest first. */
  history?: { role: "user" | "assistant"; content: string }[];
  /** The encoded image for a vision model. */
  image?: Uint8Array;
  /** Extra context for the user message (image size, objects already known). */
  context?: string;
}

/** Everything the loop runs with. */
export interface LlmLoopConfig {
  client: ChatClient;
  model: string;
  registry: Registry;
  ctx: ToolContext;
  trace: Trace;
  onEvent?: EventSink;
  /** Defaults to prompts/system.ts. */
  systemPrompt?: string;
  /** Ollama's `think`, passed through when set. */
  think?: ChatRequest["think"];
  /** Most model turns (default 16). */
  maxSteps?: number;
  /** Timeout of one chat call, ms (default 120 000). */
  callTimeoutMs?: number;
  /** Absolute time (epoch ms) after which the loop stops. */
  deadline?: number;
  signal?: AbortSignal;
}

/** Default number of model turns. */
export const DEFAULT_MAX_STEPS = 16;
/** Default timeout of one chat call, ms: a cold 8B model can take a minute to load. */
export const DEFAULT_CALL_TIMEOUT_MS = 120_000;

/** Said to the model when it repeats a call. */
export const CACHED_NOTE =
  "You already made this exact call; this is the same result again. Do not repeat calls: use " +
  "the results you have, call a different tool, or answer.";
/** Said once when a reply had no tool call and no answer tag. */
export const NUDGE_NO_ANSWER =
  "You neither called a tool nor gave a final answer. Call the next tool through the " +
  "tool-calling interface, or end with the final answer inside <answer>…</answer>.";
/** Said once when a reply was empty. */
export const NUDGE_EMPTY =
  "Your last reply was empty. Call the next tool, or give the final answer inside " +
  "<answer>…</answer>.";

/** Object keys sorted, so equal arguments give equal cache keys. */
function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
        : v,
  );
}

/** The user message: question, options, what is already known, and the image. */
export function userMessage(q: LlmQuestion): Message {
  const parts = [`Question: ${q.question}`];
  if (q.options?.length) {
    const letters = q.options.map((o, i) => `(${String.fromCharCode(65 + i)}) ${o}`);
    parts.push(
      `Options: ${letters.join(" ")}\nAnswer with one of the options, written exactly as given.`,
    );
  }
  if (q.context) parts.push(q.context);
  return { role: "user", content: parts.join("\n\n"), ...(q.image ? { images: [q.image] } : {}) };
}

function splitThink(content: string): { think?: string; text: string } {
  const m = content.match(/^\s*<think>([\s\S]*?)<\/think>\s*/);
  return m ? { think: m[1].trim(), text: content.slice(m[0].length) } : { text: content };
}

/** Runs the loop; throws {@link LlmError} only when the very first model call fails. */
export async function runLlmLoop(q: LlmQuestion, cfg: LlmLoopConfig): Promise<PlannerOutcome> {
  const { client, model, registry, ctx, trace, onEvent } = cfg;
  const emit = (e: NewTraceEvent) => {
    const full = addEvent(trace, e);
    onEvent?.(full);
  };
  const maxSteps = cfg.maxSteps ?? DEFAULT_MAX_STEPS;
  const callTimeout = cfg.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const messages: Message[] = [
    { role: "system", content: cfg.systemPrompt ?? SYSTEM_PROMPT },
    ...(q.history ?? []),
    userMessage(q),
  ];
  const tools = registry.functionSchemas();
  const cache = new Map<string, ToolResult>();
  // Perception changes the workspace, so results cached before it may be stale.
  let generation = 0;
  let nudged = false;

  const giveUp = (why: string): PlannerOutcome => {
    emit({ type: "error", message: why });
    const answer = `No answer: ${why}`;
    emit({ type: "answer", answer, value: null });
    return { answer, value: null, status: "unanswerable" };
  };

  const callTool = async (name: string, args: unknown): Promise<string> => {
    const key = `${generation}|${name}|${canonical(args)}`;
    const hit = cache.get(key);
    if (hit) {
      const kind = registry.get(name)?.kind ?? "computation";
      emit({
        type: kind,
        tool: name,
        input: args,
        ok: hit.ok,
        ...(hit.ok ? { output: hit.output } : { error: hit.error }),
        duration_ms: 0,
        cached: true,
      });
      return JSON.stringify({ cached: true, note: CACHED_NOTE, ...resultBody(hit) });
    }
    const result = await runTool(registry, name, args, ctx, trace, onEvent);
    if (result.ok) {
      cache.set(key, result);
      if (registry.get(name)?.kind === "perception") generation++;
    }
    return JSON.stringify(resultBody(result));
  };

  for (let step = 1; step <= maxSteps; step++) {
    cfg.signal?.throwIfAborted();
    const left = (cfg.deadline ?? Infinity) - Date.now();
    if (left <= 0) return giveUp(`the deadline was reached after ${step - 1} model turns`);
    let reply: Message;
    try {
      const res = await client.chat(
        { model, messages, tools, ...(cfg.think !== undefined ? { think: cfg.think } : {}) },
        { timeoutMs: Math.min(callTimeout, left), signal: cfg.signal },
      );
      reply = res.message ?? { role: "assistant", content: "" };
    } catch (e) {
      if (e instanceof LlmError && e.kind === "aborted") cfg.signal?.throwIfAborted();
      if (
        e instanceof LlmError && e.kind === "timeout" && Date.now() >= (cfg.deadline ?? Infinity)
      ) {
        return giveUp(`the deadline was reached during model turn ${step}`);
      }
      if (step === 1) throw e;
      return giveUp(e instanceof Error ? e.message : String(e));
    }
    const { think, text } = splitThink(reply.content ?? "");
    for (const t of [reply.thinking, think]) {
      if (t?.trim()) emit({ type: "reasoning", text: t.trim(), source: "think" });
    }

    let calls: ToolCall[] = reply.tool_calls ?? [];
    let prose = text.trim();
    if (calls.length === 0) {
      const extracted = extractTextToolCalls(text);
      if (extracted.calls.length > 0) {
        calls = extracted.calls.map((c) => ({ function: c }));
        prose = extracted.rest;
        emit({
          type: "reasoning",
          source: "llm",
          text: `(the model wrote ${calls.length} tool call(s) as text; running them)`,
        });
      }
    }

    const answer = prose.match(/<answer>([\s\S]*?)<\/answer>/);
    const before = answer ? prose.slice(0, answer.index).trim() : prose;
    if (before) emit({ type: "reasoning", text: before, source: "llm" });

    if (calls.length > 0) {
      messages.push({ role: "assistant", content: reply.content ?? "", tool_calls: calls });
      for (const c of calls) {
        const content = await callTool(c.function.name, c.function.arguments);
        messages.push({ role: "tool", tool_name: c.function.name, content });
      }
      continue;
    }

    if (answer) {
      const text = answer[1].trim();
      if (!text) return giveUp(`the model (${model}) gave an empty <answer></answer>`);
      const value = answerValue(text, q.options);
      emit({ type: "answer", answer: text, value });
      return { answer: text, value, status: "answered" };
    }

    const empty = !prose && !reply.thinking?.trim() && !think;
    if (nudged) {
      return giveUp(
        `the model (${model}) ${
          empty ? "sent an empty reply" : "neither called a tool nor answered"
        } again after being reminded`,
      );
    }
    nudged = true;
    const nudge = empty ? NUDGE_EMPTY : NUDGE_NO_ANSWER;
    emit({ type: "reasoning", source: "llm", text: `(reminded the model: ${nudge})` });
    messages.push({ role: "assistant", content: reply.content ?? "" });
    messages.push({ role: "user", content: nudge });
  }
  return giveUp(`the step limit of ${maxSteps} model turns was reached without an answer`);
}

function resultBody(r: ToolResult): Record<string, unknown> {
  return r.ok ? { ok: true, result: r.output } : { ok: false, error: r.error };
}
