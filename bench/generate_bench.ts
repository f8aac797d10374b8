/**
 * Generation throughput on ../shared/images with YOLOX-nano: images/s and questions/s of the
 * whole generator (perception once per image, then questions, tool calls, SR-CoT and checks),
 * as a ratio to bare perception throughput (detect → estimate_depth → back_project →
 * estimate_orientation) measured in the same run. Both passes run one image at a time with the
 * perception result cache cleared, after one warm-up image (ONNX session creation).
 *
 * `deno run -A bench/generate_bench.ts [rounds] [per-image]` — medians over rounds (default 3,
 * 10 questions per image). Exits with a message when ../shared is absent.
 *
 * Under `deno task bench` it measures the generator alone on the street scene fixture (no
 * perception): the cost of questions, tool calls, SR-CoT rendering and checks.
 */
import { configurePerception } from "../models/config.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { releaseSessions } from "../models/runtime.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { defaultRegistry } from "../tools/index.ts";
import { type BalanceCounts, generateForScene } from "../sft/generate.ts";
import { type InputUnit, listImages, prepareUnit } from "../sft/inputs.ts";
import { sceneWorkspace } from "../sft/inputs.ts";
import { parseScene } from "../scene/schema.ts";

Deno.bench("generate 12 questions (+ variants) on the street fixture", async (b) => {
  const scene = parseScene(
    JSON.parse(await Deno.readTextFile(new URL("../tests/fixtures/street.json", import.meta.url))),
  );
  b.start();
  await generateForScene(
    { key: "street.json", workspace: sceneWorkspace(scene), scene, perceptionEvents: [] },
    { seed: 1, perImage: 12, frame: "ours", circular: true, flip: true },
    {},
  );
  b.end();
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (import.meta.main) {
  if (!hasShared("models/yolox_nano.onnx") || !hasShared("images")) Deno.exit(0);
  const rounds = Number(Deno.args[0] ?? 3);
  const perImage = Number(Deno.args[1] ?? 10);
  configurePerception({
    modelsDir: `${SHARED_DIR}/models`,
    executionProviders: ["cpu"],
    offline: true,
  });
  const root = `${SHARED_DIR}/images`;
  const units = await listImages(root);
  const registry = defaultRegistry();
  await prepareUnit(units[0], registry, root); // warm-up: sessions

  const perceiveRates: number[] = [];
  const imageRates: number[] = [];
  const questionRates: number[] = [];
  const recordRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Per image, both passes back to back with a cold cache, in alternating order, so neither
    // gains from warm-up or from the other's cached detections.
    const balance: BalanceCounts = {};
    let perceiveS = 0;
    let generateS = 0;
    let questions = 0;
    let records = 0;
    const perceiveOnly = async (u: InputUnit) => {
      clearResultCache();
      const t = performance.now();
      await prepareUnit(u, registry, root);
      perceiveS += (performance.now() - t) / 1000;
    };
    const generate = async (u: InputUnit) => {
      clearResultCache();
      const t = performance.now();
      const input = await prepareUnit(u, registry, root);
      const out = await generateForScene(
        input,
        { seed: r, perImage, frame: "ours", circular: true, flip: true },
        balance,
      );
      generateS += (performance.now() - t) / 1000;
      questions += out.stats.questions;
      records += out.stats.records;
    };
    for (const [i, u] of units.entries()) {
      if ((i + r) % 2) {
        await perceiveOnly(u);
        await generate(u);
      } else {
        await generate(u);
        await perceiveOnly(u);
      }
    }
    perceiveRates.push(units.length / perceiveS);
    imageRates.push(units.length / generateS);
    questionRates.push(questions / generateS);
    recordRates.push(records / generateS);
  }
  await releaseSessions();
  const p = median(perceiveRates);
  const g = median(imageRates);
  console.log(`${units.length} images, ${rounds} rounds, ${perImage} questions per image`);
  console.log(`bare perception : ${p.toFixed(2)} images/s`);
  console.log(
    `generation      : ${g.toFixed(2)} images/s, ${
      median(questionRates).toFixed(1)
    } questions/s, ` +
      `${median(recordRates).toFixed(1)} records/s (with variants)`,
  );
  console.log(`ratio           : ${(g / p).toFixed(3)} of bare perception throughput`);
}
