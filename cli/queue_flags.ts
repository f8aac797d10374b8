/**
 * `generate`'s distributed mode: `--queue URL [--name JOB]` enqueues the run on BullMQ/Redis,
 * follows it while workers (`deno task worker`) perceive the inputs, then merges; `--collect`
 * merges the shards alone. The merge is `generate`'s own loop fed from the shards, so the output
 * is the file one machine writes with the same settings. See docs/data.md.
 *
 * @module
 */
import { resolve } from "node:path";
import { InputError } from "../core/errors.ts";
import type { SceneInput } from "../sft/generate.ts";
import type { InputUnit } from "../sft/inputs.ts";
import { checkReachable, parseQueueUrl } from "../sft/queue/connection.ts";
import { localFingerprint } from "../sft/queue/fingerprint.ts";
import { DEFAULT_RUN_NAME } from "../sft/queue/names.ts";
import { planRun, type RunRecord } from "../sft/queue/plan.ts";
import { missingShards, Producer, readManifest, shardSource } from "../sft/queue/producer.ts";
import { type FlagSpec, integerFlag, type Parsed, stringFlag } from "./args.ts";

/** Flags of distributed generation, to spread into `generate`'s flags. */
export const QUEUE_FLAGS: FlagSpec = {
  queue: { type: "string" },
  name: { type: "string" },
  batch: { type: "string" },
  shards: { type: "string" },
  attempts: { type: "string" },
  collect: { type: "boolean" },
};

/** Help lines of {@link QUEUE_FLAGS}. */
export const QUEUE_USAGE = `
distributed (docs/data.md): perception runs on workers (deno task worker), the merge here
  --queue redis://[:TOKEN@]HOST[:PORT][/DB] | rediss://…   enqueue on Redis, follow, then merge
  --name JOB        run name on that Redis (default ${DEFAULT_RUN_NAME})
  --batch N         inputs per job (default 4)
  --shards DIR      folder every worker can write, for the jobs' shards (default OUT.shards)
  --attempts N      tries per job before its failing inputs are skipped (default 3)
  --collect         only merge the shards into --out (no Redis needed)`;

/** Exit code when jobs failed without output, or shards are missing. */
export const EXIT_INCOMPLETE = 4;

/**
 * Runs the distributed part of `generate` when `--queue` or `--collect` is given: returns where
 * the merge reads each input's scene, or an exit code to stop with. Undefined: a plain run.
 */
export async function distributed(values: Parsed["values"], run: {
  settings: Record<string, unknown>;
  units: readonly InputUnit[];
  out: string;
  quiet: boolean;
  unitsLabel: string;
}): Promise<((unit: InputUnit) => Promise<SceneInput>) | number | undefined> {
  const rawQueue = stringFlag(values, "queue");
  const collect = values.collect === true;
  if (!rawQueue && !collect) {
    for (const f of ["name", "batch", "shards", "attempts"]) {
      if (values[f] !== undefined) throw new InputError(`--${f}`, "needs --queue or --collect");
    }
    return undefined;
  }
  const shards = resolve(stringFlag(values, "shards") ?? `${run.out}.shards`);
  const fingerprint = await localFingerprint();
  const batchFlag = integerFlag(values, "batch");
  const onDisk = await readManifest(shards);
  const batch = batchFlag ?? (collect ? onDisk?.batch : undefined) ?? 4;
  const { record, jobs } = planRun({
    settings: run.settings,
    units: run.units,
    batch,
    shards,
    cwd: Deno.cwd(),
    fingerprint,
  });

  if (!collect) {
    const url = parseQueueUrl(rawQueue!);
    await checkReachable(url);
    const producer = new Producer(
      url,
      stringFlag(values, "name") ?? DEFAULT_RUN_NAME,
      integerFlag(values, "attempts") ?? 3,
    );
    try {
      const added = await producer.enqueue(record, jobs);
      if (!run.quiet) {
        console.error(
          `run ${record.runId} on ${producer.url.shown}: ${jobs.length} jobs of ≤${batch} ` +
            `${run.unitsLabel}, ${added} enqueued; shards in ${shards}`,
        );
      }
      const stuck = await producer.follow(record, jobs, {
        quiet: run.quiet,
        units: run.unitsLabel,
      });
      for (const f of await producer.failures()) console.error(f);
      if (stuck.length) {
        console.error(`${stuck.length} jobs failed without output:\n  ${stuck.join("\n  ")}`);
        console.error("fix the cause and run the same command again (it retries them)");
        return EXIT_INCOMPLETE;
      }
    } finally {
      await producer.close();
    }
  }
  return await mergeSource(record, jobs, onDisk ?? await readManifest(shards));
}

async function mergeSource(
  record: RunRecord,
  jobs: Parameters<typeof shardSource>[1],
  onDisk: RunRecord | undefined,
) {
  if (!onDisk) {
    throw new InputError("--shards", `${record.shards} holds no run (no run.json)`);
  }
  if (onDisk.runId !== record.runId) {
    const diff = (["settings", "fingerprint", "batch", "units"] as const)
      .filter((k) => JSON.stringify(onDisk[k]) !== JSON.stringify(record[k]));
    throw new InputError(
      "--collect",
      `the shards in ${record.shards} were made by another run (${
        diff.join(", ") || "inputs"
      } differ)`,
      "give the same inputs and settings as the producer, on the same code and models",
    );
  }
  const missing = await missingShards(record, jobs);
  if (missing.length) {
    console.error(
      `${missing.length} of ${jobs.length} shards are missing (jobs ${
        missing.slice(0, 10).map((j) => j.index).join(", ")
      }${missing.length > 10 ? ", …" : ""}); run the producer (or workers) to finish them`,
    );
    return EXIT_INCOMPLETE;
  }
  return shardSource(record, jobs);
}
