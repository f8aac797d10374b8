/**
 * A distributed run's plan: the inputs cut into jobs of a few each, in input order, with ids
 * derived from the inputs and the settings (enqueuing the same run twice adds nothing), and the
 * run record every worker and the merge check against. The record is kept in Redis and as
 * `run.json` in the shards folder, so the merge needs only the folder.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { InputUnit } from "../inputs.ts";
import type { Fingerprint } from "./fingerprint.ts";
import { shardPath } from "./shard.ts";

/** What every job of a run shares. */
export interface RunRecord {
  /** sha256 (24 hex) of the settings, the inputs, the job size and the producer's fingerprint. */
  runId: string;
  /** The settings as the output's progress log records them. */
  settings: Record<string, unknown>;
  /** The producer's working directory: input paths are read from there on every machine. */
  cwd: string;
  /** Absolute path of the shards folder (on storage every worker reaches). */
  shards: string;
  /** Inputs per job. */
  batch: number;
  /** Number of inputs and of jobs. */
  units: number;
  jobs: number;
  fingerprint: Fingerprint;
  /** ISO time the run was first enqueued. */
  started: string;
}

/** One job: its inputs and where its shard goes. */
export interface JobPlan {
  index: number;
  jobId: string;
  units: InputUnit[];
}

/** The data a job carries in Redis. */
export interface JobData {
  runId: string;
  index: number;
  units: InputUnit[];
}

const sha = (s: string, n: number) => createHash("sha256").update(s).digest("hex").slice(0, n);

/** The run's record and its jobs. */
export function planRun(opts: {
  settings: Record<string, unknown>;
  units: readonly InputUnit[];
  batch: number;
  shards: string;
  cwd: string;
  fingerprint: Fingerprint;
  started?: string;
}): { record: RunRecord; jobs: JobPlan[] } {
  const { settings, units, batch, fingerprint } = opts;
  const runId = sha(JSON.stringify({ settings, units, batch, fingerprint }), 24);
  const jobs: JobPlan[] = [];
  for (let i = 0; i * batch < units.length; i++) {
    const part = units.slice(i * batch, (i + 1) * batch);
    jobs.push({ index: i, jobId: sha(`${runId}\0${JSON.stringify(part)}`, 24), units: part });
  }
  const record: RunRecord = {
    runId,
    settings,
    cwd: opts.cwd,
    shards: opts.shards,
    batch,
    units: units.length,
    jobs: jobs.length,
    fingerprint,
    started: opts.started ?? new Date().toISOString(),
  };
  return { record, jobs };
}

/** Shard path of a job of `record`. */
export function jobShard(record: RunRecord, job: { index: number; jobId: string }): string {
  return shardPath(record.shards, job.index, job.jobId);
}

/** Path of the run record in the shards folder. */
export function manifestPath(shards: string): string {
  return join(shards, "run.json");
}
