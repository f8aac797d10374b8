/**
 * Blender units are never called metres: a Super-CLEVR scene (or any scene with `units:
 * "Blender units"`) through ask, generate and every export format says "Blender units" wherever
 * a length has a unit, never "meter", "metre" or "m"; "in feet" is refused; a metric scene still
 * says metres.
 */
import assert from "node:assert/strict";
import { ask } from "../agent/ask.ts";
import { NEAR_MARGIN_M } from "../agent/rules/run.ts";
import { MARGINS } from "../core/relations.ts";
import { formatTrace } from "../agent/trace_print.ts";
import { parseScene } from "../scene/schema.ts";
import { defaultRegistry } from "../tools/index.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { convertRecord, FORMATS, toLlamaFactory } from "./export.ts";
import { workspaceFacts } from "../agent/ask.ts";
import { createChatClient } from "../agent/llm_backend.ts";
import { runLlmLoop } from "../agent/llm_loop.ts";
import { newTrace } from "../agent/trace.ts";
import { perceptionContext } from "../prompts/user_turn.ts";
import { loadSceneFile } from "../scene/load.ts";
import { startFakeOllama } from "../tests/fake_ollama.ts";
import { generateForScene, type SceneInput } from "./generate.ts";
import { listScenes, prepareUnit, sceneWorkspace } from "./inputs.ts";
import type { SrCotRecord } from "./record.ts";
import { recordFromInput } from "./sample.ts";

const tools = defaultRegistry().functionSchemas();
const METRIC = /\bmet(?:er|re)s?\b|\d m\b|m³/i;
const STREET = new URL("../tests/fixtures/street.json", import.meta.url).pathname;

/** The street fixture restated in Blender units (as a renderer's scene would be). */
async function blenderStreet(): Promise<string> {
  const json = JSON.parse(await Deno.readTextFile(STREET));
  const path = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(path, JSON.stringify({ ...json, units: "Blender units" }));
  return path;
}

async function generate(input: SceneInput): Promise<SrCotRecord[]> {
  const { records } = await generateForScene(
    input,
    { seed: 7, perImage: 40, frame: "ours", circular: true, flip: true },
    {},
  );
  return records;
}

/** Every format's rows of `records`, as JSON lines. */
function lines(records: SrCotRecord[]): string[] {
  return FORMATS.flatMap((f) => records.map((r) => JSON.stringify(convertRecord(r, f, { tools }))));
}

function assertBlender(records: SrCotRecord[], what: string): number {
  let numeric = 0;
  for (const r of records) {
    assert.equal(r.trace.frame.units, "Blender units", r.id);
    if (!r.options && /\d/.test(r.answer) && r.category !== "count") {
      numeric++;
      assert.match(r.answer_text, /^\d+\.\d\d Blender units$/, r.id);
      assert.match(r.question, /, in Blender units\?$/, r.id);
    }
  }
  const rows = lines(records);
  for (const row of rows) {
    const hit = row.match(METRIC);
    assert.equal(hit, null, `${what}: "${hit?.[0]}" in ${row.slice(0, 200)}`);
  }
  assert.ok(rows.some((l) => l.includes("Blender units")), `${what}: the unit is said`);
  return numeric;
}

