/**
 * Flags that say where the LLM is (`ask`, `eval`): the protocol, the server URL (`--host` is
 * kept as another name for it) and streaming. The API key is read from the environment only
 * (agent/openai_chat.ts), never from a flag, so it stays out of shell history and traces.
 *
 * @module
 */
import type { AskRequest } from "../agent/ask.ts";
import type { LlmServer } from "../agent/llm_backend.ts";
import { API_KEY_ENV, DEFAULT_OPENAI_URL } from "../agent/openai_chat.ts";
import { LLM_APIS } from "../agent/ollama.ts";
import { choiceFlag, type FlagSpec, type Parsed, stringFlag } from "./args.ts";

/** Flag specs to merge into a command's own. */
export const LLM_FLAGS: FlagSpec = {
  "llm-api": { type: "string" },
  "llm-url": { type: "string" },
  host: { type: "string" },
  stream: { type: "boolean" },
};

/** Help lines for {@link LLM_FLAGS}. */
export const LLM_HELP =
  `  --llm-api NAME        ollama (default: Ollama's /api/chat) or openai (any OpenAI-compatible
                        /v1/chat/completions server: vLLM, llama-server, LM Studio, SGLang)
  --llm-url URL         the server (ollama: $OLLAMA_HOST, else http://127.0.0.1:11434;
                        openai: ${DEFAULT_OPENAI_URL}); --host is the same flag
  --stream              read the model's replies as a stream
                        API key for openai servers: set ${API_KEY_ENV.join(" or ")} (no flag)`;

/** The server fields of an ask request, from a server description. */
export function llmRequest(s: LlmServer): Pick<AskRequest, "api" | "host" | "stream"> {
  return {
    ...(s.api ? { api: s.api } : {}),
    ...(s.url ? { host: s.url } : {}),
    ...(s.stream ? { stream: true } : {}),
  };
}

/** The server the flags name. */
export function llmServerFlags(values: Parsed["values"]): LlmServer {
  const url = stringFlag(values, "llm-url") ?? stringFlag(values, "host");
  return {
    api: choiceFlag(values, "llm-api", LLM_APIS, "ollama"),
    ...(url ? { url } : {}),
    ...(values.stream ? { stream: true } : {}),
  };
}
