/**
 * The worker side of a distributed run: takes jobs from the run's BullMQ queue, perceives each of
 * the job's inputs (the expensive, model-bound part of `generate`) and writes the job's shard.
 *
 * Faults: a worker killed mid-job loses its lock and BullMQ's stalled-job check hands the job to
 * another worker (its half-written shard is a `.tmp-*` file nothing reads); an input that fails
 * fails the attempt, and after the last attempt the shard records the reason for that input (so
 * the merge skips it exactly as a single-machine run does) and the job is reported failed with
 * it; a worker whose code, models or providers differ from the run's refuses and stops.
 *
 * @module
 */
import { type Job, UnrecoverableError, Worker } from "bullmq";
import { errorMessage } from "../../core/errors.ts";
import { clearResultCache } from "../../models/result_cache.ts";
import { defaultRegistry } from "../../tools/index.ts";
import { prepareUnit } from "../inputs.ts";
import { connect, type QueueUrl } from "./connection.ts";
import { type Fingerprint, fingerprintMismatch, localFingerprint } from "./fingerprint.ts";
import { loadRunRecord, queueName } from "./names.ts";
import { type JobData, jobShard, type RunRecord } from "./plan.ts";
import { shardExists, type ShardUnit, storeInput, writeShard } from "./shard.ts";

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  queue: QueueUrl;
  name: string;
  /** Jobs at a time in this process. */
  concurrency: number;
  /** Job lock in ms: a job whose worker is gone for this long goes to another worker. */
  lockMs: number;
  /** Fault drills only: wait this long between writing a shard's temporary file and renaming it. */
  drillPauseMs?: number;
  /** Progress lines (one per job). */
  log?: (line: string) => void;
}

/** What a finished job returns. */
export interface JobResult {
  units: number;
  errors: number;
}

/** A running worker. */
export interface RunningWorker {
  /** Resolves with the exit code once the worker has stopped (2: it refused the run). */
  done: Promise<number>;
  /** Stops taking jobs, lets active ones finish, disconnects. */
  stop(): Promise<void>;
}

/** Starts a worker for the run called `opts.name`. */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const log = opts.log ?? (() => {});
  const mine: Fingerprint = await localFingerprint();
  const registry = defaultRegistry();
  const redis = connect(opts.queue);
  let refused: string | undefined;
  let record: RunRecord | undefined;

  const process = async (job: Job<JobData, JobResult>): Promise<JobResult> => {
    if (record?.runId !== job.data.runId) record = await loadRunRecord(redis, opts.name);
    if (!record) throw new UnrecoverableError("the run was cancelled (no run record in Redis)");
    if (record.runId !== job.data.runId) {
      throw new UnrecoverableError(
        `enqueued by an earlier run with other settings (${job.data.runId}); ` +
          `the run now is ${record.runId}`,
      );
    }
    const mismatch = fingerprintMismatch(record.fingerprint, mine);
    if (mismatch) {
      refused ??= mismatch;
      queueMicrotask(() => void stop());
      throw new Error(`refused by worker ${worker.id}: ${mismatch}`);
    }
    if (Deno.cwd() !== record.cwd) Deno.chdir(record.cwd);
    const path = jobShard(record, { index: job.data.index, jobId: String(job.id) });
    if (await shardExists(path)) return { units: job.data.units.length, errors: 0 };

    const units: ShardUnit[] = [];
    for (const unit of job.data.units) {
      clearResultCache(); // a record must not depend on what this process perceived before
      try {
        const input = await prepareUnit(unit, registry, String(record.settings.image_root));
        units.push({ key: unit.key, input: storeInput(input) });
      } catch (e) {
        units.push({ key: unit.key, error: errorMessage(e) });
      }
    }
    const errors = units.filter((u): u is { key: string; error: string } => "error" in u);
    const reasons = errors.map((e) => `${e.key}: ${e.error}`).join("; ");
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (errors.length && !final) throw new Error(reasons);
    if (opts.drillPauseMs) log(`job ${job.data.index}: publishing in ${opts.drillPauseMs} ms`);
    await writeShard(path, { runId: record.runId, jobId: String(job.id), units }, {
      pauseMs: opts.drillPauseMs,
    });
    log(`job ${job.data.index}: ${units.length - errors.length}/${units.length} inputs`);
    if (errors.length) throw new UnrecoverableError(reasons);
    return { units: units.length, errors: 0 };
  };

  const worker = new Worker<JobData, JobResult>(queueName(opts.name), process, {
    connection: connect(opts.queue),
    concurrency: opts.concurrency,
    lockDuration: opts.lockMs,
    stalledInterval: opts.lockMs,
    maxStalledCount: 3,
    autorun: true,
  });
  worker.on("error", (e) => log(`redis: ${errorMessage(e)} (retrying)`));
  worker.on("failed", (job, e) => {
    if (job) log(`job ${job.data.index} attempt ${job.attemptsMade} failed: ${e.message}`);
  });

  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => resolveDone = r);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      await worker.close();
      redis.disconnect();
      if (refused) log(`refusing the run: ${refused}`);
      resolveDone(refused ? 2 : 0);
    })();
  await worker.waitUntilReady();
  return { done, stop };
}
