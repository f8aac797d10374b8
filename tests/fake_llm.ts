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
import { workspaceFacts } from "../agent/ask.ts";
import { perceptionContext } from "../prompts/user_turn.ts";
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
  q: { question: string; options?: string[]; image?: Uint8Array; context?: string } = {
    question: "q",
  },
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

const callOf = (name: string, args: unknown): ScriptedReply => ({
  message: { content: "", tool_calls: [{ function: { name, arguments: args as never } }] },
});

/**
 * A small model's messy session on the street scene: a single id where a list is expected
 * (repaired), an invalid union argument (error, expected, schema), the same bad call again
 * (cached failure), an unknown tool, a good call and its repeat (cached), then the step limit
 * and a last call without tools that answers.
 */
export const MESSY_SCRIPT: ScriptedReply[] = [
  callOf("back_project", { object_ids: "dog_1" }),
  callOf("change_viewpoint", { observer: 5, targets: ["dog_1"] }),
  callOf("change_viewpoint", { observer: 5, targets: ["dog_1"] }),
  callOf("measure_distance", { a: "dog_1" }),
  callOf("compare_vectors", { a: "dog_1", b: "bicycle_1" }),
  callOf("compare_vectors", { a: "dog_1", b: "bicycle_1" }),
  { message: { content: "<answer>2.59 m</answer>" } },
];

/** The question of {@link MESSY_SCRIPT}. */
export const MESSY_QUESTION = "How far apart are the dog and the bicycle?";

/**
 * Runs {@link MESSY_SCRIPT} through the real loop over HTTP, with the scene's objects in the
 * user turn as `ask` gives them; the requests as the fake saw them.
 */
export async function messyLlmTrace(api: LlmApi) {
  const { fake, server } = startFake(api, MESSY_SCRIPT);
  const scene = await loadSceneFile(SCENE);
  const ws = createWorkspace({ camera: { ...scene.camera!, source: "scene" }, scene });
  const context = perceptionContext(workspaceFacts(ws));
  try {
    const run = await runOn(server, { question: MESSY_QUESTION, context }, {
      maxSteps: MESSY_SCRIPT.length - 1,
    });
    return { ...run, requests: fake.requests };
  } finally {
    await fake.close();
  }
}

/**
 * A talkative model's session on the street scene: prose beside a call, a reply with neither a
 * call nor an answer (the loop reminds it), two calls in one reply, prose again without a call
 * (the loop then asks for an answer, tools withheld), and the answer.
 */
export const TALKY_SCRIPT: ScriptedReply[] = [
  {
    message: {
      content: "First I need both objects in 3D.",
      tool_calls: [{
        function: { name: "back_project", arguments: { object_ids: ["dog_1", "bicycle_1"] } },
      }],
    },
  },
  { message: { content: "The dog is at about 6.5 m and the bicycle at 7.1 m." } },
  {
    message: {
      content: "Now the vector between them, both ways.",
      tool_calls: [
        { function: { name: "compare_vectors", arguments: { a: "dog_1", b: "bicycle_1" } } },
        { function: { name: "compare_vectors", arguments: { a: "bicycle_1", b: "dog_1" } } },
      ],
    },
  },
  { message: { content: "So they are about 2.63 m apart." } },
  { message: { content: "<answer>2.63 m</answer>" } },
];

/** Runs {@link TALKY_SCRIPT} like {@link messyLlmTrace}. */
export async function talkyLlmTrace(api: LlmApi) {
  const { fake, server } = startFake(api, TALKY_SCRIPT);
  const scene = await loadSceneFile(SCENE);
  const ws = createWorkspace({ camera: { ...scene.camera!, source: "scene" }, scene });
  const context = perceptionContext(workspaceFacts(ws));
  try {
    const run = await runOn(server, { question: MESSY_QUESTION, context });
    return { ...run, requests: fake.requests };
  } finally {
    await fake.close();
  }
}