Deno.test("a scene in Blender units: generate and every export format never say metres", async () => {
  const path = await blenderStreet();
  try {
    const scene = parseScene(JSON.parse(await Deno.readTextFile(path)));
    assert.equal(scene.units, "Blender units");
    const records = await generate({
      key: "street.json",
      workspace: sceneWorkspace(scene),
      scene,
      perceptionEvents: [],
      image: { path: "/data/street.jpg", width: 1280, height: 720 },
      imagePath: "street.jpg",
      scenePath: path,
    });
    assert.ok(records.length > 20);
    assert.ok(assertBlender(records, "street in Blender units") > 0, "numeric questions made");
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("a scene in Blender units: ask answers in them, refuses feet, and its trace exports clean", async () => {
  const path = await blenderStreet();
  try {
    const far = await ask({
      question: "How far is the dog from the camera?",
      scenePath: path,
      planner: "rules",
    });
    assert.match(
      far.answer,
      /^\d+\.\d\d Blender units\. .* \d+\.\d\d Blender units from the camera\.$/,
    );
    assert.equal(far.trace.frame.units, "Blender units");
    assert.doesNotMatch(JSON.stringify(far.trace), METRIC);
    const story = formatTrace(far.trace);
    assert.match(story, /Blender units away/);
    assert.doesNotMatch(story, METRIC);
    const exported = recordFromInput(far.trace, { frame: "ours" })!;
    assert.match(exported.answer_text, /Blender units$/);
    for (const row of lines([exported])) assert.doesNotMatch(row, METRIC);

    for (const unit of ["feet", "meters"]) {
      const r = await ask({
        question: `How far is the dog from the camera, in ${unit}?`,
        scenePath: path,
        planner: "rules",
      });
      assert.equal(r.value, null, unit);
      assert.match(
        r.answer,
        new RegExp(`^Cannot answer in ${unit.replace("meters", "metres")}: .*Blender units`),
      );
    }
    const taller = await ask({
      question: "Is the person taller than the dog?",
      scenePath: path,
      planner: "rules",
    });
    assert.doesNotMatch(JSON.stringify(taller.trace.events), METRIC);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test({
  name: "Super-CLEVR scenes: generate and every export format say Blender units, never metres",
  ignore: !hasShared("data/superclevr/scenes"),
  async fn() {
    const dir = `${SHARED_DIR}/data/superclevr/scenes`;
    let numeric = 0;
    let rows = 0;
    for (const unit of await listScenes(dir)) {
      const input = await prepareUnit(unit, defaultRegistry(), dir);
      assert.equal(input.workspace.units, "Blender units");
      const records = await generate(input);
      numeric += assertBlender(records, unit.key);
      rows += records.length * FORMATS.length;
    }
    assert.ok(numeric > 0 && rows > 0);
  },
});

Deno.test("a metric scene still says metres", async () => {
  const scene = parseScene(JSON.parse(await Deno.readTextFile(STREET)));
  const records = await generate({
    key: "street.json",
    workspace: sceneWorkspace(scene),
    scene,
    perceptionEvents: [],
  });
  const numeric = records.filter((r) => !r.options && /\d\.\d\d/.test(r.answer));
  assert.ok(numeric.length > 0);
  for (const r of numeric) {
    assert.match(r.answer_text, /^\d+\.\d\d meters$/);
    assert.match(r.question, /, in meters\?$/);
    assert.equal(r.trace.frame.units, "metres");
  }
  const far = await ask({
    question: "How far is the dog from the camera, in feet?",
    scenePath: STREET,
    planner: "rules",
  });
  assert.match(far.answer, /^\d+\.\d\d feet\. .* \d+\.\d\d m from the camera\.$/);
});

Deno.test("a scene in Blender units: the LLM loop is told so, and its exported record says what it was told", async () => {
  const path = await blenderStreet();
  const fake = startFakeOllama({
    chat: [
      {
        message: {
          content: "",
          tool_calls: [{
            function: { name: "back_project", arguments: { object_ids: ["dog_1"] } },
          }],
        },
      },
      { message: { content: "<answer>5.10 Blender units</answer>" } },
    ],
  });
  try {
    const scene = await loadSceneFile(path);
    const ws = sceneWorkspace(scene);
    const trace = newTrace({
      question: "How far is the dog from the camera?",
      intrinsics: ws.camera,
      planner: "llm",
      units: ws.units,
    });
    await runLlmLoop({ question: trace.question, context: perceptionContext(workspaceFacts(ws)) }, {
      client: createChatClient({ url: fake.url }),
      model: "qwen3-vl:8b",
      registry: defaultRegistry(),
      ctx: { workspace: ws },
      trace,
    });
    const sent = fake.requests[0];
    assert.match(sent.messages![0].content, /lengths in Blender units/);
    assert.doesNotMatch(JSON.stringify(sent.messages) + JSON.stringify(sent.tools), METRIC);
    const lf = toLlamaFactory(recordFromInput(trace, { frame: "ours" })!, tools);
    assert.equal(lf.system, sent.messages![0].content);
    assert.equal(lf.tools, JSON.stringify(sent.tools!.map((t) => t.function)));
    assert.doesNotMatch(JSON.stringify(lf), METRIC);
  } finally {
    await fake.close();
    await Deno.remove(path);
  }
});

Deno.test({
  name:
    "Super-CLEVR objects are at the scale the margins were set for, so margins apply in its units",
  ignore: !hasShared("data/superclevr/scenes"),
  async fn() {
    // The margins (core/relations.ts MARGINS, NEAR_MARGIN_M) were set for everyday objects in
    // metres: 0.3–2 m tall, a metre or more apart. They apply number for number in a scene's own
    // units when its objects have that scale; this checks Super-CLEVR's do (docs/CONVENTIONS.md).
    const dir = `${SHARED_DIR}/data/superclevr/scenes`;
    const heights: number[] = [];
    for (const entry of Deno.readDirSync(dir)) {
      const json = JSON.parse(await Deno.readTextFile(`${dir}/${entry.name}`));
      const at: number[][] = json.objects.map((o: { "3d_coords": number[] }) => o["3d_coords"]);
      // Objects rest on the ground (z = 0), so a centre's height is half the object's.
      heights.push(...at.map((p) => 2 * p[2]));
      for (const p of at) {
        const nearest = Math.min(
          ...at.filter((q) => q !== p).map((q) =>
            Math.hypot(
              p[0] - q[0],
              p[1] - q[1],
              p[2] - q[2],
            )
          ),
        );
        assert.ok(nearest > NEAR_MARGIN_M, `${entry.name}: objects ${nearest} apart`);
      }
    }
    heights.sort((a, b) => a - b);
    const median = heights[heights.length >> 1];
    assert.ok(median >= 0.3 && median <= 2, `median height ${median}`);
    assert.ok(heights[0] > MARGINS.vertical && heights.at(-1)! < 2.5, heights.join(", "));
  },
});
