/**
 * The LLM agent loop: the model sees the system prompt, the question (and image), and the tools'
 * JSON Schemas; it calls tools until it writes `<answer>…</answer>`. Every call goes through
 * {@link runTool}, so the trace has the same shape as the rule planner's.
 *
 * What small models really do is handled here, each recovery noted in the trace as a reasoning
 * event in parentheses: tool calls written as text (Hermes/Qwen `<tool_call>`, bare JSON) are
 * run; a `final_answer`-style call, an `{"answer": …}` reply or a `Final answer: …` line is
 * taken as the answer; arguments are repaired where that is safe (agent/repair_args.ts);
 * arguments that still fail come back with what each parameter expected and, once per tool, the
 * tool's schema; unknown tools come back with the list; a repeated call, failed or not, is
 * served from a per-question cache with a note; a reply with neither a tool call nor an answer
 * gets one nudge; at the step limit (or when the deadline is near) one last call without tools
 * asks for an answer from what is known. Only then does the loop give up, and it says why.
 * A reply with calls goes back into the conversation as its calls alone; every other message the
 * loop adds is recorded on a note (`sent`), so an exported record replays the conversation.
 *
 * @module
 */
import type { ChatRequest, Message, ToolCall } from "ollama";
import type { FunctionSchema, Registry, ToolResult } from "../tools/registry.ts";
import type { ToolContext } from "../tools/tool.ts";
import { formatPath } from "../core/errors.ts";
import { agentMessages, type AgentTurn } from "../prompts/agent_messages.ts";
import { systemPrompt, toolSchemasIn } from "../prompts/system.ts";
import { FINAL_CALL_NOTE, toolMessages, withFinalCall } from "../prompts/tool_result.ts";
import { answerValue } from "./answer_value.ts";
import { type ChatClient, LlmError } from "./ollama.ts";
import { expectedAt, repairArguments } from "./repair_args.ts";
import { type EventSink, runTool } from "./run_tool.ts";
import { extractTextToolCalls, finalAnswerOf, jsonAnswer, proseAnswer } from "./text_tool_calls.ts";
import {
  addEvent,
  type AnswerValue,
  type NewTraceEvent,
  type SentMessage,
  type Trace,
} from "./trace.ts";

/** How a planner ended. */
export interface PlannerOutcome {
  /** Readable answer, or why there is none. */
  answer: string;
  /** Typed value; null when unanswerable. */
  value: AnswerValue;
  status: "answered" | "unanswerable";
}

/** The question as the loop sends it (prompts/agent_messages.ts builds the messages). */
export type LlmQuestion = AgentTurn;

