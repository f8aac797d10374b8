/**
 * Overhead of the LLM agent loop per step, beyond the tool's own cost: the real loop against a
 * model that answers instantly (an in-process client, and the HTTP fake), each step one
 * `calculate` call, against the same calls made straight through the registry (the baseline,
 * measured in the same run).
 *
 * - `deno task bench` runs the Deno.bench cases (baseline: direct tool calls).
 * - `deno run -A bench/llm_loop_bench.ts [steps]` prints the per-step figures.
 */
import type { ChatResponse, Message } from "ollama";
import { createChatClient } from "../agent/llm_backend.ts";
import { runLlmLoop } from "../agent/llm_loop.ts";
import type { ChatClient } from "../agent/ollama.ts";
import { newTrace } from "../agent/trace.ts";
import { parseScene } from "../scene/schema.ts";
import { defaultRegistry } from "../tools/index.ts";
import { createWorkspace } from "../tools/workspace.ts";
import { startFakeOllama } from "../tests/fake_ollama.ts";

const scene = parseScene(JSON.parse(
  await Deno.readTextFile(new URL("../tests/fixtures/street.json", import.meta.url)),
));
const workspace = createWorkspace({ camera: { ...scene.camera!, source: "scene" }, scene });
const registry = defaultRegistry();
const args = (i: number) => ({ expression: `${i} * 2 + 1` });

/** The model's i-th reply: a calculate call, or the answer after `steps` calls. */
function reply(i: number, steps: number): Partial<Message> {
  return i < steps
    ? { content: "", tool_calls: [{ function: { name: "calculate", arguments: args(i) } }] }
    : { content: "<answer>done</answer>" };
}

/** How many tool results the request already holds: the model's turn number. */
function turns(req: { messages?: { role: string }[] }): number {
  return (req.messages ?? []).filter((m) => m.role === "tool").length;
}

/** A model that answers at once, without HTTP. */
function instantClient(steps: number): ChatClient {
  let i = 0;
  return {
    host: "in-process",
    api: "ollama",
    chat: () =>
      Promise.resolve(
        { message: { role: "assistant", content: "", ...reply(i++, steps) } } as ChatResponse,
      ),
    takesImages: () => Promise.resolve(undefined),
  };
}

async function loop(client: ChatClient, steps: number) {
  const trace = newTrace({ question: "q", intrinsics: workspace.camera, planner: "llm" });
  const out = await runLlmLoop({ question: "q" }, {
    client,
    model: "qwen3-vl:8b",
    registry,
    ctx: { workspace },
    trace,
    maxSteps: steps + 2,
  });
  if (out.status !== "answered") throw new Error(out.answer);
}

async function direct(steps: number) {
  for (let i = 0; i < steps; i++) {
    const r = await registry.call("calculate", args(i), { workspace });
    if (!r.ok) throw new Error(r.error);
  }
}

const STEPS = 20;

if (!import.meta.main) {
  Deno.bench({
    name: `${STEPS} calculate calls straight through the registry`,
    group: "loop",
    baseline: true,
    fn: () => direct(STEPS),
  });
  Deno.bench({
    name: `the LLM loop, ${STEPS} steps, instant in-process model`,
    group: "loop",
    fn: () => loop(instantClient(STEPS), STEPS),
  });
}

async function time(fn: () => Promise<void>, runs = 30): Promise<number> {
  await fn();
  const ts: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  return ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)];
}

if (import.meta.main) {
  // Per step = (loop of n steps − loop answering at once) / n; the tool's own cost is the baseline.
  const n = Number(Deno.args[0] ?? STEPS);
  for (let w = 0; w < 20; w++) await loop(instantClient(n), n); // warm up mathjs and the JIT
  const tool = await time(() => direct(n), 30) / n;
  console.log(`${n} steps, medians; the tool alone: ${tool.toFixed(3)} ms per call`);
  const report = async (
    name: string,
    make: (steps: number) => () => Promise<void>,
    runs: number,
  ) => {
    const zero = await time(make(0), runs);
    const step = (await time(make(n), runs) - zero) / n;
    console.log(
      `  ${name.padEnd(24)} ${step.toFixed(3)} ms per step = the tool + ${
        (step - tool).toFixed(3)
      } ` +
        `ms of loop (${(step / tool).toFixed(1)}× the tool alone); ${
          zero.toFixed(2)
        } ms per question`,
    );
  };
  await report("loop, in-process model", (s) => () => loop(instantClient(s), s), 30);
  const fakes = new Map<number, ReturnType<typeof startFakeOllama>>();
  const url = (steps: number) => {
    if (!fakes.has(steps)) {
      fakes.set(steps, startFakeOllama({ chat: (req) => ({ message: reply(turns(req), steps) }) }));
    }
    return fakes.get(steps)!.url;
  };
  try {
    await report("loop, HTTP fake", (s) => () => loop(createChatClient({ url: url(s) }), s), 10);
  } finally {
    for (const f of fakes.values()) await f.close();
  }
}
