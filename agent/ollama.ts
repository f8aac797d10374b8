/**
 * The Ollama connection: host and model defaults, a chat call with a per-call timeout and an
 * abort signal, a quick availability probe, and errors that say which host, which model, and
 * what to do (`ollama serve`, `ollama pull <model>`).
 *
 * @module
 */
import { type ChatRequest, type ChatResponse, type Message, Ollama } from "ollama";

/** Default model: Qwen3-VL 8B sees images, calls tools and can think (Ollama library tag). */
export const DEFAULT_MODEL = "qwen3-vl:8b";

/** Where Ollama listens unless `--host` or `OLLAMA_HOST` says otherwise. */
export const DEFAULT_HOST = "http://127.0.0.1:11434";

/** What went wrong talking to Ollama. */
export type LlmErrorKind =
  | "unreachable"
  | "timeout"
  | "model_missing"
  | "unsupported"
  | "aborted"
  | "http";

/** A failure of the LLM server, with a message a person can act on. */
export class LlmError extends Error {
  /** What kind of failure. */
  readonly kind: LlmErrorKind;
  /** The host that was asked. */
  readonly host: string;
  /** The model that was asked for. */
  readonly model: string;

  /** Builds the error. */
  constructor(kind: LlmErrorKind, host: string, model: string, message: string) {
    super(message);
    this.name = "LlmError";
    this.kind = kind;
    this.host = host;
    this.model = model;
  }
}

/**
 * The host URL to use: the given one, else `OLLAMA_HOST`, else {@link DEFAULT_HOST}. A bare
 * `host:port` gets `http://`; a bare host gets Ollama's port 11434.
 */
export function resolveHost(host?: string): string {
  let env: string | undefined;
  try {
    env = Deno.env.get("OLLAMA_HOST");
  } catch {
    // Without --allow-env the default applies.
  }
  let raw = (host || env || DEFAULT_HOST).trim();
  if (raw.startsWith(":")) raw = `127.0.0.1${raw}`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return new URL(raw).toString().replace(/\/$/, "");
  const url = new URL(`http://${raw}`);
  if (!url.port) url.port = "11434";
  return url.toString().replace(/\/$/, "");
}

/** Options of one chat call. */
export interface ChatCallOptions {
  /** Give up after this many milliseconds. */
  timeoutMs: number;
  /** The caller's abort signal. */
  signal?: AbortSignal;
}

/** The wire protocols the loop speaks. */
export const LLM_APIS = ["ollama", "openai"] as const;
/** `ollama`: Ollama's native `/api/chat`; `openai`: any `/v1/chat/completions` server. */
export type LlmApi = typeof LLM_APIS[number];

/** Options of a backend client. */
export interface ClientOptions {
  /** Read the reply as a stream of chunks (the result is the same assembled message). */
  stream?: boolean;
}

/**
 * A chat endpoint; the loop talks to this, tests can talk to a fake server through it. Requests
 * and replies use Ollama's message shape; other backends translate at their edge.
 */
export interface ChatClient {
  /** Normalised host URL. */
  readonly host: string;
  /** Which protocol it speaks. */
  readonly api: LlmApi;
  /** One chat call; a streamed reply is assembled before it returns. */
  chat(request: ChatRequest & { stream?: false }, opts: ChatCallOptions): Promise<ChatResponse>;
  /** Whether the model takes images; undefined when the server does not say. */
  takesImages(model: string, opts: ChatCallOptions): Promise<boolean | undefined>;
}

function pullHint(model: string): string {
  return `run \`ollama pull ${model}\` on that machine, or choose another model with --model`;
}

/** How a request ended, for the error classifiers. */
export interface RequestState {
  timedOut: boolean;
  aborted: boolean;
  timeoutMs: number;
}

/**
 * The failures every server shares: an {@link LlmError} already made, a cancelled question, a
 * timeout (`server` names it: "Ollama at host", "the server at host"); undefined otherwise.
 */
export function stoppedError(
  e: unknown,
  host: string,
  model: string,
  state: RequestState,
  server: string,
): LlmError | undefined {
  if (e instanceof LlmError) return e;
  if (state.aborted) return new LlmError("aborted", host, model, "the question was cancelled");
  if (state.timedOut) {
    return new LlmError(
      "timeout",
      host,
      model,
      `${server} did not answer within ${
        Math.round(state.timeoutMs / 1000)
      } s (model ${model}); the model may still be loading — try again, or raise the timeout`,
    );
  }
  return undefined;
}

