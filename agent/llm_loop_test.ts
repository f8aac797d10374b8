import assert from "node:assert/strict";
import type { Message } from "ollama";
import { loadSceneFile } from "../scene/load.ts";
import { defaultRegistry } from "../tools/index.ts";
import { createWorkspace } from "../tools/workspace.ts";
import { SYSTEM_PROMPT } from "../prompts/system.ts";
import { CACHED_NOTE, FINAL_CALL_NOTE, roundNumbers } from "../prompts/tool_result.ts";
import { deadUrl, type ScriptedReply, startFakeOllama } from "../tests/fake_ollama.ts";
import { type LlmLoopConfig, NUDGE_EMPTY, NUDGE_NO_ANSWER, runLlmLoop } from "./llm_loop.ts";
import { createOllamaClient, LlmError } from "./ollama.ts";
import { newTrace, type ToolEvent, type Trace } from "./trace.ts";

const SCENE = new URL("../tests/fixtures/street.json", import.meta.url).pathname;
const MODEL = "qwen3-vl:8b";

async function setup(script: ScriptedReply[] | Parameters<typeof startFakeOllama>[0]) {
  const fake = startFakeOllama(Array.isArray(script) ? { chat: script } : script);
  const scene = await loadSceneFile(SCENE);
  const workspace = createWorkspace({ camera: { ...scene.camera!, source: "scene" }, scene });
  const trace = newTrace({ question: "q", intrinsics: workspace.camera, planner: "llm" });
  const registry = defaultRegistry();
  const events: unknown[] = [];
  const cfg: LlmLoopConfig = {
    client: createOllamaClient(fake.url),
    model: MODEL,
    registry,
    ctx: { workspace },
    trace,
    onEvent: (e) => events.push(e),
  };
  return { fake, cfg, trace, events, registry };
}

const call = (name: string, args: Record<string, unknown>): Partial<Message> => ({
  content: "",
  tool_calls: [{ function: { name, arguments: args } }],
});

function toolEvents(trace: Trace): ToolEvent[] {
  return trace.events.filter((e): e is ToolEvent =>
    e.type === "computation" || e.type === "perception"
  );
}

function toolMessages(req: { messages?: Message[] }): Message[] {
  return (req.messages ?? []).filter((m) => m.role === "tool");
}

