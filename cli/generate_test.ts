import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { randomScene } from "../sft/testing.ts";
import { progressPathOf } from "../sft/commit_log.ts";
import { isSrCotRecord } from "../sft/record.ts";
import { fill, withTmpfs } from "../tests/tmpfs.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { run } from "./generate.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A folder of `n` random scene files plus one broken file. */
async function sceneDir(n: number): Promise<string> {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/scenes`);
  for (let i = 0; i < n; i++) {
    const file = `${dir}/scenes/${String(i).padStart(4, "0")}.json`;
    await Deno.writeTextFile(file, JSON.stringify(randomScene(i)));
  }
  await Deno.writeTextFile(`${dir}/scenes/0002_broken.json`, '{"objects": [{"label": 1}]}');
  return dir;
}

function generate(dir: string, out: string, extra: string[] = []) {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "main.ts",
      "generate",
      "--scenes",
      `${dir}/scenes`,
      "--out",
      out,
      "--per-image",
      "20",
      "--seed",
      "5",
      "--quiet",
      ...extra,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  });
}

async function commits(out: string): Promise<number> {
  try {
    return (await Deno.readTextFile(progressPathOf(out))).split('"kind":"commit"').length - 1;
  } catch {
    return 0;
  }
}

Deno.test("kill -9 during generate, then a rerun, gives the uninterrupted run's file", async () => {
  const dir = await sceneDir(300);
  const ref = `${dir}/ref.jsonl`;
  const refRun = await generate(dir, ref).output();
  assert.equal(refRun.code, 0, new TextDecoder().decode(refRun.stderr));
  const stdout = new TextDecoder().decode(refRun.stdout);
  assert.match(stdout, /from 300 of 301 inputs/);
  assert.match(stdout, /0002_broken\.json/, "the bad input is listed in the summary");

  const out = `${dir}/killed.jsonl`;
  const child = generate(dir, out).spawn();
  const deadline = Date.now() + 60_000;
  while ((await commits(out)) < 20 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill("SIGKILL");
  const killed = await child.output();
  assert.equal(killed.signal, "SIGKILL", "generate finished before it could be killed");
  const partial = await commits(out);
  assert.ok(partial >= 20 && partial < 301, `killed after ${partial} commits`);
  // Whatever the kill left past the last commit — here a torn line — must not survive.
  await Deno.writeTextFile(out, '{"format":"sr-cot","id":"torn', { append: true });

  const resumed = await generate(dir, out).output();
  assert.equal(resumed.code, 0, new TextDecoder().decode(resumed.stderr));
  assert.match(new TextDecoder().decode(resumed.stderr), /resuming .*inputs already done/);
  const [a, b] = [await Deno.readFile(ref), await Deno.readFile(out)];
  assert.equal(b.length, a.length);
  assert.deepEqual(b, a);
  const lines = new TextDecoder().decode(b).trimEnd().split("\n");
  const ids = lines.map((l) => JSON.parse(l).id);
  assert.equal(new Set(ids).size, ids.length, "duplicate records");

  // A finished output reruns as a no-op; other settings refuse to touch it.
  assert.equal((await generate(dir, out).output()).code, 0);
  assert.deepEqual(await Deno.readFile(out), a);
  assert.equal((await generate(dir, out, ["--per-image", "3"]).output()).code, 2);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("in-process: llava format, summary, and flag errors", async () => {
  const dir = await sceneDir(3);
  const out = `${dir}/llava.jsonl`;
  assert.equal(
    await run(["--scenes", `${dir}/scenes`, "--out", out, "--format", "llava", "--quiet"]),
    0,
  );
  const lines = (await Deno.readTextFile(out)).trim().split("\n").map((l) => JSON.parse(l));
  assert.ok(lines.length > 0);
  for (const l of lines) {
    assert.deepEqual(l.conversations.map((c: { from: string }) => c.from), ["human", "gpt"]);
    assert.ok(!isSrCotRecord(l));
  }
  await assert.rejects(() => run(["--out", out]), /--images DIR or --scenes DIR/);
  await assert.rejects(
    () =>
      run([
        "--scenes",
        dir,
        "--out",
        out,
        "--format",
        "llamafactory",
        "--frame",
        "spatialreasoner",
      ]),
    /our frame/,
  );
  await assert.rejects(
    () => run(["--scenes", dir, "--out", out, "--per-image", "0"]),
    /from 1 to 10000/,
  );
  await assert.rejects(
    () => run(["--scenes", dir, "--out", out, "--per-image", "-3"]),
    /--per-image: must be an integer from 1 to 10000, got "-3"/,
  );
  await assert.rejects(
    () => run(["--scenes", `${dir}/none`, "--out", `${dir}/x.jsonl`]),
    /not found/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a full disk stops generate; once space returns a rerun gives the full output", async () => {
  const dir = await sceneDir(30);
  const ref = `${dir}/ref.jsonl`;
  const refRun = await generate(dir, ref).output();
  assert.equal(refRun.code, 0, new TextDecoder().decode(refRun.stderr));
  const full = await Deno.readFile(ref);
  const ran = await withTmpfs(full.length + 64 * 1024, async (disk) => {
    const out = `${disk}/out.jsonl`;
    const filler = await fill(disk, Math.round(full.length * 0.5) + 64 * 1024);
    const failed = await generate(dir, out).output();
    const stderr = new TextDecoder().decode(failed.stderr);
    assert.equal(failed.code, 1, stderr);
    assert.match(stderr, /out\.jsonl: cannot write: .*space/i);
    assert.doesNotMatch(stderr, /skipped \d{4}\.json/, "a write failure is not an input's fault");
    const log = await Deno.readTextFile(progressPathOf(out));
    const entries = log.trim().split("\n").map((l) => JSON.parse(l)).slice(1);
    assert.ok(entries.every((e) => e.status === "ok" || e.key === "0002_broken.json"));
    assert.equal((await Deno.stat(out)).size, entries.at(-1)?.bytes ?? 0, "cut back to the commit");
    await Deno.remove(filler);
    const resumed = await generate(dir, out).output();
    assert.equal(resumed.code, 0, new TextDecoder().decode(resumed.stderr));
    assert.deepEqual(await Deno.readFile(out), full);
  });
  if (!ran) console.warn("skipped the disk-full run");
  await Deno.remove(dir, { recursive: true });
});

Deno.test({
  name: "the same image under two names: a resume gives the uninterrupted run's bytes",
  ignore: !hasShared("models/yolox_nano.onnx") || !hasShared("images/dog.jpg"),
  async fn() {
    const dir = await Deno.makeTempDir();
    await Deno.mkdir(`${dir}/images`);
    for (const name of ["a.jpg", "b.jpg"]) {
      await Deno.copyFile(`${SHARED_DIR}/images/dog.jpg`, `${dir}/images/${name}`);
    }
    const env = {
      SPATIAL_MODELS_DIR: `${SHARED_DIR}/models`,
      SPATIAL_OFFLINE: "1",
      SPATIAL_EXECUTION_PROVIDERS: "cpu",
    };
    const gen = (out: string) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "main.ts",
          "generate",
          "--images",
          `${dir}/images`,
          "--out",
          out,
          "--per-image",
          "3",
          "--quiet",
        ],
        cwd: ROOT,
        env,
        stdout: "piped",
        stderr: "piped",
      }).output();
    const full = `${dir}/full.jsonl`;
    const r = await gen(full);
    assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
    // A resume after the first image: b.jpg is then perceived first in its process (no cache hit).
    const part = `${dir}/part.jsonl`;
    assert.equal((await gen(part)).code, 0);
    const log = (await Deno.readTextFile(progressPathOf(part))).trim().split("\n");
    const first = JSON.parse(log[1]);
    await Deno.writeTextFile(progressPathOf(part), log.slice(0, 2).join("\n") + "\n");
    await Deno.truncate(part, first.bytes);
    const resumed = await gen(part);
    assert.equal(resumed.code, 0, new TextDecoder().decode(resumed.stderr));
    const bytes = await Deno.readFile(full);
    assert.ok(bytes.length > 0);
    assert.deepEqual(await Deno.readFile(part), bytes);
    assert.doesNotMatch(new TextDecoder().decode(bytes), /"cached"/);
    await Deno.remove(dir, { recursive: true });
  },
});
