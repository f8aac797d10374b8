import assert from "node:assert/strict";
import { newTrace, type Trace } from "./trace.ts";
import { appendTrace, parseJsonLines, readJsonLines, readTraces } from "./trace_jsonl.ts";

function trace(q: string): Trace {
  return newTrace({
    question: q,
    intrinsics: { fx: 500, fy: 500, cx: 320, cy: 240, source: "given" },
    planner: "rules",
  });
}

Deno.test("trace jsonl: appends one trace per line and reads them back", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/t.jsonl`;
    const a = trace("first?");
    const b = trace("second?");
    await appendTrace(path, a);
    await appendTrace(path, b);
    const text = await Deno.readTextFile(path);
    assert.equal(text.split("\n").length, 3);
    assert.ok(text.endsWith("\n"));
    const read = await readTraces(path);
    assert.deepEqual(read.records, [a, b]);
    assert.deepEqual(read.bad, []);
    assert.equal(read.torn, undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trace jsonl: a torn last line is reported, and the next append starts a new line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/t.jsonl`;
    await appendTrace(path, trace("ok"));
    await Deno.writeTextFile(path, '{"id": "cut sh', { append: true });
    const torn = await readTraces(path);
    assert.equal(torn.records.length, 1);
    assert.deepEqual(torn.torn, { line: 2, text: '{"id": "cut sh' });
    await appendTrace(path, trace("after"));
    const after = await readTraces(path);
    assert.deepEqual(after.records.map((t) => t.question), ["ok", "after"]);
    assert.deepEqual(after.bad, [{ line: 2, text: '{"id": "cut sh' }]);
    assert.equal(after.torn, undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trace jsonl: records that are not traces are bad lines; a missing file is an error", async () => {
  const r = parseJsonLines(
    '{"a":1}\n\n[1,2]\n',
    (x): x is { a: number } => typeof x === "object" && x !== null && "a" in x,
  );
  assert.deepEqual(r.records, [{ a: 1 }]);
  assert.deepEqual(r.bad, [{ line: 3, text: "[1,2]" }]);
  await assert.rejects(readJsonLines("/nonexistent/x.jsonl"), /file not found/);
});

Deno.test("trace jsonl: kill -9 while appending leaves only whole lines", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/t.jsonl`;
    const mod = new URL("./trace_jsonl.ts", import.meta.url).href;
    const traceMod = new URL("./trace.ts", import.meta.url).href;
    const code = `
      const { appendTrace } = await import(${JSON.stringify(mod)});
      const { newTrace } = await import(${JSON.stringify(traceMod)});
      const t = newTrace({ question: "x".repeat(3000), planner: "rules",
        intrinsics: { fx: 1, fy: 1, cx: 0, cy: 0, source: "given" } });
      console.log("ready");
      for (let i = 0; ; i++) await appendTrace(${JSON.stringify(path)}, { ...t, id: String(i) });`;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", code],
      stdout: "piped",
      stderr: "inherit",
      cwd: new URL("..", import.meta.url).pathname,
    }).spawn();
    const reader = child.stdout.getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 400));
    child.kill("SIGKILL");
    await child.status;
    reader.releaseLock();
    await child.stdout.cancel();
    const read = await readTraces(path);
    assert.ok(read.records.length > 0, "the child wrote something");
    assert.deepEqual(read.bad, []);
    assert.equal(read.torn, undefined);
    assert.deepEqual(read.records.map((t) => t.id), read.records.map((_, i) => String(i)));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
