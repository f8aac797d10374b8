/**
 * Exports load where trainers load them: every column (every JSON path) holds one type in every
 * row — checked here in TypeScript, and, when Python with pyarrow or datasets is installed, by
 * loading each format's JSONL with them.
 */
import assert from "node:assert/strict";
import { parseScene } from "../scene/schema.ts";
import { defaultRegistry } from "../tools/index.ts";
import { convertRecord, type Format } from "./export.ts";
import { generateForScene } from "./generate.ts";
import { sceneWorkspace } from "./inputs.ts";

/** Formats a trainer reads (sr-cot is our canonical store, holding whole traces). */
const TRAINER_FORMATS: Format[] = ["llava", "messages", "llamafactory"];

async function rows(format: Format): Promise<unknown[]> {
  const scene = parseScene(JSON.parse(
    await Deno.readTextFile(new URL("../tests/fixtures/street.json", import.meta.url)),
  ));
  const { records } = await generateForScene(
    {
      key: "street.json",
      workspace: sceneWorkspace(scene),
      scene,
      perceptionEvents: [],
      image: { path: "/data/street.jpg", width: 1280, height: 720 },
      imagePath: "street.jpg",
    },
    { seed: 5, perImage: 16, frame: "ours", circular: true, flip: false },
    {},
  );
  const tools = defaultRegistry().functionSchemas();
  return records.map((r) => JSON.parse(JSON.stringify(convertRecord(r, format, { tools }))));
}

/** Each JSON path (array items as `[]`) → the types seen there; null and absence are not types. */
function columnTypes(items: unknown[]): Map<string, Set<string>> {
  const types = new Map<string, Set<string>>();
  const walk = (v: unknown, path: string) => {
    if (v === null || v === undefined) return;
    const t = Array.isArray(v) ? "list" : typeof v;
    if (!types.has(path)) types.set(path, new Set());
    types.get(path)!.add(t);
    if (Array.isArray(v)) v.forEach((x) => walk(x, `${path}[]`));
    else if (t === "object") {
      for (const [k, x] of Object.entries(v as object)) walk(x, `${path}.${k}`);
    }
  };
  items.forEach((x) => walk(x, ""));
  return types;
}

for (const format of TRAINER_FORMATS) {
  Deno.test(`export ${format}: every column has one type in every row`, async () => {
    const rs = await rows(format);
    assert.ok(rs.length > 4);
    const mixed = [...columnTypes(rs)].filter(([, t]) => t.size > 1)
      .map(([p, t]) => `${p}: ${[...t].join(" | ")}`);
    assert.deepEqual(mixed, []);
  });
}

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
    name: `export: ${module} loads every trainer format`,
    ignore: !present,
    async fn() {
      const dir = await Deno.makeTempDir();
      try {
        for (const format of TRAINER_FORMATS) {
          const rs = await rows(format);
          const file = `${dir}/${format}.jsonl`;
          await Deno.writeTextFile(file, rs.map((r) => JSON.stringify(r)).join("\n") + "\n");
          const out = await new Deno.Command("python3", { args: ["-c", load, file] }).output();
          const text = new TextDecoder().decode(out.stdout).trim();
          assert.ok(out.success, `${format}: ${new TextDecoder().decode(out.stderr)}`);
          assert.equal(Number(text), rs.length, format);
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
