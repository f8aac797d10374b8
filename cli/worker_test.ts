import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { randomScene } from "../sft/testing.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { hasRedis, startRedis } from "../tests/redis.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ENV = { SPATIAL_MODELS_DIR: `${SHARED_DIR}/models`, SPATIAL_EXECUTION_PROVIDERS: "cpu" };
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Byte-for-byte equality with a short message (a deep diff of megabytes would exhaust memory). */
async function assertSameFile(actual: string, expected: string): Promise<void> {
  const [a, b] = [await Deno.readFile(actual), await Deno.readFile(expected)];
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  if (i === n && a.length === b.length) return;
  const around = (x: Uint8Array) => text(x.subarray(Math.max(0, i - 120), i + 120));
  assert.fail(
    `${actual} differs from ${expected} at byte ${i} (sizes ${a.length}, ${b.length}):\n` +
      `got:  …${around(a)}…\nwant: …${around(b)}…`,
  );
}

function cli(args: string[], env: Record<string, string> = {}) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: ROOT,
    env: { ...ENV, ...env },
    stdout: "piped",
    stderr: "piped",
  });
}

/** A worker process whose stderr is collected as it runs. */
function worker(url: string, name: string, extra: string[] = [], env: Record<string, string> = {}) {
  const child = cli(["worker", "--queue", url, "--name", name, ...extra], env).spawn();
  let log = "";
  const reading = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) log += chunk;
  })();
  child.stdout.cancel();
  return {
    child,
    log: () => log,
    async until(re: RegExp, ms = 60_000) {
      const end = Date.now() + ms;
      while (!re.test(log)) {
        if (Date.now() > end) throw new Error(`worker never logged ${re}:\n${log}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* already gone */ }
      await child.status;
      await reading;
    },
  };
}

Deno.test({
  name: "3 workers, one killed -9 mid-job, Redis restarted: merged file equals one machine's",
  ignore: !(await hasRedis()) || !hasShared("images") || !hasShared("models/yolox_nano.onnx") ||
    !hasShared("data/superclevr/scenes"),
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const redis = await startRedis();
  const dir = await Deno.makeTempDir();
  const workers: ReturnType<typeof worker>[] = [];
  try {
    for (
      const [flag, input, name] of [
        ["--images", `${SHARED_DIR}/images`, "img"],
        ["--scenes", `${SHARED_DIR}/data/superclevr/scenes`, "clevr"],
      ]
    ) {
      const common = [flag, input, "--seed", "7", "--per-image", "6", "--quiet"];
      const ref = await cli(["generate", ...common, "--out", `${dir}/${name}-ref.jsonl`]).output();
      assert.equal(ref.code, 0, text(ref.stderr));

      const out = `${dir}/${name}.jsonl`;
      const producer = cli([
        ...["generate", ...common, "--out", out],
        ...["--queue", redis.url, "--name", name, "--batch", "1"],
      ]).spawn();
      const drill = ["--lock-ms", "2000", "--drill-pause-ms", "1200"];
      for (let i = 0; i < 3; i++) workers.push(worker(redis.url, name, drill));
      if (name === "img") {
        // Kill a worker between writing its shard's temporary file and publishing it.
        await workers[0].until(/publishing in/);
        await new Promise((r) => setTimeout(r, 100));
        workers[0].child.kill("SIGKILL");
        await workers[0].child.status;
        await workers[1].until(/job \d+: 1\/1 inputs/);
        await redis.restart();
      }
      const done = await producer.output();
      assert.equal(done.code, 0, text(done.stderr));
      await assertSameFile(out, `${dir}/${name}-ref.jsonl`);
      if (name === "img") {
        const leftovers = [...Deno.readDirSync(`${out}.shards`)].filter((e) =>
          /\.tmp-/.test(e.name)
        );
        assert.equal(leftovers.length, 1, "the killed worker's unpublished shard is left unused");
        const logs = workers.slice(1).map((w) => w.log()).join("\n");
        assert.match(logs, /job \d+: 1\/1 inputs/);
      }
      for (const w of workers.splice(0)) await w.stop();
    }
  } finally {
    for (const w of workers) await w.stop();
    await redis.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "queue faults: bad input retried then reported, a mismatched worker refuses, Redis flushed",
  ignore: !(await hasRedis()),
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const redis = await startRedis();
  const dir = await Deno.makeTempDir();
  const workers: ReturnType<typeof worker>[] = [];
  try {
    await Deno.mkdir(`${dir}/scenes`);
    for (let i = 0; i < 8; i++) {
      const file = `${dir}/scenes/${String(i).padStart(2, "0")}.json`;
      await Deno.writeTextFile(file, JSON.stringify(randomScene(i)));
    }
    await Deno.writeTextFile(`${dir}/scenes/03_broken.json`, '{"objects": [{"label": 1}]}');
    const common = ["--scenes", `${dir}/scenes`, "--seed", "3", "--quiet"];
    const ref = await cli(["generate", ...common, "--out", `${dir}/ref.jsonl`]).output();
    assert.equal(ref.code, 0, text(ref.stderr));
    const out = `${dir}/q.jsonl`;
    const queued = [...common, "--out", out, "--queue", redis.url, "--batch", "3"];

    const producer = cli(["generate", ...queued, "--attempts", "2"]).spawn();
    // A worker with another detector must not make shards for this run.
    const odd = worker(redis.url, "generate", [], { SPATIAL_DETECTOR: "other-detector" });
    assert.equal((await odd.child.status).code, 2);
    await odd.stop();
    assert.match(odd.log(), /refusing the run: models differ .*other-detector/);
    // Redis loses everything: the producer enqueues the unfinished jobs again.
    assert.equal(await redis.command("FLUSHALL"), "+OK");
    workers.push(worker(redis.url, "generate"));
    const done = await producer.output();
    assert.equal(done.code, 0, text(done.stderr));
    assert.match(text(done.stderr), /gone from Redis; enqueuing the unfinished jobs again/);
    assert.match(text(done.stderr), /job 1 failed after 2 attempts: 03_broken\.json: /);
    assert.match(text(done.stdout), /03_broken\.json/, "the summary lists the bad input");
    await assertSameFile(out, `${dir}/ref.jsonl`);

    // Enqueuing again adds nothing; status counts the run; cancel removes its keys.
    const again = await cli(["generate", ...queued, "--overwrite"]).output();
    assert.equal(again.code, 0, text(again.stderr));
    await assertSameFile(out, `${dir}/ref.jsonl`);
    const status = await cli(["worker", "--queue", redis.url, "--status"]).output();
    assert.match(
      text(status.stdout),
      /3 jobs of ≤3 inputs\n {2}waiting 0, active 0, done 2, failed 1/,
    );
    const collect = await cli([
      "generate",
      ...common,
      "--out",
      `${dir}/c.jsonl`,
      "--collect",
      "--shards",
      `${out}.shards`,
    ]).output();
    assert.equal(collect.code, 0, text(collect.stderr));
    assert.deepEqual(
      await Deno.readFile(`${dir}/c.jsonl`),
      await Deno.readFile(`${dir}/ref.jsonl`),
    );
    const other = await cli([
      "generate",
      ...common,
      "--seed",
      "4",
      "--out",
      `${dir}/d.jsonl`,
      "--collect",
      "--shards",
      `${out}.shards`,
    ]).output();
    assert.equal(other.code, 2);
    assert.match(text(other.stderr), /made by another run \(settings differ\)/);
    assert.equal((await cli(["worker", "--queue", redis.url, "--cancel"]).output()).code, 0);
    assert.equal(await redis.command("DBSIZE"), ":0");
    const gone = await cli(["worker", "--queue", redis.url, "--status"]).output();
    assert.equal(gone.code, 3);
  } finally {
    for (const w of workers) await w.stop();
    await redis.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
