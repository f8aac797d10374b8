/**
 * A fake Ollama server for tests: real HTTP on 127.0.0.1 (hono), answering `/api/chat` from a
 * script of replies and recording every request, so a test checks both what the agent sends and
 * what it does with each reply. A request with `stream: true` is answered as Ollama streams:
 * newline-delimited JSON chunks, the content split in pieces, `done: true` last. Also serves
 * `/api/tags`, `/api/show` (capabilities) and `/api/version`, and answers 404 for a model it does not have, as Ollama does.
 *
 * @module
 */
import { Hono } from "hono";
import type { ChatRequest, Message } from "ollama";

/** One scripted answer to a chat request. */
export interface ScriptedReply {
  /** The assistant message (role defaults to assistant, content to ""). */
  message?: Partial<Message>;
  /** Reply with this HTTP status and `{ error }` instead. */
  status?: number;
  /** The error text for `status`. */
  error?: string;
  /** Wait this long before answering (cut short by `close()`). */
  delayMs?: number;
}

/** A running fake. */
export interface FakeOllama {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** Every `/api/chat` request body, in order. */
  requests: ChatRequest[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** What the fake knows. */
export interface FakeOptions {
  /** Models it has (default `qwen3-vl:8b`). */
  models?: string[];
  /** Replies to successive chat requests; a function gets the request and its index. */
  chat?: ScriptedReply[] | ((req: ChatRequest, i: number) => ScriptedReply);
  /** Delay for `/api/tags`, ms. */
  tagsDelayMs?: number;
  /** `/api/show` capabilities of every model (default completion, tools, vision). */
  capabilities?: string[];
}

/** Pending delays, ended early by `close()` so a test never waits out a scripted delay. */
const pending = new Set<() => void>();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(id);
      pending.delete(done);
      resolve();
    };
    const id = setTimeout(done, ms);
    pending.add(done);
  });
}

/** Text cut in pieces of a few characters, as a server streams it. */
export function pieces(text: string, size = 7): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Starts the fake on a free port. */
export function startFakeOllama(opts: FakeOptions = {}): FakeOllama {
  const models = opts.models ?? ["qwen3-vl:8b"];
  const requests: ChatRequest[] = [];
  const app = new Hono();
  app.get("/api/version", (c) => c.json({ version: "0.0.0-fake" }));
  app.get("/api/tags", async (c) => {
    if (opts.tagsDelayMs) await sleep(opts.tagsDelayMs);
    return c.json({ models: models.map((name) => ({ name, model: name, size: 1 })) });
  });
  app.post("/api/show", async (c) => {
    const { model } = await c.req.json() as { model: string };
    if (!models.includes(model)) return c.json({ error: `model '${model}' not found` }, 404);
    return c.json({
      modelfile: "",
      parameters: "",
      template: "",
      details: { format: "gguf", family: "fake" },
      model_info: {},
      capabilities: opts.capabilities ?? ["completion", "tools", "vision"],
    });
  });
  app.post("/api/chat", async (c) => {
    const body = await c.req.json() as ChatRequest;
    const i = requests.length;
    requests.push(body);
    if (!models.includes(body.model)) {
      return c.json({ error: `model "${body.model}" not found, try pulling it first` }, 404);
    }
    const script = opts.chat ?? [];
    const reply = typeof script === "function" ? script(body, i) : script[i];
    if (!reply) return c.json({ error: `fake: no scripted reply #${i + 1}` }, 500);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (reply.status) {
      return c.json({ error: reply.error ?? "error" }, reply.status as 400);
    }
    const message = { role: "assistant", content: "", ...reply.message };
    const chunk = (m: Partial<Message>, done: boolean) => ({
      model: body.model,
      created_at: new Date().toISOString(),
      message: { role: "assistant", content: "", ...m },
      done,
      ...(done ? { done_reason: "stop" } : {}),
    });
    if (body.stream !== true) return c.json(chunk(message, true));
    const lines = [
      ...(message.thinking ? [chunk({ thinking: message.thinking }, false)] : []),
      ...pieces(message.content).map((content) => chunk({ content }, false)),
      ...(message.tool_calls ? [chunk({ tool_calls: message.tool_calls }, false)] : []),
      chunk({}, true),
    ];
    return new Response(lines.map((l) => JSON.stringify(l) + "\n").join(""), {
      headers: { "content-type": "application/x-ndjson" },
    });
  });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  const { port } = server.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      for (const done of [...pending]) done();
      return server.shutdown();
    },
  };
}

/** A URL where nothing listens: a port that was free a moment ago. */
export async function deadUrl(): Promise<string> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  await Promise.resolve();
  return `http://127.0.0.1:${port}`;
}
