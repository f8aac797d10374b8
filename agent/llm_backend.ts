/**
 * Picks the LLM backend: Ollama's native API (default) or an OpenAI-compatible server, one
 * client and one availability probe for either, so callers never branch on the protocol.
 *
 * @module
 */
import { createOpenAiClient, probeOpenAi, resolveOpenAiUrl } from "./openai_chat.ts";
import {
  type ChatClient,
  createOllamaClient,
  type LlmApi,
  probeOllama,
  type ProbeResult,
  resolveHost,
} from "./ollama.ts";

/** Where the LLM is and how to talk to it. */
export interface LlmServer {
  /** Protocol (default `ollama`). */
  api?: LlmApi;
  /** Server URL; defaults per protocol (OLLAMA_HOST / 11434, or http://127.0.0.1:8000/v1). */
  url?: string;
  /** Stream replies. */
  stream?: boolean;
}

/** The normalised URL of the server, as messages and reports name it. */
export function serverUrl(s: LlmServer): string {
  return s.api === "openai" ? resolveOpenAiUrl(s.url) : resolveHost(s.url);
}

/** A chat client for the server. */
export function createChatClient(s: LlmServer): ChatClient {
  return s.api === "openai"
    ? createOpenAiClient(s.url, { stream: s.stream })
    : createOllamaClient(s.url, { stream: s.stream });
}

/** Whether the server answers quickly and has the model. */
export function probeLlm(
  s: LlmServer,
  model: string,
  timeoutMs?: number,
  signal?: AbortSignal,
): Promise<ProbeResult> {
  return s.api === "openai"
    ? probeOpenAi(s.url, model, timeoutMs, signal)
    : probeOllama(s.url, model, timeoutMs, signal);
}
