import assert from "node:assert/strict";
import { FORMATS } from "../sft/export.ts";
import { randomScene } from "../sft/testing.ts";
import { run as generate } from "./generate.ts";
import { run } from "./export.ts";

Deno.test("export converts generated data to every format; bad and torn lines are skipped", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/scenes`);
  for (let i = 0; i < 3; i++) {
    await Deno.writeTextFile(`${dir}/scenes/${i}.json`, JSON.stringify(randomScene(100 + i)));
  }
  const src = `${dir}/gen.jsonl`;
  assert.equal(await generate(["--scenes", `${dir}/scenes`, "--out", src, "--quiet"]), 0);
  const n = (await Deno.readTextFile(src)).trim().split("\n").length;
  // An llava line cannot be converted back, and a torn last line is dropped.
  await Deno.writeTextFile(src, '{"conversations": []}\n{"format":"sr-cot","id":"x', {
    append: true,
  });
  for (const format of FORMATS) {
    const out = `${dir}/out.${format}.jsonl`;
    assert.equal(await run(["--in", src, "--format", format, "--out", out]), 0);
    const lines = (await Deno.readTextFile(out)).trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, n, format);
    for (const l of lines) {
      const meta = format === "sr-cot" ? l : l.meta;
      assert.ok(meta.question_id && meta.frame === "ours" && meta.category, format);
    }
  }
  const sr = `${dir}/sr.jsonl`;
  assert.equal(
    await run(["--in", src, "--format", "llava", "--frame", "spatialreasoner", "--out", sr]),
    0,
  );
  assert.ok((await Deno.readTextFile(sr)).includes('"frame":"spatialreasoner"'));
  await assert.rejects(() => run(["--in", src, "--format", "csv", "--out", sr]), /--format/);
  await assert.rejects(
    () => run(["--in", `${dir}/none.jsonl`, "--format", "llava", "--out", sr]),
    /not found/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("export --out to a directory, a missing folder or a device fails first, no .tmp", async () => {
  const dir = await Deno.makeTempDir();
  const src = `${dir}/in.jsonl`;
  await Deno.writeTextFile(src, "");
  for (
    const [out, why] of [
      [dir, /--out: .* is a directory/],
      [`${dir}/missing/out.jsonl`, /--out: folder .* does not exist/],
      ["/dev/full", /--out: \/dev\/full is not a regular file/],
    ] as const
  ) {
    await assert.rejects(() => run(["--in", src, "--format", "llava", "--out", out]), why);
  }
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["in.jsonl"]);
  await Deno.remove(dir, { recursive: true });
});
