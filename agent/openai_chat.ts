/**
 * The OpenAI-compatible backend: `POST {url}/chat/completions` as vLLM, llama.cpp's
 * `llama-server`, LM Studio and SGLang serve it, streamed (server-sent events) or not. It speaks
 * the loop's message shape (Ollama's) and translates at this edge: images become `image_url`
 * data-URL parts, tool calls get ids that the following tool messages answer, and a reply's
 * `reasoning_content` / `reasoning` becomes `thinking`. Tool-call arguments arrive as a JSON
 * string and are decoded; a string that is not JSON is passed on as is, so the tool's validation
 * tells the model.
 *
 * The API key comes only from the environment ({@link API_KEY_ENV}), never from a flag, and is
 * never written into a trace.
 *
 * @module
 */
import type { ChatResponse, Message, ToolCall } from "ollama";
import {
  type ChatClient,
  type ClientOptions,
  type ErrorClassifier,
  LlmError,
  type ProbeResult,
  stoppedError,
  withTimeout,
} from "./ollama.ts";

/** Environment variables read for the API key, in order. */
export const API_KEY_ENV = ["LLM_API_KEY", "OPENAI_API_KEY"] as const;

/** Where an OpenAI-compatible server listens unless `--llm-url` says otherwise (vLLM's default). */
export const DEFAULT_OPENAI_URL = "http://127.0.0.1:8000/v1";

/** The API key from {@link API_KEY_ENV}, if any (no permission to read the environment: none). */
export function apiKeyFromEnv(): string | undefined {
  for (const name of API_KEY_ENV) {
    try {
      const v = Deno.env.get(name)?.trim();
      if (v) return v;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The base URL: given or {@link DEFAULT_OPENAI_URL}; `http://` added to a bare `host:port`, a
 * pasted `/chat/completions` and trailing slashes removed, user:password dropped (it would land
 * in traces).
 */
export function resolveOpenAiUrl(url?: string): string {
  let raw = (url || DEFAULT_OPENAI_URL).trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) raw = `http://${raw}`;
  const u = new URL(raw);
  u.username = "";
  u.password = "";
  return u.toString().replace(/\/+$/, "").replace(/\/chat\/completions$/, "");
}

/** A message as `/v1/chat/completions` takes it. */
export type OpenAiMessage =
  | { role: "system" | "user"; content: string | OpenAiPart[] }
  | { role: "assistant"; content: string | null; tool_calls?: OpenAiToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

/** A content part of a user message. */
export type OpenAiPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } };

/** A tool call on the wire: arguments are a JSON string. */
export interface OpenAiToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

function dataUrl(image: Uint8Array | string): string {
  if (typeof image === "string") {
    return image.startsWith("data:") ? image : `data:image/jpeg;base64,${image}`;
  }
  const png = image[0] === 0x89 && image[1] === 0x50;
  return `data:image/${png ? "png" : "jpeg"};base64,${base64(image)}`;
}

/** The loop's messages in OpenAI's shape; tool messages answer the preceding calls in order. */
export function toOpenAiMessages(messages: readonly Message[]): OpenAiMessage[] {
  const open: string[] = [];
  return messages.map((m, i): OpenAiMessage => {
    if (m.role === "assistant") {
      if (!m.tool_calls?.length) return { role: "assistant", content: m.content };
      const calls = m.tool_calls.map((c, j): OpenAiToolCall => ({
        id: `call_${i}_${j}`,
        type: "function",
        function: { name: c.function.name, arguments: JSON.stringify(c.function.arguments) },
      }));
      open.push(...calls.map((c) => c.id));
      return { role: "assistant", content: m.content || null, tool_calls: calls };
    }
    if (m.role === "tool") {
      return { role: "tool", tool_call_id: open.shift() ?? `call_${i}`, content: m.content };
    }
    const role = m.role === "system" ? "system" : "user";
    if (!m.images?.length) return { role, content: m.content };
    return {
      role,
      content: [
        { type: "text", text: m.content },
        ...m.images.map((img): OpenAiPart => ({
          type: "image_url",
          image_url: { url: dataUrl(img) },
        })),
      ],
    };
  });
}

/** An assistant message as a server sends it (fields the loop reads). */
interface WireMessage {
  content?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: { id?: string; function?: { name?: string; arguments?: unknown } }[];
}

function decodeArguments(args: unknown): ToolCall["function"]["arguments"] {
  if (typeof args !== "string") return (args ?? {}) as ToolCall["function"]["arguments"];
  if (!args.trim()) return {};
  try {
    return JSON.parse(args);
  } catch {
    // Not JSON: the tool's validation reports it to the model.
    return args as unknown as ToolCall["function"]["arguments"];
  }
}

/** A reply message in the loop's shape. */
export function fromOpenAiMessage(m: WireMessage): Message {
  const thinking = m.reasoning_content ?? m.reasoning ?? undefined;
  const calls = (m.tool_calls ?? []).filter((c) => c.function?.name).map((c): ToolCall => ({
    function: { name: c.function!.name!, arguments: decodeArguments(c.function!.arguments) },
  }));
  return {
    role: "assistant",
    content: m.content ?? "",
    ...(thinking ? { thinking } : {}),
    ...(calls.length ? { tool_calls: calls } : {}),
  };
}

/** Joins server-sent `chat.completion.chunk` deltas into one message. */
export async function assembleStream(body: ReadableStream<Uint8Array>): Promise<WireMessage> {
  const msg = { content: "", reasoning: "" };
  const calls: { name: string; arguments: string }[] = [];
  let buffer = "";
  const take = (line: string) => {
    if (!line.startsWith("data:")) return;
    const data = line.slice(5).trim();
    if (!data || data === "[DONE]") return;
    const chunk = JSON.parse(data);
    if (chunk.error) throw Object.assign(new Error(errorText(chunk)), { status: 500 });
    const d = chunk.choices?.[0]?.delta ?? {};
    msg.content += d.content ?? "";
    msg.reasoning += d.reasoning_content ?? d.reasoning ?? "";
    for (const tc of d.tool_calls ?? []) {
      const slot = calls[tc.index ?? calls.length] ??= { name: "", arguments: "" };
      slot.name += tc.function?.name ?? "";
      const a = tc.function?.arguments;
      slot.arguments += typeof a === "string" ? a : a ? JSON.stringify(a) : "";
    }
  };
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    const lines = buffer.split(/\r?\n/);
    buffer = lines.pop()!;
    lines.forEach(take);
  }
  buffer += decoder.decode();
  take(buffer);
  return {
    content: msg.content,
    reasoning: msg.reasoning || null,
    tool_calls: calls.filter(Boolean).map((c) => ({ function: c })),
  };
}

