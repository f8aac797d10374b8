/**
 * Exports load where trainers load them: in every format, every column (JSON path) has one type
 * in every row — checked by sft/columns.ts on records from every kind of input (our scene JSON,
 * a SpatialLM layout, Super-CLEVR and KITTI scenes and photos when ../shared has them, ask
 * traces, refusals, and LLM traces with repairs, failed and cached calls and a last-answer
 * call), and, when Python with pyarrow or datasets is installed, by loading each format's JSONL
 * with them.
 */
import assert from "node:assert/strict";
import { ask } from "../agent/ask.ts";
import type { Trace } from "../agent/trace.ts";
import { configurePerception } from "../models/config.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { releaseSessions } from "../models/runtime.ts";
import { defaultRegistry } from "../tools/index.ts";
import { messyLlmTrace, talkyLlmTrace } from "../tests/fake_llm.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { inferColumns, inferJsonlColumns } from "./columns.ts";
import { convertRecord, type Format, FORMATS } from "./export.ts";
import { generateForScene } from "./generate.ts";
import { type InputUnit, listImages, listScenes, prepareUnit } from "./inputs.ts";
import { loadTrace, type SrCotRecord } from "./record.ts";
import { recordFromInput } from "./sample.ts";

const registry = defaultRegistry();
const tools = registry.functionSchemas();
const FIXTURES = new URL("../tests/fixtures/", import.meta.url).pathname;

async function fromUnits(units: InputUnit[], root: string, perImage: number) {
  const out: SrCotRecord[] = [];
  for (const unit of units) {
    const input = await prepareUnit(unit, registry, root);
    const { records } = await generateForScene(
      input,
      { seed: 11, perImage, frame: "ours", circular: true, flip: true },
      {},
    );
    out.push(...records);
  }
  return out;
}

/** Records from every kind of input this machine has, by source. */
const SOURCES: Record<string, () => Promise<SrCotRecord[]>> = {
  "scene JSON and a SpatialLM layout": async () =>
    fromUnits(
      (await listScenes(FIXTURES)).filter((u) => !u.key.startsWith("parking")),
      FIXTURES,
      24,
    ),
  "ask traces (rules) and refusals": async () => {
    const traces: Trace[] = [];
    for (
      const question of [
        "How far is the dog from the camera, in feet?",
        "Which is closer to the camera, the dog or the bicycle?",
        "How many cars are there?",
        "Is the dog to the left of the unicorn?",
        "What colour is the sky?",
      ]
    ) {
      traces.push(
        (await ask({ question, scenePath: `${FIXTURES}street.json`, planner: "rules" })).trace,
      );
    }
    const records = traces.map((t) => recordFromInput(t, { frame: "ours" }));
    assert.ok(records.some((r) => r === null), "a refusal exports no record");
    return records.filter((r) => r !== null);
  },
  "LLM traces with repairs, failed and cached calls, prose, reminders, two calls in a reply, a last-answer call":
    async () => {
      const out: SrCotRecord[] = [];
      for (const api of ["ollama", "openai"] as const) {
        for (const session of [messyLlmTrace, talkyLlmTrace]) {
          const { trace } = await session(api);
          out.push(recordFromInput(trace, { frame: "ours" })!);
        }
      }
      return out;
    },
  ...(hasShared("data/superclevr/scenes") && hasShared("data/kitti3d")
    ? {
      "Super-CLEVR scenes": () =>
        listScenes(`${SHARED_DIR}/data/superclevr/scenes`).then((u) =>
          fromUnits(u, `${SHARED_DIR}/data/superclevr`, 12)
        ),
      "KITTI scenes": () =>
        listScenes(`${SHARED_DIR}/data/kitti3d`).then((u) =>
          fromUnits(u, `${SHARED_DIR}/data/kitti3d`, 12)
        ),
    }
    : {}),
  ...(hasShared("models/yolox_nano.onnx") && hasShared("images/dog.jpg")
    ? {
      "photos (perception traces)": async () => {
        configurePerception({
          modelsDir: `${SHARED_DIR}/models`,
          executionProviders: ["cpu"],
          offline: true,
        });
        try {
          const units = (await listImages(`${SHARED_DIR}/images`)).filter((u) =>
            ["dog.jpg", "person.jpg"].includes(u.key)
          );
          return await fromUnits(units, `${SHARED_DIR}/images`, 12);
        } finally {
          configurePerception({});
          clearResultCache();
          await releaseSessions();
        }
      },
    }
    : {}),
};

