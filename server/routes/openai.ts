/**
 * OpenAI's chat completions API, with the spatial reasoner as the model:
 * `POST /v1/chat/completions` (server-sent `chat.completion.chunk`s ending in `[DONE]` with
 * `"stream": true`, one `chat.completion` otherwise) and `GET /v1/models`. Images are content
 * parts of type `image_url` holding data URLs; remote URLs are refused, never fetched. The trace's
 * steps go in `reasoning_content`, the answer in `content`.
 *
 * @module
 */
import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { InputError, inputErrorFromZod } from "../../core/errors.ts";
import { streamPrinter } from "../../agent/trace_print.ts";
import type { AskResult } from "../../agent/ask.ts";
import { CHAT_MODELS, chatQuestion, type ChatTurn, plannerOfModel } from "../chat.ts";
import { toErrorResponse } from "../errors.ts";
import { admit } from "../question.ts";
import type { AppState } from "../state.ts";

const Part = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  image_url: z.union([z.string(), z.looseObject({ url: z.string() })]).optional(),
});

const OpenAIChat = z.looseObject({
  model: z.string(),
  messages: z.array(z.looseObject({
    role: z.string(),
    content: z.union([z.string(), z.array(Part)]).nullish(),
  })),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
});

type Message = z.infer<typeof OpenAIChat>["messages"][number];

/** A message's text and images; remote image URLs are an error (the server fetches nothing). */
function toTurn(m: Message, i: number): ChatTurn {
  if (typeof m.content === "string" || !m.content) {
    return { role: m.role, text: m.content ?? "", images: [] };
  }
  const turn: ChatTurn = { role: m.role, text: "", images: [] };
  m.content.forEach((part, j) => {
    const field = `messages[${i}].content[${j}]`;
    if (part.type === "text") {
      turn.text += (turn.text ? "\n" : "") + (part.text ?? "");
    } else if (part.type === "image_url") {
      const url = typeof part.image_url === "string" ? part.image_url : part.image_url?.url ?? "";
      if (!url.startsWith("data:")) {
        throw new InputError(
          `${field}.image_url.url`,
          "remote image URLs are not fetched",
          "send the image inline as a data URL (data:image/jpeg;base64,…)",
        );
      }
      turn.images.push({ data: url, field: `${field}.image_url.url` });
    } else {
      throw new InputError(
        `${field}.type`,
        `content parts of type "${part.type}" are not supported`,
      );
    }
  });
  return turn;
}

const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

/** Adds the routes to `app`. */
export function openaiRoutes(app: Hono, state: AppState): void {
  app.get("/v1/models", (c) =>
    c.json({
      object: "list",
      data: CHAT_MODELS.map((m) => ({
        id: m.name,
        object: "model",
        created: 0,
        owned_by: "spatial-reasoner",
      })),
    }));

  app.post("/v1/chat/completions", async (c) => {
    const raw = await c.req.json().catch(() => undefined);
    const parsed = OpenAIChat.safeParse(raw);
    if (!parsed.success) throw inputErrorFromZod(parsed.error);
    const req = parsed.data;
    const planner = plannerOfModel(req.model);
    const input = { ...chatQuestion(req.messages.map(toTurn), state.limits), planner };
    const question = await admit(state, input, c.req.raw.signal);
    const id = `chatcmpl-${crypto.randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const extras = (r: AskResult) => ({ trace_id: r.trace.id, value: r.value, status: r.status });

    if (!req.stream) {
      let story = "";
      const result = await question.run(c.req.raw.signal, streamPrinter((t) => story += t));
      return c.json({
        id,
        object: "chat.completion",
        created,
        model: req.model,
        choices: [{
          index: 0,
          message: {
            role: "assistant",
            content: result.answer,
            reasoning_content: story,
            refusal: null,
          },
          logprobs: null,
          finish_reason: "stop",
        }],
        usage,
        ...extras(result),
      });
    }
    return streamSSE(c, async (stream) => {
      const gone = new AbortController();
      stream.onAbort(() => gone.abort(new DOMException("client disconnected", "AbortError")));
      const signal = AbortSignal.any([c.req.raw.signal, gone.signal]);
      let sending = Promise.resolve();
      const send = (data: unknown) => {
        const text = typeof data === "string" ? data : JSON.stringify(data);
        sending = sending.then(() => stream.writeSSE({ data: text }));
      };
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
        id,
        object: "chat.completion.chunk",
        created,
        model: req.model,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      });
      send(chunk({ role: "assistant", content: "" }));
      try {
        const result = await question.run(
          signal,
          streamPrinter((t) => send(chunk({ reasoning_content: t }))),
        );
        send(chunk({ content: result.answer }));
        send({ ...chunk({}, "stop"), ...extras(result) });
        if (req.stream_options?.include_usage) {
          send({
            id,
            object: "chat.completion.chunk",
            created,
            model: req.model,
            choices: [],
            usage,
          });
        }
        send("[DONE]");
      } catch (e) {
        if (!signal.aborted) send(toErrorResponse(e).body);
      } finally {
        question.release();
        await sending;
      }
    });
  });
}
