/**
 * Distributed generation on BullMQ/Redis, measured against single-process `generate` in the same
 * run: wall time of `generate --queue` with 1, 2 and 4 worker processes (already started, as on
 * real machines) as a ratio to `generate` alone on the same inputs (each output is also checked
 * byte for byte against the single-process one); then the queue's own overhead per job, with
 * trivial jobs (jobs/s through one worker of concurrency 4).
 *
 * Inputs: ../shared/images, each written `--copies` times with its width cut by k pixels (so no
 * two inputs share bytes and no result cache helps either side). Needs redis-server (a throwaway
 * one is started on a free loopback port) and ../shared; exits with a message otherwise.
 *
 * `deno run -A bench/queue_bench.ts [--workers 1,2,4] [--copies 3] [--jobs 500]`
 *
 * @module
 */
import sharp from "sharp";
import { Queue, Worker } from "bullmq";
import { fileURLToPath } from "node:url";
import { integerFlag, parseFlags, stringFlag } from "../cli/args.ts";
import { connect, parseQueueUrl } from "../sft/queue/connection.ts";
import { listImages } from "../sft/inputs.ts";
import { hasRedis, startRedis } from "../tests/redis.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";

import { planRun } from "../sft/queue/plan.ts";

Deno.bench("plan a run of 10 000 inputs in jobs of 4 (ids from inputs and settings)", () => {
  const units = Array.from({ length: 10_000 }, (_, i) => ({
    key: `${i}.jpg`,
    path: `in/${i}.jpg`,
    kind: "image" as const,
  }));
  const fingerprint = { code: "c", models: "m", providers: "cpu", runtime: "deno" };
  planRun({ settings: { seed: 1 }, units, batch: 4, shards: "/s", cwd: "/w", fingerprint });
});

async function main(): Promise<void> {
  const { values } = parseFlags(Deno.args, {
    workers: { type: "string" },
    copies: { type: "string" },
    jobs: { type: "string" },
  }, "deno run -A bench/queue_bench.ts [--workers 1,2,4] [--copies 3] [--jobs 500]");
  const workerCounts = (stringFlag(values, "workers") ?? "1,2,4").split(",").map(Number);
  const copies = integerFlag(values, "copies") ?? 3;
  const trivialJobs = integerFlag(values, "jobs") ?? 500;

  if (!(await hasRedis()) || !hasShared("images") || !hasShared("models/yolox_nano.onnx")) {
    return;
  }
  const ROOT = fileURLToPath(new URL("..", import.meta.url));
  const ENV = { SPATIAL_MODELS_DIR: `${SHARED_DIR}/models`, SPATIAL_EXECUTION_PROVIDERS: "cpu" };
  const cli = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "main.ts", ...args],
      cwd: ROOT,
      env: ENV,
      stdout: "null",
      stderr: "piped",
    });

  const redis = await startRedis();
  const dir = await Deno.makeTempDir({ prefix: "queue-bench-" });
  try {
    await Deno.mkdir(`${dir}/images`);
    for (const u of await listImages(`${SHARED_DIR}/images`)) {
      const meta = await sharp(u.path).metadata();
      for (let k = 0; k < copies; k++) {
        await sharp(u.path).resize({ width: meta.width! - k }).png()
          .toFile(`${dir}/images/${k}-${u.key.replace(/\.\w+$/, ".png")}`);
      }
    }
    const inputs = (await listImages(`${dir}/images`)).length;
    const common = ["--images", `${dir}/images`, "--seed", "1", "--quiet"];

    const timed = async (cmd: Deno.Command) => {
      const t0 = performance.now();
      const r = await cmd.output();
      if (r.code !== 0) throw new Error(new TextDecoder().decode(r.stderr));
      return (performance.now() - t0) / 1000;
    };
    const baseS = await timed(cli(["generate", ...common, "--out", `${dir}/base.jsonl`]));
    const base = await Deno.readFile(`${dir}/base.jsonl`);
    console.log(`single-process generate: ${inputs} images in ${baseS.toFixed(1)} s`);
    console.log("workers  wall s  images/s  ratio to single-process  identical");
    for (const n of workerCounts) {
      const name = `w${n}`;
      const workers = Array.from({ length: n }, () =>
        new Deno.Command(Deno.execPath(), {
          args: ["run", "-A", "main.ts", "worker", "--queue", redis.url, "--name", name],
          cwd: ROOT,
          env: ENV,
          stdout: "null",
          stderr: "piped",
        }).spawn());
      const ready = workers.map(async (w) => {
        const reader = w.stderr.pipeThrough(new TextDecoderStream()).getReader();
        let log = "";
        while (!/worker ready/.test(log)) log += (await reader.read()).value ?? "";
        void (async () => {
          while (!(await reader.read()).done) { /* drain */ }
        })();
      });
      await Promise.all(ready);
      const out = `${dir}/${name}.jsonl`;
      const s = await timed(
        cli(["generate", ...common, "--out", out, "--queue", redis.url, "--name", name]),
      );
      const same = (await Deno.readFile(out)).every((b, i) => b === base[i]) &&
        (await Deno.stat(out)).size === base.length;
      for (const w of workers) w.kill("SIGTERM");
      await Promise.all(workers.map((w) => w.status));
      console.log(
        `${String(n).padStart(7)}  ${s.toFixed(1).padStart(6)}  ${
          (inputs / s).toFixed(2).padStart(8)
        }  ${(baseS / s).toFixed(2).padStart(23)}  ${same ? "yes" : "NO"}`,
      );
    }

    // Queue overhead: trivial jobs through one worker (concurrency 4).
    const url = parseQueueUrl(redis.url);
    const queue = new Queue("trivial", { connection: connect(url) });
    const t0 = performance.now();
    await queue.addBulk(
      Array.from(
        { length: trivialJobs },
        (_, i) => ({ name: "t", data: { i }, opts: { jobId: `t${i}` } }),
      ),
    );
    let done = 0;
    let allDone!: () => void;
    const finished = new Promise<void>((resolve) => allDone = resolve);
    const worker = new Worker("trivial", () => {
      if (++done === trivialJobs) allDone();
      return Promise.resolve(done);
    }, { connection: connect(url), concurrency: 4 });
    await finished;
    const s = (performance.now() - t0) / 1000;
    console.log(
      `queue overhead: ${trivialJobs} trivial jobs in ${s.toFixed(2)} s = ` +
        `${(trivialJobs / s).toFixed(0)} jobs/s (${
          (1000 * s / trivialJobs).toFixed(2)
        } ms per job)`,
    );
    await worker.close();
    await queue.close();
  } finally {
    await redis.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  await main();
  Deno.exit(0); // ioredis may hold a reconnect timer
}
