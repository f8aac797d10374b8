import assert from "node:assert/strict";
import { configurePerception } from "../models/config.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { releaseSessions } from "../models/runtime.ts";
import { randomScene } from "../sft/testing.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { run as generate } from "./generate.ts";
import { run } from "./eval.ts";

Deno.test("eval: the rule planner on generated scene questions, plain and strict, with provenance", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/scenes`);
  for (let i = 0; i < 4; i++) {
    await Deno.writeTextFile(`${dir}/scenes/${i}.json`, JSON.stringify(randomScene(200 + i)));
  }
  const gen = `${dir}/gen.jsonl`;
  assert.equal(await generate(["--scenes", `${dir}/scenes`, "--out", gen, "--quiet"]), 0);
  const out = `${dir}/report.json`;
  assert.equal(await run(["--questions", gen, "--planner", "rules", "--quiet", "--out", out]), 0);
  const report = JSON.parse(await Deno.readTextFile(out));
  assert.equal(report.planner, "rules");
  assert.ok(report.prompt.system_prompt_version);
  assert.match(report.prompt.system_prompt_sha256, /^[0-9a-f]{64}$/);
  const rows = (await Deno.readTextFile(gen)).trim().split("\n").length;
  assert.equal(report.scores.overall.n, rows);
  // The planner reads the generated text itself and must reach the generator's answers.
  const wrong = report.results.filter((r: { correct: boolean }) => !r.correct);
  assert.deepEqual(wrong, []);
  assert.equal(report.scores.overall.strict, 1);

  // --limit keeps whole question groups.
  assert.equal(
    await run(["--questions", gen, "--planner", "rules", "--quiet", "--limit", "2", "--out", out]),
    0,
  );
  assert.equal(JSON.parse(await Deno.readTextFile(out)).scores.overall.groups, 2);
  await Deno.remove(dir, { recursive: true });
});

Deno.test({
  name: "eval: a 3DSRBench-layout TSV on a real photo; a wrong gold costs its whole group",
  ignore: !hasShared("models/yolox_nano.onnx") || !hasShared("images/dog.jpg"),
  async fn() {
    configurePerception({
      modelsDir: `${SHARED_DIR}/models`,
      executionProviders: ["cpu"],
      offline: true,
    });
    const dir = await Deno.makeTempDir();
    try {
      // YOLOX-nano labels the truck in the back of dog.jpg a car.
      const q = "Which is closer to the camera, the dog or the car?";
      await Deno.writeTextFile(
        `${dir}/bench.tsv`,
        [
          "index\tquestion\tA\tB\tanswer\tcategory\timage_path",
          `1\t${q}\tthe dog\tthe car\tA\tlocation_closer_to_camera\t${SHARED_DIR}/images/dog.jpg`,
          `1-1\t${q}\tthe car\tthe dog\tB\tlocation_closer_to_camera\t${SHARED_DIR}/images/dog.jpg`,
          `2\t${q}\tthe dog\tthe car\tB\tlocation_closer_to_camera\t${SHARED_DIR}/images/dog.jpg`,
        ].join("\n"),
      );
      const out = `${dir}/report.json`;
      assert.equal(
        await run([
          "--questions",
          `${dir}/bench.tsv`,
          "--planner",
          "rules",
          "--quiet",
          "--out",
          out,
        ]),
        0,
      );
      const r = JSON.parse(await Deno.readTextFile(out));
      assert.ok(r.models.includes("yolox-nano"));
      assert.deepEqual(r.results.map((x: { correct: boolean }) => x.correct), [true, true, false]);
      assert.equal(r.scores.overall.plain, 2 / 3);
      assert.equal(r.scores.overall.strict, 1 / 2);
    } finally {
      configurePerception({});
      clearResultCache();
      await releaseSessions();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
