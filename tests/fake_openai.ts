/**
 * A fake OpenAI-compatible server for tests, following the Chat Completions reference: real HTTP
 * on 127.0.0.1, `GET /v1/models` (`{object: "list", data: [{id, object: "model"}]}`) and
 * `POST /v1/chat/completions` answering `chat.completion` objects, or with `stream: true`
 * server-sent `chat.completion.chunk` events (content in pieces, tool-call arguments split over
 * chunks by `index`, `data: [DONE]` last). Tool-call arguments go out as a JSON string, or as
 * given when the script writes a string (a malformed one included). Errors use the
 * `{error: {message, type, code}}` body; a required key (`apiKey`) is checked as a bearer token.
 * Replies come from the same script shape as {@link startFakeOllama}, so one scripted model
 * behaviour runs against both APIs.
 *
 * @module
 */
import { Hono } from "hono";
import type { Message } from "ollama";
import { pieces, type ScriptedReply } from "./fake_ollama.ts";

/** A running fake. */
export interface FakeOpenAi {
  /** `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** Every `/v1/chat/completions` request body, in order. */
  requests: Record<string, unknown>[];
  /** The `authorization` header of each chat request. */
  authorizations: (string | null)[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** What the fake knows. */
export interface FakeOpenAiOptions {
  /** Models it serves (default `qwen3-vl:8b`). */
  models?: string[];
  /** Replies to successive chat requests; a function gets the request body and its index. */
  chat?: ScriptedReply[] | ((req: Record<string, unknown>, i: number) => ScriptedReply);
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
}

function wireCalls(m: Partial<Message>) {
  return (m.tool_calls ?? []).map((c, i) => ({
    id: `call_fake_${i}`,
    type: "function" as const,
    function: {
      name: c.function.name,
      arguments: typeof c.function.arguments === "string"
        ? c.function.arguments as string
        : JSON.stringify(c.function.arguments),
    },
  }));
}

/** Starts the fake on a free port. */
export function startFakeOpenAi(opts: FakeOpenAiOptions = {}): FakeOpenAi {
  const models = opts.models ?? ["qwen3-vl:8b"];
  const requests: Record<string, unknown>[] = [];
  const authorizations: (string | null)[] = [];
  const timers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(id);
        timers.delete(done);
        resolve();
      };
      const id = setTimeout(done, ms);
      timers.add(done);
    });
  const error = (message: string, type: string, code: number) => ({
    error: { message, type, param: null, code },
  });
  const app = new Hono();
  app.use("/v1/*", async (c, next) => {
    if (opts.apiKey && c.req.header("authorization") !== `Bearer ${opts.apiKey}`) {
      return c.json(error("Incorrect API key provided", "invalid_request_error", 401), 401);
    }
    await next();
  });
  app.get("/v1/models", (c) =>
    c.json({
      object: "list",
      data: models.map((id) => ({ id, object: "model", created: 0, owned_by: "fake" })),
    }));
  app.post("/v1/chat/completions", async (c) => {
    const body = await c.req.json() as Record<string, unknown>;
    const i = requests.length;
    requests.push(body);
    authorizations.push(c.req.header("authorization") ?? null);
    if (!models.includes(body.model as string)) {
      return c.json(
        error(`The model \`${body.model}\` does not exist.`, "NotFoundError", 404),
        404,
      );
    }
    const script = opts.chat ?? [];
    const reply = typeof script === "function" ? script(body, i) : script[i];
    if (!reply) return c.json(error(`fake: no scripted reply #${i + 1}`, "server_error", 500), 500);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (reply.status) {
      return c.json(
        error(reply.error ?? "error", "server_error", reply.status),
        reply.status as 400,
      );
    }
    const m = reply.message ?? {};
    const calls = wireCalls(m);
    const head = { id: `chatcmpl-${i}`, created: 0, model: body.model };
    if (body.stream !== true) {
      return c.json({
        ...head,
        object: "chat.completion",
        choices: [{
          index: 0,
          message: {
            role: "assistant",
            content: m.content || (calls.length ? null : ""),
            ...(m.thinking ? { reasoning_content: m.thinking } : {}),
            ...(calls.length ? { tool_calls: calls } : {}),
          },
          finish_reason: calls.length ? "tool_calls" : "stop",
        }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
    }
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
      ...head,
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    const events = [
      chunk({ role: "assistant", content: "" }),
      ...pieces(m.thinking ?? "").map((t) => chunk({ reasoning_content: t })),
      ...pieces(m.content ?? "").map((t) => chunk({ content: t })),
      ...calls.flatMap((call, index) => {
        const args = call.function.arguments;
        const cut = Math.ceil(args.length / 2);
        return [
          chunk({
            tool_calls: [{
              index,
              id: call.id,
              type: "function",
              function: { name: call.function.name, arguments: args.slice(0, cut) },
            }],
          }),
          chunk({ tool_calls: [{ index, function: { arguments: args.slice(cut) } }] }),
        ];
      }),
      chunk({}, calls.length ? "tool_calls" : "stop"),
    ];
    const text = events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join("") +
      "data: [DONE]\n\n";
    return new Response(text, { headers: { "content-type": "text/event-stream" } });
  });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  const { port } = server.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    authorizations,
    close: () => {
      for (const done of [...timers]) done();
      return server.shutdown();
    },
  };
}