/** Turns whatever the client threw into an {@link LlmError}. */
export function classifyError(
  e: unknown,
  host: string,
  model: string,
  state: RequestState,
): LlmError {
  const stopped = stoppedError(e, host, model, state, `Ollama at ${host}`);
  if (stopped) return stopped;
  const status = (e as { status_code?: number })?.status_code;
  const msg = (e as Error)?.message ?? String(e);
  if (status === 404 || /not found/i.test(msg) && status !== undefined) {
    return new LlmError(
      "model_missing",
      host,
      model,
      `model "${model}" is not available on the Ollama server at ${host} (${msg}); ${
        pullHint(model)
      }`,
    );
  }
  if (status === 400 && /does not support/i.test(msg)) {
    return new LlmError(
      "unsupported",
      host,
      model,
      `model "${model}" at ${host} cannot do what was asked (${msg}); use a model with tool ` +
        `calling (and vision for images), e.g. ${DEFAULT_MODEL}`,
    );
  }
  if (status !== undefined) {
    return new LlmError("http", host, model, `Ollama at ${host} answered ${status}: ${msg}`);
  }
  return new LlmError(
    "unreachable",
    host,
    model,
    `cannot reach Ollama at ${host} (${msg.split("\n")[0]}); start it with \`ollama serve\`, ` +
      "or point --host / OLLAMA_HOST at a running server",
  );
}

/** How a backend turns a failure into an {@link LlmError} (see {@link classifyError}). */
export type ErrorClassifier = typeof classifyError;

/**
 * Runs `fn` with a signal that fires on the caller's abort or after `timeoutMs`; failures go
 * through `classify` (Ollama's wording by default).
 */
export async function withTimeout<T>(
  host: string,
  model: string,
  opts: ChatCallOptions,
  fn: (signal: AbortSignal) => Promise<T>,
  classify: ErrorClassifier = classifyError,
): Promise<T> {
  const timer = new AbortController();
  const state = { timedOut: false, aborted: false, timeoutMs: opts.timeoutMs };
  const id = setTimeout(() => {
    state.timedOut = true;
    timer.abort(new DOMException("timeout", "TimeoutError"));
  }, Math.max(1, opts.timeoutMs));
  const signal = opts.signal ? AbortSignal.any([opts.signal, timer.signal]) : timer.signal;
  if (opts.signal?.aborted) state.aborted = true;
  const onAbort = () => state.aborted = true;
  opts.signal?.addEventListener("abort", onAbort);
  try {
    if (state.aborted) throw new DOMException("aborted", "AbortError");
    return await fn(signal);
  } catch (e) {
    throw classify(e, host, model, state);
  } finally {
    clearTimeout(id);
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

/** An Ollama client whose every request carries `signal` (the npm client drops it otherwise). */
function clientWith(host: string, signal: AbortSignal): Ollama {
  return new Ollama({
    host,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, signal }),
  });
}

/** Joins streamed chunks into one response: content and thinking appended, tool calls collected. */
async function assemble(parts: AsyncIterable<ChatResponse>): Promise<ChatResponse> {
  let last: ChatResponse | undefined;
  const message: Message = { role: "assistant", content: "" };
  for await (const part of parts) {
    last = part;
    message.content += part.message?.content ?? "";
    if (part.message?.thinking) message.thinking = (message.thinking ?? "") + part.message.thinking;
    if (part.message?.tool_calls?.length) {
      message.tool_calls = [...(message.tool_calls ?? []), ...part.message.tool_calls];
    }
  }
  if (!last) throw new Error("the stream ended before any chunk");
  return { ...last, message };
}

/** A {@link ChatClient} for the Ollama server at `host` (see {@link resolveHost}). */
export function createOllamaClient(host?: string, options: ClientOptions = {}): ChatClient {
  const url = resolveHost(host);
  return {
    host: url,
    api: "ollama",
    chat: (request, opts) =>
      withTimeout(url, request.model, opts, async (signal) => {
        const client = clientWith(url, signal);
        return options.stream
          ? await assemble(await client.chat({ ...request, stream: true }))
          : await client.chat({ ...request, stream: false });
      }),
    // Ollama's /api/show lists a model's capabilities ("vision" for image input).
    takesImages: (model, opts) =>
      withTimeout(url, model, opts, (signal) => clientWith(url, signal).show({ model }))
        .then((r) => Array.isArray(r.capabilities) ? r.capabilities.includes("vision") : undefined)
        .catch(() => undefined),
  };
}

/** Whether Ollama answers and has the model. */
export type ProbeResult = { ok: true } | { ok: false; error: LlmError };

/** The names a model may be listed under: `name` and `name:latest` are the same model. */
function sameModel(listed: string, wanted: string): boolean {
  const norm = (s: string) => s.includes(":") ? s : `${s}:latest`;
  return norm(listed) === norm(wanted);
}

/** Asks the server for its models, quickly; fails when unreachable, slow, or the model is absent. */
export async function probeOllama(
  host: string | undefined,
  model: string,
  timeoutMs = 1500,
  signal?: AbortSignal,
): Promise<ProbeResult> {
  const url = resolveHost(host);
  try {
    const list = await withTimeout(
      url,
      model,
      { timeoutMs, signal },
      (s) => clientWith(url, s).list(),
    );
    if (!list.models.some((m) => sameModel(m.name, model) || sameModel(m.model, model))) {
      return {
        ok: false,
        error: new LlmError(
          "model_missing",
          url,
          model,
          `model "${model}" is not pulled on the Ollama server at ${url}; ${pullHint(model)}`,
        ),
      };
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e as LlmError };
  }
}