/** Everything the loop runs with. */
export interface LlmLoopConfig {
  client: ChatClient;
  model: string;
  registry: Registry;
  ctx: ToolContext;
  trace: Trace;
  onEvent?: EventSink;
  /** Defaults to prompts/system.ts's, in the workspace's length units. */
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

/** How the trace's note of the last call (at the step or time limit) begins, after "(". */
const FINAL_CALL_MARK = "final call:";

/** Whether the loop made its last call without tools (the trace notes it). */
export function madeFinalCall(trace: Pick<Trace, "events">): boolean {
  return trace.events.some((e) =>
    e.type === "reasoning" && e.source === "llm" && e.text.startsWith(`(${FINAL_CALL_MARK}`)
  );
}

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

function splitThink(content: string): { think?: string; text: string } {
  const m = content.match(/^\s*<think>([\s\S]*?)<\/think>\s*/);
  return m ? { think: m[1].trim(), text: content.slice(m[0].length) } : { text: content };
}

/** JSON Schemas per registry, generated once (zod → JSON Schema costs milliseconds). */
const schemas = new WeakMap<Registry, FunctionSchema[]>();
function schemasOf(registry: Registry): FunctionSchema[] {
  let s = schemas.get(registry);
  if (!s) schemas.set(registry, s = registry.functionSchemas());
  return s;
}

/** What a reply amounts to once its text is read. */
interface ReadReply {
  calls: ToolCall[];
  /** The answer and how it was found, when the reply gives one. */
  answer?: { text: string; via?: string };
  /** Nothing at all: no text, no thinking, no call. */
  empty: boolean;
}

/** Runs the loop; throws {@link LlmError} only when the very first model call fails. */
export async function runLlmLoop(q: LlmQuestion, cfg: LlmLoopConfig): Promise<PlannerOutcome> {
  const { client, model, registry, ctx, trace, onEvent } = cfg;
  const emit = (e: NewTraceEvent) => {
    const full = addEvent(trace, e);
    onEvent?.(full);
  };
  // A note; `sent` records the messages the loop adds to the conversation with it.
  const note = (text: string, sent: SentMessage[] = []) =>
    emit({ type: "reasoning", source: "llm", text: `(${text})`, ...(sent.length ? { sent } : {}) });
  /** Adds plain messages to the conversation; the caller records them with a note. */
  const say = (...sent: SentMessage[]) => {
    messages.push(...sent);
    return sent;
  };
  const maxSteps = cfg.maxSteps ?? DEFAULT_MAX_STEPS;
  const callTimeout = cfg.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const deadline = cfg.deadline ?? Infinity;
  // Time kept for the last call when a deadline is set: a quarter of it, at most one call.
  const reserve = Math.min(callTimeout, Math.max(0, (deadline - Date.now()) / 4));
  // Recorded so an exported record's user turn says exactly what the model was told.
  if (q.context) trace.context = q.context;
  const units = ctx.workspace.units;
  const messages: Message[] = agentMessages(q, cfg.systemPrompt ?? systemPrompt(units));
  const tools = toolSchemasIn(schemasOf(registry), units);
  const cache = new Map<string, ToolResult>();
  // Every tool message is built from what the trace records, as the exporter rebuilds it.
  const toolMessage = toolMessages(tools);
  // Perception changes the workspace, so results cached before it may be stale.
  let generation = 0;
  let nudged = false;

  const giveUp = (why: string): PlannerOutcome => {
    emit({ type: "error", message: why });
    const answer = `No answer: ${why}`;
    emit({ type: "answer", answer, value: null });
    return { answer, value: null, status: "unanswerable" };
  };
  const finish = (a: { text: string; via?: string }): PlannerOutcome => {
    if (a.via) note(`recovery: the answer was read from ${a.via}`);
    if (!a.text) return giveUp(`the model (${model}) gave an empty answer`);
    const value = answerValue(a.text, q.options);
    emit({ type: "answer", answer: a.text, value });
    return { answer: a.text, value, status: "answered" };
  };

  const callTool = async (name: string, raw: unknown, turn: number): Promise<string> => {
    const tool = registry.get(name);
    const parameters = tools.find((t) => t.function.name === name)?.function.parameters;
    const fixed = tool && parameters ? repairArguments(raw, parameters) : undefined;
    const args = fixed?.repairs.length ? fixed.args : raw;
    // What the model wrote, when it differs from what was run (exports replay it).
    const asWritten = fixed?.repairs.length ? { raw_input: raw } : {};
    const key = `${generation}|${name}|${canonical(raw)}`;
    const hit = cache.get(key);
    if (hit) {
      emit({
        type: tool?.kind ?? "computation",
        tool: name,
        input: args,
        ...asWritten,
        ok: hit.ok,
        ...(hit.ok ? { output: hit.output } : { error: hit.error }),
        duration_ms: 0,
        cached: true,
        turn,
      });
      note(`recovery: a repeated ${hit.ok ? "" : "failed "}call of ${name} answered from cache`);
      return toolMessage({ tool: name, ...hit, cached: true });
    }
    if (fixed?.repairs.length) {
      note(`recovery: repaired the arguments of ${name}: ${fixed.repairs.join("; ")}`);
    }
    // Arguments that fail validation come back with what each parameter expected.
    const parsed = tool?.input.safeParse(args ?? {});
    const expected = parsed && !parsed.success && parameters
      ? parsed.error.issues.slice(0, 3).map((i) => {
        const path = formatPath(i.path);
        const want = expectedAt(parameters, path === "(root)" ? "" : path);
        return `${path}: ${i.message}${want ? `; expected ${want}` : ""}`;
      })
      : undefined;
    const result = await runTool(registry, name, args, ctx, trace, onEvent, {
      ...asWritten,
      ...(expected ? { expected } : {}),
      turn,
    });
    cache.set(key, result);
    if (result.ok && tool?.kind === "perception") generation++;
    return toolMessage({ tool: name, ...result, expected });
  };

  /** Reads a reply: thinking and prose into the trace, tool calls (also written as text), answer. */
  const read = (reply: Message): ReadReply => {
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
        note(`recovery: the model wrote ${calls.length} tool call(s) as text; running them`);
      }
    }
    const tagged = prose.match(/<answer>([\s\S]*?)<\/answer>/);
    const before = tagged ? prose.slice(0, tagged.index).trim() : prose;
    const empty = !prose && calls.length === 0 && !reply.thinking?.trim() && !think;
    const finalCall = calls.map((c) => finalAnswerOf(c.function.name, c.function.arguments))
      .find((a) => a !== undefined);
    const json = tagged || calls.length ? undefined : jsonAnswer(prose);
    if (before && json === undefined) emit({ type: "reasoning", text: before, source: "llm" });
    if (finalCall !== undefined) {
      const name = calls.find((c) => finalAnswerOf(c.function.name, c.function.arguments))!;
      return {
        calls: [],
        empty,
        answer: { text: finalCall.trim(), via: `a ${name.function.name} tool call` },
      };
    }
    if (calls.length) return { calls, empty };
    if (tagged) return { calls, empty, answer: { text: tagged[1].trim() } };
    if (json !== undefined) {
      return { calls, empty, answer: { text: json.trim(), via: '{"answer": …} JSON' } };
    }
    const line = proseAnswer(prose);
    if (line !== undefined) {
      return { calls, empty, answer: { text: line, via: 'a "Final answer:" line' } };
    }
    return { calls, empty };
  };

  /** One model call; failures become a give-up (or are thrown on the first call). */
  const turn = async (
    step: number,
    timeoutMs: number,
    /** Set for the last call (tools withheld): why it is made. */
    final?: string,
  ): Promise<Message | PlannerOutcome | "deadline"> => {
    try {
      const res = await client.chat(
        {
          model,
          messages,
          ...(final ? {} : { tools }),
          ...(cfg.think !== undefined ? { think: cfg.think } : {}),
        },
        { timeoutMs, signal: cfg.signal },
      );
      return res.message ?? { role: "assistant", content: "" };
    } catch (e) {
      if (e instanceof LlmError && e.kind === "aborted") cfg.signal?.throwIfAborted();
      const msg = e instanceof Error ? e.message : String(e);
      if (final) return giveUp(`${final}; the final call failed: ${msg}`);
      if (e instanceof LlmError && e.kind === "timeout" && Date.now() >= deadline - reserve) {
        // A turn cut short by the deadline still leaves the reserve for the last call.
        return "deadline";
      }
      if (step === 1) throw e;
      return giveUp(msg);
    }
  };

  let why = `the step limit of ${maxSteps} model turns was reached`;
  // Messages sent but not yet recorded with a note (a last reply without a call).
  const unrecorded: SentMessage[] = [];
  let step = 1;
  for (; step <= maxSteps; step++) {
    cfg.signal?.throwIfAborted();
    const left = deadline - Date.now();
    if (left <= reserve) {
      why = `the deadline was near after ${step - 1} model turns`;
      break;
    }
    const reply = await turn(step, Math.min(callTimeout, left - reserve));
    if (reply === "deadline") {
      why = `the deadline was near during model turn ${step}`;
      break;
    }
    if ("status" in reply) return reply;
    const r = read(reply);
    if (r.answer) return finish(r.answer);
    if (r.calls.length > 0) {
      // A reply with calls goes back as its calls alone (its prose and thinking are in the
      // trace): a tool-call turn of a training record holds calls only (LLaMA-Factory's formats).
      messages.push({ role: "assistant", content: "", tool_calls: r.calls });
      for (const c of r.calls) {
        const content = await callTool(c.function.name, c.function.arguments, step);
        messages.push({ role: "tool", tool_name: c.function.name, content });
      }
      continue;
    }
    const said: SentMessage = { role: "assistant", content: reply.content ?? "" };
    if (nudged) {
      why = `the model (${model}) ${
        r.empty ? "sent an empty reply" : "neither called a tool nor answered"
      } again after being reminded`;
      unrecorded.push(...say(said));
      break;
    }
    nudged = true;
    const nudge = r.empty ? NUDGE_EMPTY : NUDGE_NO_ANSWER;
    note(`reminded the model: ${nudge}`, say(said, { role: "user", content: nudge }));
  }

  // One last call, without tools, for an answer from what is known.
  const left = deadline - Date.now();
  if (left <= 0) {
    return giveUp(`${why}; no time was left for a final call`);
  }
  // The request rides on the last tool message when there is one (prompts/tool_result.ts).
  const last = messages.at(-1)!;
  if (last.role === "tool") last.content = withFinalCall(last.content);
  else unrecorded.push(...say({ role: "user", content: FINAL_CALL_NOTE }));
  note(
    `${FINAL_CALL_MARK} ${why}; asked for an answer from the results so far, tools withheld`,
    unrecorded,
  );
  const reply = await turn(step, Math.min(callTimeout, left), why);
  if (reply === "deadline" || "status" in reply) return reply as PlannerOutcome;
  const r = read(reply);
  if (r.answer) return finish(r.answer);
  return giveUp(`${why}, and the final call gave no answer`);
}