/** The message of an OpenAI-style error body (`{error: {message}}`, vLLM's `{message}`). */
function errorText(body: unknown): string {
  const b = body as { error?: { message?: string } | string; message?: string };
  if (typeof b?.error === "string") return b.error;
  return b?.error?.message ?? b?.message ?? JSON.stringify(body);
}

/** OpenAI-compatible failures, worded for the person running the server. */
const classifyOpenAi: ErrorClassifier = (e, host, model, state) => {
  const stopped = stoppedError(e, host, model, state, `the server at ${host}`);
  if (stopped) return stopped;
  const status = (e as { status?: number })?.status;
  const msg = (e as Error)?.message ?? String(e);
  if (status === 401 || status === 403) {
    return new LlmError(
      "http",
      host,
      model,
      `the server at ${host} refused the request (${status}: ${msg}); set the key in ` +
        `${API_KEY_ENV.join(" or ")}`,
    );
  }
  if (status === 404) {
    return new LlmError(
      "model_missing",
      host,
      model,
      `model "${model}" is not served at ${host} (${msg}); start the server with that model, ` +
        "or choose the served one with --model",
    );
  }
  if (status !== undefined) {
    return new LlmError("http", host, model, `the server at ${host} answered ${status}: ${msg}`);
  }
  return new LlmError(
    "unreachable",
    host,
    model,
    `cannot reach an OpenAI-compatible server at ${host} (${msg.split("\n")[0]}); start it ` +
      "(vLLM, llama-server, LM Studio, SGLang) or point --llm-url at it",
  );
};

async function send(
  url: string,
  init: RequestInit & { signal: AbortSignal },
): Promise<Response> {
  const key = apiKeyFromEnv();
  const res = await fetch(url, {
    ...init,
    headers: {
      "content-type": "application/json",
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
  });
  if (!res.ok) {
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // A plain-text error body.
    }
    throw Object.assign(new Error(errorText(body)), { status: res.status });
  }
  return res;
}

/** A {@link ChatClient} for the OpenAI-compatible server at `url` (see {@link resolveOpenAiUrl}). */
export function createOpenAiClient(url?: string, options: ClientOptions = {}): ChatClient {
  const base = resolveOpenAiUrl(url);
  return {
    host: base,
    api: "openai",
    chat: (request, opts) =>
      withTimeout(base, request.model, opts, async (signal) => {
        const res = await send(`${base}/chat/completions`, {
          method: "POST",
          signal,
          body: JSON.stringify({
            model: request.model,
            messages: toOpenAiMessages(request.messages ?? []),
            ...(request.tools?.length ? { tools: request.tools } : {}),
            stream: options.stream === true,
          }),
        });
        const wire = options.stream
          ? await assembleStream(res.body!)
          : (await res.json()).choices?.[0]?.message ?? {};
        return {
          model: request.model,
          created_at: new Date(),
          message: fromOpenAiMessage(wire),
          done: true,
          done_reason: "stop",
        } as ChatResponse;
      }, classifyOpenAi),
    // The Chat Completions API has no capability listing.
    takesImages: () => Promise.resolve(undefined),
  };
}

/** Asks `{url}/models` quickly; fails when unreachable, slow, or the model is not listed. */
export async function probeOpenAi(
  url: string | undefined,
  model: string,
  timeoutMs = 1500,
  signal?: AbortSignal,
): Promise<ProbeResult> {
  const base = resolveOpenAiUrl(url);
  try {
    const ids = await withTimeout(base, model, { timeoutMs, signal }, async (s) => {
      const res = await send(`${base}/models`, { method: "GET", signal: s });
      const body = await res.json() as { data?: { id: string }[] };
      return (body.data ?? []).map((m) => m.id);
    }, classifyOpenAi);
    if (!ids.includes(model)) {
      return {
        ok: false,
        error: new LlmError(
          "model_missing",
          base,
          model,
          `model "${model}" is not served at ${base} (served: ${
            ids.join(", ") || "none"
          }); choose one with --model`,
        ),
      };
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e as LlmError };
  }
}
