/**
 * The producer side of a distributed run: records the run (in Redis and as `run.json` in the
 * shards folder), enqueues one BullMQ job per few inputs with ids derived from the inputs and the
 * settings (enqueuing again adds nothing; a job whose shard exists is not enqueued), follows the
 * queue until every job has finished, and serves the shards to the merge.
 *
 * Redis is a coordinator, not the store: the shards on the shared folder are the truth. If Redis
 * restarts without its data, the producer sees the run record gone and enqueues again every job
 * whose shard is missing.
 *
 * @module
 */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { InputError } from "../../core/errors.ts";
import type { SceneInput } from "../generate.ts";
import type { InputUnit } from "../inputs.ts";
import { startProgress } from "../progress.ts";
import { connect, type QueueUrl } from "./connection.ts";
import { loadRunRecord, queueName, runKey, saveRunRecord } from "./names.ts";
import { type JobData, type JobPlan, jobShard, manifestPath, type RunRecord } from "./plan.ts";
import { readShard, restoreInput, type Shard, shardExists } from "./shard.ts";

/** Job counts of a run, with its rate and ETA. */
export interface RunStatus {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
  /** Jobs per second over the most recent completions (0 when unknown). */
  rate: number;
  /** Seconds to go at that rate (Infinity when unknown). */
  etaS: number;
}

/** Reads the run record from the shards folder, if there is one. */
export async function readManifest(shards: string): Promise<RunRecord | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(manifestPath(shards))) as RunRecord;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw new InputError(manifestPath(shards), `cannot read: ${(e as Error).message}`);
  }
}

