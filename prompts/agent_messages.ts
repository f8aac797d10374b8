/**
 * The messages of the agent's first model call — system prompt, earlier turns, user turn (with
 * the image for a vision model) — built by this one function for the loop at inference and for
 * the agent-format training records, so the two cannot drift apart.
 *
 * @module
 */
import type { Message } from "ollama";
import { SYSTEM_PROMPT } from "./system.ts";
import { agentUserText } from "./user_turn.ts";

/** One question as the agent is asked it. */
export interface AgentTurn {
  question: string;
  options?: readonly string[];
  /** Earlier chat turns, oldest first. */
  history?: { role: "user" | "assistant"; content: string }[];
  /** The encoded image, for a model that takes images. */
  image?: Uint8Array;
  /** What is known before any tool runs (prompts/user_turn.ts perceptionContext). */
  context?: string;
}

/** The opening messages. */
export function agentMessages(t: AgentTurn, systemPrompt = SYSTEM_PROMPT): Message[] {
  return [
    { role: "system", content: systemPrompt },
    ...(t.history ?? []),
    {
      role: "user",
      content: agentUserText(t.question, t.options, t.context),
      ...(t.image ? { images: [t.image] } : {}),
    },
  ];
}
