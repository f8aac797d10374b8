/**
 * Either fake LLM server behind one call, and the real agent loop run against it on the street
 * scene fixture, so each scripted model behaviour is tested over HTTP for both APIs.
 *
 * @module
 */
import { loadSceneFile } from "../scene/load.ts";
import { defaultRegistry } from "../tools/index.ts";
import { createWorkspace } from "../tools/workspace.ts";
import { createChatClient, type LlmServer } from "../agent/llm_backend.ts";
import { type LlmLoopConfig, runLlmLoop } from "../agent/llm_loop.ts";
import type { LlmApi } from "../agent/ollama.ts";
import { newTrace, type Trace } from "../agent/trace.ts";
import { type ScriptedReply, startFakeOllama } from "./fake_ollama.ts";
import { startFakeOpenAi } from "./fake_openai.ts";

const SCENE = new URL("../tests/fixtures/street.json", import.meta.url).pathname;
const MODEL = "qwen3-vl:8b";

/** A fake of either API (tests/fake_ollama.ts or tests/fake_openai.ts) serving `script`, and the loop's server description for it. */
export function startFake(api: LlmApi, script: ScriptedReply[], stream = false) {
  const fake = api === "openai" ? startFakeOpenAi({ chat: script }) : startFakeOllama({
    chat: script,
  });
  const server: LlmServer = { api, url: fake.url, stream };
  return { fake, server };
}

/** Runs the real loop on the street scene against `server`. */
export async function runOn(
  server: LlmServer,
  q: { question: string; options?: string[]; image?: Uint8Array } = { question: "q" },
  extra: Partial<LlmLoopConfig> = {},
) {
  const scene = await loadSceneFile(SCENE);
  const workspace = createWorkspace({ camera: { ...scene.camera!, source: "scene" }, scene });
  const trace: Trace = newTrace({
    question: q.question,
    intrinsics: workspace.camera,
    planner: "llm",
  });
  const outcome = await runLlmLoop(q, {
    client: createChatClient(server),
    model: MODEL,
    registry: defaultRegistry(),
    ctx: { workspace },
    trace,
    callTimeoutMs: 10_000,
    ...extra,
  });
  return { outcome, trace };
}
