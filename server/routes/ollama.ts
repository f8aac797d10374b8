/**
 * Ollama's chat API, with the spatial reasoner as the model: `POST /api/chat` (NDJSON stream by
 * default, one JSON object with `"stream": false`) and `GET /api/tags`, so Ollama clients work
 * unchanged. The trace's steps stream as the message's `thinking` (unless `"think": false`), the
 * answer as its `content`. Errors use Ollama's shape, `{"error": "…"}`, which its clients read.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { stream as streamBody } from "hono/streaming";
import { z } from "zod";
import { inputErrorFromZod } from "../../core/errors.ts";
import { streamPrinter } from "../../agent/trace_print.ts";
import type { AskResult } from "../../agent/ask.ts";
import { CHAT_MODELS, chatQuestion, type ChatTurn, plannerOfModel } from "../chat.ts";
import { toErrorResponse } from "../errors.ts";
import { admit } from "../question.ts";
import type { AppState } from "../state.ts";

const OllamaChat = z.looseObject({
  model: z.string(),
  messages: z.array(z.looseObject({
    role: z.string(),
    content: z.string().nullish(),
    images: z.array(z.string()).nullish(),
  })),
  stream: z.boolean().optional(),
  think: z.union([z.boolean(), z.string()]).optional(),
});

/** `{"error": "field: reason (hint: …)"}`: the error shape Ollama clients read. */
export function ollamaError(e: unknown): { body: { error: string } } {
  const { message, hint } = toErrorResponse(e).body.error;
  return { body: { error: hint ? `${message} (hint: ${hint})` : message } };
}

/** Adds the routes to `app`. */
export function ollamaRoutes(app: Hono, state: AppState): void {
  app.get("/api/tags", (c) =>
    c.json({
      models: CHAT_MODELS.map((m) => ({
        name: m.name,
        model: m.name,
        modified_at: new Date(0).toISOString(),
        size: 0,
        digest: "",
        details: {
          format: "",
          family: "spatial-reasoner",
          parameter_size: "",
          quantization_level: "",
        },
      })),
    }));

  app.post("/api/chat", async (c) => {
    const raw = await c.req.json().catch(() => undefined);
    const parsed = OllamaChat.safeParse(raw);
    if (!parsed.success) throw inputErrorFromZod(parsed.error);
    const req = parsed.data;
    const planner = plannerOfModel(req.model);
    const turns: ChatTurn[] = req.messages.map((m, i) => ({
      role: m.role,
      text: m.content ?? "",
      images: (m.images ?? []).map((data, j) => ({ data, field: `messages[${i}].images[${j}]` })),
    }));
    const input = { ...chatQuestion(turns, state.limits), planner };
    const question = await admit(state, input, c.req.raw.signal);
    const started = performance.now();
    const withThinking = req.think !== false;
    const base = () => ({ model: req.model, created_at: new Date().toISOString() });
    const final = (result: AskResult) => ({
      done: true,
      done_reason: "stop",
      total_duration: Math.round((performance.now() - started) * 1e6),
      load_duration: 0,
      prompt_eval_count: 0,
      prompt_eval_duration: 0,
      eval_count: 0,
      eval_duration: 0,
      trace_id: result.trace.id,
      value: result.value,
      status: result.status,
    });

    if (req.stream === false) {
      let story = "";
      const result = await question.run(c.req.raw.signal, streamPrinter((t) => story += t));
      return c.json({
        ...base(),
        message: {
          role: "assistant",
          content: result.answer,
          ...(withThinking ? { thinking: story } : {}),
        },
        ...final(result),
      });
    }
    return ndjson(c, async (write, signal) => {
      try {
        const result = await question.run(
          signal,
          withThinking
            ? streamPrinter((t) =>
              write({
                ...base(),
                message: { role: "assistant", content: "", thinking: t },
                done: false,
              })
            )
            : undefined,
        );
        write({ ...base(), message: { role: "assistant", content: result.answer }, done: false });
        write({ ...base(), message: { role: "assistant", content: "" }, ...final(result) });
      } catch (e) {
        if (!signal.aborted) write(ollamaError(e).body);
      } finally {
        question.release();
      }
    });
  });
}

/** A newline-delimited JSON stream; `signal` aborts when the client goes away. */
function ndjson(
  c: Context,
  body: (write: (obj: unknown) => void, signal: AbortSignal) => Promise<void>,
): Response {
  c.header("Content-Type", "application/x-ndjson");
  return streamBody(c, async (s) => {
    const gone = new AbortController();
    s.onAbort(() => gone.abort(new DOMException("client disconnected", "AbortError")));
    let sending = Promise.resolve();
    const write = (obj: unknown) => {
      sending = sending.then(() => s.write(JSON.stringify(obj) + "\n")).then(() => {});
    };
    await body(write, AbortSignal.any([c.req.raw.signal, gone.signal]));
    await sending;
  });
}
