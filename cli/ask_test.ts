import assert from "node:assert/strict";
import { main } from "../main.ts";
import { readTraces } from "../agent/trace_jsonl.ts";
import { deadUrl } from "../tests/fake_ollama.ts";

const SCENE = new URL("../tests/fixtures/street.json", import.meta.url).pathname;

/** Runs `ask` in-process, capturing what it prints. */
async function runAsk(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = (...a: unknown[]) => out.push(a.join(" "));
  console.error = (...a: unknown[]) => err.push(a.join(" "));
  try {
    const code = await main(["ask", ...args]);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

Deno.test("cli ask: --json prints answer, value, planner, status and the trace; exit 0", async () => {
  const r = await runAsk(
    "--scene",
    SCENE,
    "How far apart are the dog and the truck?",
    "--planner",
    "rules",
    "--json",
  );
  assert.equal(r.code, 0);
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j), ["answer", "value", "planner", "status", "trace"]);
  assert.equal(typeof j.value, "number");
  assert.equal(j.planner, "rules");
  assert.equal(j.trace.answer.value, j.value);
});

Deno.test("cli ask: plain output is the answer; --options picks the option text", async () => {
  const r = await runAsk(
    "--scene",
    SCENE,
    "Which is closer to the camera?",
    "--options",
    "the bicycle; the dog",
    "--planner",
    "rules",
  );
  assert.equal(r.code, 0);
  assert.match(r.out, /^the dog\. The dog is closer/);
});

Deno.test("cli ask: exit 3 when unanswerable, with the reason", async () => {
  const r = await runAsk("--scene", SCENE, "Is the cat next to the dog?", "--planner", "rules");
  assert.equal(r.code, 3);
  assert.match(r.out, /no cat was found/);
});

Deno.test("cli ask: exit 4 when --planner llm cannot reach Ollama", async () => {
  const r = await runAsk(
    "--scene",
    SCENE,
    "How many cars?",
    "--planner",
    "llm",
    "--host",
    await deadUrl(),
  );
  assert.equal(r.code, 4);
  assert.match(r.err, /cannot reach Ollama at http:\/\/127\.0\.0\.1:\d+/);
});

Deno.test("cli ask: exit 2 for bad input, naming the flag or file", async () => {
  for (
    const [args, re] of [
      [["--bogus"], /--bogus/],
      [["--scene", SCENE], /expected \[image\] "<question>", got 0/],
      [["only-a-question"], /expected <image> "<question>"/],
      [["--scene", SCENE, "q", "--planner", "magic"], /--planner/],
      [["--scene", SCENE, "q", "--options", "one"], /--options/],
      [["--scene", SCENE, "q", "--fx", "abc"], /--fx/],
      [["/nonexistent.jpg", "q"], /image file not found/],
      [["--scene", SCENE, "q", "--rgbd", "d.png"], /--rgbd/],
    ] as [string[], RegExp][]
  ) {
    const r = await runAsk(...args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.err, re, args.join(" "));
  }
});

Deno.test("cli ask: --trace-out appends one trace per run; --help exits 0", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/traces.jsonl`;
    for (const q of ["How many cars are there?", "How tall is the person?"]) {
      await runAsk("--scene", SCENE, q, "--planner", "rules", "--trace-out", file);
    }
    const read = await readTraces(file);
    assert.deepEqual(read.records.map((t) => t.question), [
      "How many cars are there?",
      "How tall is the person?",
    ]);
    const help = await runAsk("--help");
    assert.equal(help.code, 0);
    assert.match(help.out, /exit codes: 0 answered, 2 bad input, 3 unanswerable/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli ask: an unusable --trace-out fails with exit 2 before any work", async () => {
  const dir = await Deno.makeTempDir();
  for (
    const [out, why] of [
      [dir, /is a directory/],
      [`${dir}/missing/t.jsonl`, /does not exist/],
      ["/dev/full", /not a regular file/],
    ] as const
  ) {
    // A missing image after the flag check proves the check came first.
    const r = await runAsk(`${dir}/no.jpg`, "Is the dog left of the car?", "--trace-out", out);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /--trace-out: /);
    assert.match(r.err, why);
  }
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});