let cache: Promise<Map<string, SrCotRecord[]>> | undefined;
function allRecords(): Promise<Map<string, SrCotRecord[]>> {
  return cache ??= (async () => {
    const out = new Map<string, SrCotRecord[]>();
    for (const [name, make] of Object.entries(SOURCES)) out.set(name, await make());
    return out;
  })();
}

/** Every record in `format`, as the JSONL lines `export` writes. */
async function lines(format: Format): Promise<string[]> {
  const all = [...(await allRecords()).values()].flat();
  return all.map((r) => JSON.stringify(convertRecord(r, format, { tools })));
}

Deno.test("every input kind gives records", async () => {
  for (const [name, records] of await allRecords()) assert.ok(records.length > 0, name);
});

for (const format of FORMATS) {
  Deno.test(`export ${format}: every column has one type in every row`, async () => {
    const rows = await lines(format);
    assert.ok(rows.length > 50, `${rows.length} rows`);
    assert.deepEqual(inferJsonlColumns(rows.join("\n")).conflicts, []);
  });
}

Deno.test("an sr-cot row's stored trace reads back as the trace it was", async () => {
  for (const r of [...(await allRecords()).values()].flat()) {
    const row = JSON.parse(JSON.stringify(convertRecord(r, "sr-cot", { tools })));
    for (const e of row.trace.events) {
      if ("input" in e) assert.equal(typeof e.input, "string", r.id);
    }
    assert.deepEqual(loadTrace(row.trace), JSON.parse(JSON.stringify(r.trace)), r.id);
    assert.deepEqual(recordFromInput(row, { frame: "ours" })?.cot, r.cot, r.id);
  }
});

Deno.test("the column checker finds what pyarrow rejects", () => {
  const conflicts = (rows: unknown[]) => inferColumns(rows).conflicts;
  assert.deepEqual(conflicts([{ a: 1 }, { a: 1.5 }, { a: null }, {}]), []);
  assert.deepEqual(conflicts([{ a: { x: 1 } }, { a: { y: "s" } }]), []);
  assert.deepEqual(conflicts([{ a: [] }, { a: [{ x: 1 }] }]), []);
  assert.deepEqual(conflicts([{ a: "x" }, { a: 1 }]), ["/a: string in row 0, number in row 1"]);
  assert.deepEqual(conflicts([{ a: [1, "x"] }]), ["/a/[]: number in row 0, string in row 0"]);
  assert.deepEqual(conflicts([{ a: { x: 1 } }, { a: "s" }]), [
    "/a: struct in row 0, string in row 1",
  ]);
  assert.deepEqual(conflicts([{ a: true }, { a: 0 }]), ["/a: bool in row 0, number in row 1"]);
  assert.deepEqual(conflicts([{ a: [[1], ["x"]] }]), [
    "/a/[]/[]: number in row 0, string in row 0",
  ]);
  const keys = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`id_${i}`, i]));
  assert.match(conflicts([{ m: keys }])[0], /^\/m: an object with 70 distinct keys/);
});

function python(module: string): boolean {
  try {
    return new Deno.Command("python3", { args: ["-c", `import ${module}`], stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

for (
  const [module, load] of [
    ["pyarrow", "import pyarrow.json as j, sys; t = j.read_json(sys.argv[1]); print(t.num_rows)"],
    [
      "datasets",
      "import datasets, sys; d = datasets.load_dataset('json', data_files=sys.argv[1], " +
      "split='train'); print(len(d))",
    ],
  ] as const
) {
  const present = python(module);
  if (!present) console.log(`skipping the ${module} load test: python3 cannot import ${module}`);
  Deno.test({
    name: `export: ${module} loads every format`,
    ignore: !present,
    async fn() {
      const dir = await Deno.makeTempDir();
      try {
        for (const format of FORMATS) {
          const rows = await lines(format);
          const file = `${dir}/${format}.jsonl`;
          await Deno.writeTextFile(file, rows.join("\n") + "\n");
          const out = await new Deno.Command("python3", { args: ["-c", load, file] }).output();
          const text = new TextDecoder().decode(out.stdout).trim();
          assert.ok(out.success, `${format}: ${new TextDecoder().decode(out.stderr)}`);
          assert.equal(Number(text), rows.length, format);
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
