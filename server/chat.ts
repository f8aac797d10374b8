/**
 * What the Ollama- and OpenAI-compatible chat routes share: the model names the server
 * answers to, and how a conversation becomes one question — the last user message's text is
 * the question, its image (or else the latest image earlier in the conversation) is the image,
 * and earlier user/assistant turns are context.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { checkHistory, checkQuestion } from "../agent/text_limits.ts";
import { decodeImageString } from "./ask_input.ts";
import { HttpError } from "./errors.ts";
import type { ServerLimits } from "./limits.ts";
import type { Planner, QuestionInput } from "./question.ts";

/** The model name chat clients use; `:rules`, `:llm`, `:auto` pick the planner. */
export const MODEL_NAME = "spatial-reasoner";

/** Every model name the chat APIs list, with the planner each selects. */
export const CHAT_MODELS: readonly { name: string; planner: Planner }[] = [
  { name: MODEL_NAME, planner: "auto" },
  { name: `${MODEL_NAME}:rules`, planner: "rules" },
  { name: `${MODEL_NAME}:llm`, planner: "llm" },
];

/** The planner a chat model name selects; 404 for a name the server does not serve. */
export function plannerOfModel(name: string): Planner {
  const found = CHAT_MODELS.find((m) => m.name === name) ??
    (name === `${MODEL_NAME}:latest` || name === `${MODEL_NAME}:auto` ? CHAT_MODELS[0] : undefined);
  if (found) return found.planner;
  throw new HttpError(404, `model "${name}" not found`, {
    field: "model",
    hint: `this server answers as ${CHAT_MODELS.map((m) => m.name).join(", ")}`,
  });
}

/** One message of a conversation, whichever API it came in. */
export interface ChatTurn {
  role: string;
  /** The message's text. */
  text: string;
  /** Its images as base64 or data URLs, with the request field each came from. */
  images: { data: string; field: string }[];
}

/** The conversation as a question (the planner is added by the caller). */
export function chatQuestion(turns: ChatTurn[], limits: ServerLimits): QuestionInput {
  const last = turns.at(-1);
  const lastField = `messages[${turns.length - 1}]`;
  if (!last || last.role !== "user") {
    throw new InputError(
      last ? `${lastField}.role` : "messages",
      last ? `the last message is from "${last.role}", not the user` : "no messages",
      "end the conversation with the user's question",
    );
  }
  const question = checkQuestion(last.text, limits, `${lastField}.content`);
  const image = turns.findLast((t) => t.role === "user" && t.images.length)?.images.at(-1);
  if (!image) {
    throw new InputError(
      `${lastField}.images`,
      "no image in the conversation",
      "attach the image the question is about",
    );
  }
  // Earlier turns: the same limits as /api/ask's history (each turn's length, the last N kept).
  const earlier = turns.slice(0, -1).map((t, i) => ({ ...t, i }))
    .filter((t) => (t.role === "user" || t.role === "assistant") && t.text.trim())
    .map((t) => ({ role: t.role as "user" | "assistant", content: t.text, i: t.i }));
  const history = checkHistory(earlier, limits, (k) => `messages[${earlier[k].i}].content`)
    .map(({ role, content }) => ({ role, content }));
  return {
    question,
    image: { bytes: decodeImageString(image.data, image.field) },
    ...(history.length ? { history } : {}),
  };
}