async function writeManifest(record: RunRecord): Promise<void> {
  const path = manifestPath(record.shards);
  const tmp = `${path}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  await Deno.writeTextFile(tmp, JSON.stringify(record, null, 2) + "\n");
  await Deno.rename(tmp, path);
}

/** Jobs whose shard is not written yet. */
export async function missingShards(record: RunRecord, jobs: readonly JobPlan[]) {
  const out: JobPlan[] = [];
  for (const j of jobs) if (!(await shardExists(jobShard(record, j)))) out.push(j);
  return out;
}

/** A connected producer for one named run. */
export class Producer {
  readonly queue: Queue<JobData>;
  readonly redis: Redis;

  constructor(readonly url: QueueUrl, readonly name: string, readonly attempts = 3) {
    this.redis = connect(url);
    this.queue = new Queue<JobData>(queueName(name), { connection: connect(url) });
  }

  /**
   * Records the run and enqueues its missing jobs; failed jobs without a shard are retried.
   * Returns the jobs enqueued or retried.
   */
  async enqueue(record: RunRecord, jobs: readonly JobPlan[]): Promise<number> {
    const other = await loadRunRecord(this.redis, this.name);
    if (other && other.runId !== record.runId) {
      throw new InputError(
        "--name",
        `run "${this.name}" on ${this.url.shown} was enqueued with other settings or inputs ` +
          `(run ${other.runId}, shards in ${other.shards})`,
        "pick another --name, or end it: deno task worker --queue … --name … --cancel",
      );
    }
    await Deno.mkdir(record.shards, { recursive: true });
    const onDisk = await readManifest(record.shards);
    if (onDisk && onDisk.runId !== record.runId) {
      throw new InputError(
        "--shards",
        `${record.shards} holds the shards of another run (${onDisk.runId})`,
        "choose another --shards folder (or --out), or delete that folder",
      );
    }
    const stored = { ...record, started: onDisk?.started ?? other?.started ?? record.started };
    if (!onDisk) await writeManifest(stored);
    await saveRunRecord(this.redis, this.name, stored);
    const missing = await missingShards(record, jobs);
    const missingIds = new Set(missing.map((j) => j.jobId));
    await this.queue.addBulk(missing.map((j) => ({
      name: "perceive",
      data: { runId: record.runId, index: j.index, units: j.units },
      opts: {
        jobId: j.jobId,
        attempts: this.attempts,
        backoff: { type: "exponential", delay: 1000 },
        removeOnComplete: false,
        removeOnFail: false,
      },
    })));
    let retried = 0;
    for (const job of await this.queue.getJobs(["failed"])) {
      if (job.id && missingIds.has(job.id)) {
        await job.retry("failed", { resetAttemptsMade: true });
        retried++;
      }
    }
    return missing.length + retried;
  }

  /** Counts, rate and ETA. */
  async status(): Promise<RunStatus> {
    const c = await this.queue.getJobCounts("waiting", "active", "delayed", "completed", "failed");
    const recent = await this.queue.getJobs(["completed"], 0, 49);
    const times = recent.map((j) => j.finishedOn ?? 0).filter((t) => t > 0).sort();
    const spanS = times.length > 1 ? (times.at(-1)! - times[0]) / 1000 : 0;
    const rate = spanS > 0 ? (times.length - 1) / spanS : 0;
    const left = (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0);
    return {
      waiting: c.waiting ?? 0,
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      completed: c.completed ?? 0,
      failed: c.failed ?? 0,
      rate,
      etaS: left === 0 ? 0 : rate > 0 ? left / rate : Infinity,
    };
  }

  /**
   * Shows progress until every job has a shard or has failed for good. Returns the reasons of the
   * jobs that failed without a shard (the merge cannot run while there are any).
   */
  async follow(
    record: RunRecord,
    jobs: readonly JobPlan[],
    opts: { quiet?: boolean; units?: string; pollMs?: number } = {},
  ): Promise<string[]> {
    const bar = startProgress(record.units, {
      enabled: !opts.quiet,
      units: opts.units,
      itemUnits: "jobs",
    });
    let pending = await missingShards(record, jobs);
    const firstDone = record.units - pending.reduce((n, j) => n + j.units.length, 0);
    for (;;) {
      if (!(await this.redis.exists(runKey(this.name)))) {
        // Redis lost its data (restart without persistence, flush): enqueue what is missing again.
        console.error("\nthe run is gone from Redis; enqueuing the unfinished jobs again");
        await this.enqueue(record, jobs);
      }
      pending = await missingShards(record, pending);
      const done = record.units - pending.reduce((n, j) => n + j.units.length, 0);
      bar.update(done, done - firstDone, jobs.length - pending.length);
      if (pending.length === 0) break;
      const c = await this.queue.getJobCounts("waiting", "active", "delayed", "prioritized");
      const open = (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0);
      if (open === 0) {
        const states = await Promise.all(pending.map((j) => this.queue.getJob(j.jobId)));
        if (states.every((j) => j?.finishedOn)) {
          // Failed for good with no shard: nothing more will happen to these.
          pending = await missingShards(record, pending);
          if (pending.length === 0) continue;
          bar.finish();
          return states.map((j, i) =>
            `job ${pending[i]?.index} (${j?.data.units.map((u) => u.key).join(", ")}): ${
              j?.failedReason ?? "no shard"
            }`
          );
        }
      }
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
    }
    bar.finish();
    return [];
  }

  /** Reasons of the run's jobs that failed (their inputs are skipped by the merge). */
  async failures(): Promise<string[]> {
    const failed = await this.queue.getJobs(["failed"]);
    return failed.sort((a, b) => a.data.index - b.data.index).map((j) =>
      `job ${j.data.index} failed after ${j.attemptsMade} attempts: ${j.failedReason}`
    );
  }

  /** Removes the run's jobs and keys from Redis (shards stay on disk). */
  async cancel(): Promise<void> {
    await this.queue.obliterate({ force: true });
    await this.redis.del(runKey(this.name));
  }

  /** Disconnects. */
  async close(): Promise<void> {
    await this.queue.close();
    this.redis.disconnect();
  }
}

/** The merge's source of scenes: each input's perceived scene, read from its job's shard. */
export function shardSource(
  record: RunRecord,
  jobs: readonly JobPlan[],
): (unit: InputUnit) => Promise<SceneInput> {
  const jobOf = new Map<string, JobPlan>();
  for (const j of jobs) for (const u of j.units) jobOf.set(u.key, j);
  const open = new Map<number, { shard: Promise<Shard | undefined>; left: number }>();
  return async (unit) => {
    const job = jobOf.get(unit.key)!;
    let entry = open.get(job.index);
    if (!entry) {
      entry = { shard: readShard(jobShard(record, job)), left: job.units.length };
      open.set(job.index, entry);
    }
    if (--entry.left === 0) open.delete(job.index);
    const shard = await entry.shard;
    const found = shard?.units.find((u) => u.key === unit.key);
    if (!shard || shard.runId !== record.runId || !found) {
      throw new Error(`shard of job ${job.index} is missing or holds another run`);
    }
    if ("error" in found) throw new Error(found.error);
    return restoreInput(found.input);
  };
}
