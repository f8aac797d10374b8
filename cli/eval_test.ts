import assert from "node:assert/strict";
import { configurePerception } from "../models/config.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { releaseSessions } from "../models/runtime.ts";
import { randomScene } from "../sft/testing.ts";
import { startFakeOllama } from "../tests/fake_ollama.ts";
import { startFakeOpenAi } from "../tests/fake_openai.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { run as generate } from "./generate.ts";
import { run } from "./eval.ts";
import { userPrompt } from "../sft/prompt.ts";
import { systemPrompt, toolSchemasIn } from "../prompts/system.ts";
import { defaultRegistry } from "../tools/index.ts";

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

Deno.test("eval: the prompt and tool-schema hashes are of what was sent, in the scene's units", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/scenes`);
  // The street fixture restated in Blender units, as a renderer's scene would be.
  const street = JSON.parse(
    await Deno.readTextFile(new URL("../tests/fixtures/street.json", import.meta.url)),
  );
  await Deno.writeTextFile(
    `${dir}/scenes/blender.json`,
    JSON.stringify({ ...street, units: "Blender units" }),
  );
  const gen = `${dir}/gen.jsonl`;
  assert.equal(await generate(["--scenes", `${dir}/scenes`, "--out", gen, "--quiet"]), 0);
  const out = `${dir}/report.json`;
  assert.equal(await run(["--questions", gen, "--planner", "rules", "--quiet", "--out", out]), 0);
  const { prompt } = JSON.parse(await Deno.readTextFile(out));
  const hash = async (t: string) =>
    [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(t)))]
      .map((b) => b.toString(16).padStart(2, "0")).join("");
  const sentSchemas = JSON.stringify(
    toolSchemasIn(defaultRegistry().functionSchemas(), "Blender units"),
  );
  assert.deepEqual(prompt.sent, [{
    units: "Blender units",
    system_prompt_sha256: await hash(systemPrompt("Blender units")),
    tool_schema_sha256: await hash(sentSchemas),
  }]);
  assert.equal(prompt.tool_schema_sha256, await hash(sentSchemas));
  assert.notEqual(
    prompt.tool_schema_sha256,
    await hash(JSON.stringify(defaultRegistry().functionSchemas())),
    "not the metric schemas",
  );
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

for (const api of ["ollama", "openai"] as const) {
  Deno.test(`eval --planner llm (${api}): a 3DSRBench TSV with CircularEval, LLM and prompt provenance`, async () => {
    const dir = await Deno.makeTempDir();
    const image = new URL("../samples/dog.jpg", import.meta.url).pathname;
    // A model that picks the letter of "the dog" wherever the rotation put it.
    const chat = (req: unknown) => {
      const text = JSON.stringify(req);
      const letter = /([AB])\. the dog/.exec(text)![1];
      return { message: { content: `The dog is nearer. <answer>${letter}</answer>` } };
    };
    const fake = api === "openai" ? startFakeOpenAi({ chat }) : startFakeOllama({ chat });
    try {
      const q = "Which is closer to the camera, the dog or the car?";
      await Deno.writeTextFile(
        `${dir}/bench.tsv`,
        [
          "index\tquestion\tA\tB\tanswer\tcategory\timage_path",
          `1\t${q}\tthe dog\tthe car\tA\tlocation_closer_to_camera\t${image}`,
          `1-1\t${q}\tthe car\tthe dog\tB\tlocation_closer_to_camera\t${image}`,
        ].join("\n"),
      );
      const out = `${dir}/report.json`;
      const args = ["--questions", `${dir}/bench.tsv`, "--planner", "llm", "--quiet"];
      assert.equal(
        await run([...args, "--llm-api", api, "--llm-url", fake.url, "--out", out]),
        0,
      );
      const report = JSON.parse(await Deno.readTextFile(out));
      assert.equal(report.planner, "llm");
      assert.deepEqual(report.llm, { model: "qwen3-vl:8b", api, url: fake.url });
      assert.match(report.prompt.tool_schema_sha256, /^[0-9a-f]{64}$/);
      assert.equal(report.prompt.system_prompt_version, "spatial-agent-v2");
      assert.equal(report.scores.overall.n, 2);
      assert.equal(report.scores.overall.strict, 1);
      assert.equal(fake.requests.length, 2);
      // eval asks exactly the SR-CoT user prompt (then the agent's context).
      const first = JSON.stringify(fake.requests[0]);
      assert.ok(first.includes(JSON.stringify(userPrompt(q, ["the dog", "the car"])).slice(1, -1)));
    } finally {
      await fake.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
}
