/**
 * `ask` wall time on ../shared/images/dog.jpg with the rule planner, split into start-up,
 * perception and reasoning.
 *
 * - `deno task bench` runs the Deno.bench cases: a whole in-process `ask` with the perception
 *   result cache cleared (cold detections), the same with the cache warm, and the reasoning alone
 *   (the same question on the scene that perception produced) as the baseline.
 * - `deno run -A bench/ask_bench.ts [runs]` prints the split: start-up (process start, module
 *   loading, ONNX session creation: a fresh `deno run main.ts ask` minus its in-process `ask`),
 *   perception (detect → estimate_depth → back_project → estimate_orientation) and reasoning
 *   (parsing, tool calls for the answer), as medians over `runs` fresh processes.
 *
 * Skipped with a message when ../shared is absent.
 */
import { ask } from "../agent/ask.ts";
import type { TraceEvent } from "../agent/trace.ts";
import { configurePerception } from "../models/config.ts";
import { loadImage } from "../models/image.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { parseScene } from "../scene/schema.ts";

const QUESTION = "Which is closer to the camera, the dog or the bicycle?";
const IMAGE = `${SHARED_DIR}/images/dog.jpg`;

/** One in-process ask, timed by phase from the event stream. */
async function timedAsk(imagePath: string) {
  const t0 = performance.now();
  let perceptionEnd = t0;
  let perceiving = true;
  const onEvent = (e: TraceEvent) => {
    if (!perceiving) return;
    if (e.type === "reasoning" && e.source === "rules" && e.text.startsWith("Read the question")) {
      perceiving = false;
    } else perceptionEnd = performance.now();
  };
  const r = await ask({ question: QUESTION, imagePath, planner: "rules" }, { onEvent });
  const total = performance.now() - t0;
  return { total, perception: perceptionEnd - t0, reasoning: total - (perceptionEnd - t0), r };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const ready = hasShared("models/yolox_nano.onnx") && hasShared("images/dog.jpg");

if (ready && !import.meta.main) {
  configurePerception({
    modelsDir: `${SHARED_DIR}/models`,
    executionProviders: ["cpu"],
    offline: true,
  });
  const first = await timedAsk(IMAGE);
  // The scene perception produced, so the baseline asks the same question without perception.
  const located = first.r.trace.events.find((e) => "tool" in e && e.tool === "back_project") as {
    output: { objects: { id: string; label: string; center: number[]; size?: number[] }[] };
  };
  const { fx, fy, cx, cy } = first.r.trace.intrinsics;
  const perceived = parseScene({ camera: { fx, fy, cx, cy }, objects: located.output.objects });
  const image = await loadImage(IMAGE);

  Deno.bench("reasoning only (same question on the perceived scene)", {
    group: "ask",
    baseline: true,
  }, async () => {
    await ask({ question: QUESTION, scene: perceived, planner: "rules" });
  });
  Deno.bench("ask dog.jpg, rules, perception cache warm", { group: "ask" }, async () => {
    await ask({ question: QUESTION, image, planner: "rules" });
  });
  Deno.bench("ask dog.jpg, rules, perception cache cleared", { group: "ask" }, async () => {
    clearResultCache();
    await ask({ question: QUESTION, image, planner: "rules" });
  });
}

if (ready && import.meta.main) {
  const runs = Number(Deno.args[0] ?? 5);
  const root = new URL("..", import.meta.url).pathname;
  const env = { SPATIAL_MODELS_DIR: `${SHARED_DIR}/models`, SPATIAL_EXECUTION_PROVIDERS: "cpu" };
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "main.ts", "ask", IMAGE, QUESTION, "--planner", "rules", "--json"],
      cwd: root,
      env,
      stdout: "null",
      stderr: "null",
    }).output();
    if (out.code !== 0) throw new Error(`ask exited ${out.code}`);
    walls.push(performance.now() - t0);
  }
  // In-process, each run a fresh module state is not possible: the first call pays the ONNX
  // session creation, later ones reuse it. Clearing the result cache keeps perception real.
  configurePerception({
    modelsDir: `${SHARED_DIR}/models`,
    executionProviders: ["cpu"],
    offline: true,
  });
  const cold = await timedAsk(IMAGE);
  const warm: Awaited<ReturnType<typeof timedAsk>>[] = [];
  for (let i = 0; i < runs; i++) {
    clearResultCache();
    warm.push(await timedAsk(IMAGE));
  }
  const f = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
  const wall = median(walls);
  console.log(`ask on dog.jpg, rule planner, CPU; medians over ${runs} runs\n`);
  console.log(`fresh process (deno run main.ts ask --json), wall:  ${f(wall)}`);
  console.log(`  start-up (wall − in-process first ask):         ${f(wall - cold.total)}`);
  console.log(`  first ask in process (incl. ONNX session load):  ${f(cold.total)}`);
  console.log(`    perception:                                    ${f(cold.perception)}`);
  console.log(`    reasoning:                                     ${f(cold.reasoning)}`);
  console.log(`later asks in the same process (detections recomputed):`);
  console.log(
    `    total:                                         ${f(median(warm.map((w) => w.total)))}`,
  );
  console.log(
    `    perception:                                    ${
      f(median(warm.map((w) => w.perception)))
    }`,
  );
  console.log(
    `    reasoning:                                     ${f(median(warm.map((w) => w.reasoning)))}`,
  );
}