Deno.test("llm loop: sends system prompt, question, options, image and every tool schema", async () => {
  const { fake, cfg, trace, events, registry } = await setup([
    { message: call("compare_vectors", { a: "dog_1", b: "bicycle_1" }) },
    { message: { content: "The dog is 2.59 m from the bike.<answer>dog</answer>" } },
  ]);
  try {
    const image = new Uint8Array([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]);
    const out = await runLlmLoop(
      { question: "Which is closer?", options: ["dog", "bicycle"], image, context: "ctx line" },
      cfg,
    );
    assert.equal(out.status, "answered");
    assert.equal(out.value, "dog");
    const first = fake.requests[0];
    assert.equal(first.model, MODEL);
    assert.equal(first.stream, false);
    assert.deepEqual(first.messages?.[0], { role: "system", content: SYSTEM_PROMPT });
    const user = first.messages![1];
    assert.equal(
      user.content,
      "Which is closer?\nA. dog\nB. bicycle\nAnswer with the option's letter from the given " +
        "choices.\n\nctx line",
    );
    assert.deepEqual(user.images, [btoa(String.fromCharCode(...image))]);
    assert.deepEqual(first.tools, JSON.parse(JSON.stringify(registry.functionSchemas())));
    assert.deepEqual(first.tools?.map((t) => t.function.name), [
      "detect",
      "estimate_depth",
      "back_project",
      "estimate_orientation",
      "change_viewpoint",
      "compare_vectors",
      "calculate",
    ]);
    // The tool result went back to the model, computed by the real tool.
    const second = fake.requests[1];
    const result = JSON.parse(toolMessages(second)[0].content);
    assert.equal(toolMessages(second)[0].tool_name, "compare_vectors");
    assert.equal(result.ok, true);
    const [dog, bike] = [[-1.5, 6.2, -1.2], [1, 7, -1.0]];
    assert.ok(
      Math.abs(result.result.distance - Math.hypot(...dog.map((d, i) => d - bike[i]))) < 1e-4,
    );
    // Trace: the tool call, the model's words, the answer.
    assert.deepEqual(trace.events.map((e) => e.type), ["computation", "reasoning", "answer"]);
    assert.equal(events.length, 3);
    assert.deepEqual(trace.answer, { text: "dog", value: "dog" });
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: invalid arguments go back to the model as the tool result", async () => {
  const { fake, cfg, trace } = await setup([
    { message: call("compare_vectors", { a: 5 }) },
    { message: { content: "<answer>no</answer>" } },
  ]);
  try {
    const out = await runLlmLoop({ question: "q" }, cfg);
    assert.equal(out.value, false);
    const msg = JSON.parse(toolMessages(fake.requests[1])[0].content);
    assert.equal(msg.ok, false);
    assert.match(msg.error, /invalid arguments for compare_vectors/);
    const ev = toolEvents(trace)[0];
    assert.equal(ev.ok, false);
    assert.match(ev.error!, /invalid arguments/);
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: an unknown tool is reported with the list of tools", async () => {
  const { fake, cfg } = await setup([
    { message: call("teleport", { to: "moon" }) },
    { message: { content: "<answer>cannot</answer>" } },
  ]);
  try {
    const out = await runLlmLoop({ question: "q" }, cfg);
    assert.equal(out.status, "answered");
    const msg = JSON.parse(toolMessages(fake.requests[1])[0].content);
    assert.match(msg.error, /unknown tool "teleport".*compare_vectors/);
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: a repeated call is served from the cache and the model is told", async () => {
  const args = { a: "dog_1", b: "person_1" };
  const { fake, cfg, trace } = await setup([
    { message: call("compare_vectors", args) },
    { message: call("compare_vectors", { b: "person_1", a: "dog_1" }) },
    { message: { content: "<answer>1.51 m</answer>" } },
  ]);
  try {
    const out = await runLlmLoop({ question: "q" }, cfg);
    assert.equal(out.value, 1.51);
    const events = toolEvents(trace);
    assert.equal(events.length, 2);
    assert.equal(events[0].cached, undefined);
    assert.equal(events[1].cached, true);
    assert.deepEqual(events[1].output, events[0].output);
    const second = JSON.parse(toolMessages(fake.requests[2]).at(-1)!.content);
    assert.equal(second.cached, true);
    assert.equal(second.note, CACHED_NOTE);
    assert.deepEqual(second.result, JSON.parse(JSON.stringify(roundNumbers(events[0].output))));
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: tool calls written as <tool_call> text are run", async () => {
  const text = 'Let me measure.\n<tool_call>\n{"name": "compare_vectors", "arguments": ' +
    '{"a": "car_1", "b": "truck_1"}}\n</tool_call>';
  const { fake, cfg, trace } = await setup([
    { message: { content: text } },
    { message: { content: "<answer>yes</answer>" } },
  ]);
  try {
    await runLlmLoop({ question: "q" }, cfg);
    const ev = toolEvents(trace)[0];
    assert.equal(ev.tool, "compare_vectors");
    assert.deepEqual(ev.input, { a: "car_1", b: "truck_1" });
    assert.equal(ev.ok, true);
    assert.ok(trace.events.some((e) => e.type === "reasoning" && e.text === "Let me measure."));
    assert.equal(toolMessages(fake.requests[1]).length, 1);
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: a bare JSON tool call (fenced, string arguments) is run", async () => {
  const text =
    '```json\n{"name": "calculate", "arguments": "{\\"expression\\": \\"2 + 3\\"}"}\n```';
  const { fake, cfg, trace } = await setup([
    { message: { content: text } },
    { message: { content: "<answer>5</answer>" } },
  ]);
  try {
    const out = await runLlmLoop({ question: "q" }, cfg);
    assert.equal(out.value, 5);
    const ev = toolEvents(trace)[0];
    assert.equal(ev.tool, "calculate");
    assert.deepEqual(ev.output, { expression: "2 + 3", value: 5 });
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: no tool call and no answer gets one nudge, then an answer", async () => {
  const { fake, cfg } = await setup([
    { message: { content: "I think the dog is closer." } },
    { message: { content: "<answer>dog</answer>" } },
  ]);
  try {
    const out = await runLlmLoop({ question: "q" }, cfg);
    assert.equal(out.status, "answered");
    const last = fake.requests[1].messages!.at(-1)!;
    assert.deepEqual(last, { role: "user", content: NUDGE_NO_ANSWER });
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: a second reply without tool call or answer gets the final call, then gives up clearly", async () => {
  const { fake, cfg, trace } = await setup([
    { message: { content: "Hmm." } },
    { message: { content: "Still thinking." } },
    { message: { content: "No idea." } },
  ]);
  try {
    const out = await runLlmLoop({ question: "q" }, cfg);
    assert.equal(out.status, "unanswerable");
    assert.equal(out.value, null);
    assert.match(
      out.answer,
      /neither called a tool nor answered again after being reminded, and the final call gave no answer/,
    );
    assert.equal(fake.requests.length, 3);
    assert.deepEqual(fake.requests[2].messages!.at(-1), {
      role: "user",
      content: FINAL_CALL_NOTE,
    });
    assert.equal(fake.requests[2].tools, undefined);
    assert.ok(trace.events.some((e) => e.type === "error"));
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: an empty reply is nudged with the empty-reply reminder", async () => {
  const { fake, cfg } = await setup([
    { message: { content: "" } },
    { message: { content: "   " } },
    { message: { content: "" } },
  ]);
  try {
    const out = await runLlmLoop({ question: "q" }, cfg);
    assert.equal(out.status, "unanswerable");
    assert.match(out.answer, /sent an empty reply again/);
    assert.deepEqual(fake.requests[1].messages!.at(-1), { role: "user", content: NUDGE_EMPTY });
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: think is passed through and its text kept as think events", async () => {
  const { fake, cfg, trace } = await setup([
    { message: { thinking: "Compare the distances first.", content: "<answer>yes</answer>" } },
  ]);
  try {
    await runLlmLoop({ question: "q" }, { ...cfg, think: true });
    assert.equal(fake.requests[0].think, true);
    const think = trace.events.find((e) => e.type === "reasoning" && e.source === "think");
    assert.ok(think && think.type === "reasoning");
    assert.equal(think.text, "Compare the distances first.");
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: <think> inside the content is kept as a think event too", async () => {
  const { fake, cfg, trace } = await setup([
    { message: { content: "<think>dog is nearer</think>\n<answer>dog</answer>" } },
  ]);
  try {
    const out = await runLlmLoop({ question: "q" }, cfg);
    assert.equal(out.value, "dog");
    assert.ok(trace.events.some((e) => e.type === "reasoning" && e.source === "think"));
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: the step limit ends the loop with a clear statement", async () => {
  const { fake, cfg } = await setup({
    chat: (_req, i) => ({ message: call("calculate", { expression: `${i} + 1` }) }),
  });
  try {
    const out = await runLlmLoop({ question: "q" }, { ...cfg, maxSteps: 3 });
    assert.equal(out.status, "unanswerable");
    assert.match(out.answer, /step limit of 3 model turns was reached, and the final call/);
    assert.equal(fake.requests.length, 4);
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: server down on the first call throws an LlmError naming the host", async () => {
  const url = await deadUrl();
  const { fake, cfg } = await setup([]);
  await fake.close();
  await assert.rejects(
    runLlmLoop({ question: "q" }, { ...cfg, client: createOllamaClient(url) }),
    (e: unknown) =>
      e instanceof LlmError && e.kind === "unreachable" && e.message.includes(url) &&
      e.message.includes("ollama serve"),
  );
});

Deno.test("llm loop: a model that is not pulled names the ollama pull to run", async () => {
  const { fake, cfg } = await setup({ models: ["llama3.2:3b"] });
  try {
    await assert.rejects(
      runLlmLoop({ question: "q" }, cfg),
      (e: unknown) =>
        e instanceof LlmError && e.kind === "model_missing" &&
        e.message.includes(`ollama pull ${MODEL}`) && e.message.includes(fake.url),
    );
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: a slow server times out with host and model in the message", async () => {
  const { fake, cfg } = await setup([{
    delayMs: 3000,
    message: { content: "<answer>x</answer>" },
  }]);
  try {
    const t0 = performance.now();
    await assert.rejects(
      runLlmLoop({ question: "q" }, { ...cfg, callTimeoutMs: 150 }),
      (e: unknown) =>
        e instanceof LlmError && e.kind === "timeout" && e.message.includes(fake.url) &&
        e.message.includes(MODEL),
    );
    assert.ok(performance.now() - t0 < 2500);
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: a failure after the first turn ends unanswerable, keeping the trace", async () => {
  const { fake, cfg, trace } = await setup([
    { message: call("calculate", { expression: "1 + 1" }) },
    { status: 500, error: "out of memory" },
  ]);
  try {
    const out = await runLlmLoop({ question: "q" }, cfg);
    assert.equal(out.status, "unanswerable");
    assert.match(out.answer, /answered 500: out of memory/);
    assert.equal(toolEvents(trace).length, 1);
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: the overall deadline stops between turns", async () => {
  const { fake, cfg } = await setup({
    chat: (_req, i) => ({ delayMs: 120, message: call("calculate", { expression: `${i} * 2` }) }),
  });
  try {
    const out = await runLlmLoop({ question: "q" }, { ...cfg, deadline: Date.now() + 300 });
    assert.equal(out.status, "unanswerable");
    assert.match(out.answer, /deadline/);
    assert.ok(fake.requests.length >= 2 && fake.requests.length <= 4);
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: an abort signal cancels the call in flight", async () => {
  const { fake, cfg } = await setup([{
    delayMs: 3000,
    message: { content: "<answer>x</answer>" },
  }]);
  try {
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error("user cancelled")), 100);
    await assert.rejects(
      runLlmLoop({ question: "q" }, { ...cfg, signal: ac.signal }),
      /user cancelled/,
    );
  } finally {
    await fake.close();
  }
});

Deno.test("llm loop: earlier chat turns come before the question", async () => {
  const { fake, cfg } = await setup([{ message: { content: "<answer>yes</answer>" } }]);
  try {
    await runLlmLoop({
      question: "and the bike?",
      history: [{ role: "user", content: "is the dog near?" }, {
        role: "assistant",
        content: "yes",
      }],
    }, cfg);
    const roles = fake.requests[0].messages!.map((m) => m.role);
    assert.deepEqual(roles, ["system", "user", "assistant", "user"]);
    assert.match(fake.requests[0].messages![3].content, /and the bike\?/);
  } finally {
    await fake.close();
  }
});
