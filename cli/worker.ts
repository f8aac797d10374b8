/**
 * `deno task worker --queue URL [--name JOB] [--concurrency K]`: takes the jobs of a distributed
 * `generate` run (see cli/queue_flags.ts) and perceives their inputs, on any number of machines;
 * `--status` shows the run's progress, `--cancel` ends it and removes its keys. See docs/data.md.
 *
 * Exit codes: 0 stopped (SIGINT/SIGTERM) or status/cancel done, 2 bad flags or this machine's
 * code, models or providers differ from the run's (it refuses the run), 3 no such run.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { checkReachable, parseQueueUrl } from "../sft/queue/connection.ts";
import { DEFAULT_RUN_NAME, loadRunRecord } from "../sft/queue/names.ts";
import { Producer } from "../sft/queue/producer.ts";
import { startWorker } from "../sft/queue/worker.ts";
import {
  HELP_FLAG,
  integerFlag,
  noPositionals,
  parseFlags,
  printHelp,
  requiredFlag,
  stringFlag,
} from "./args.ts";

const USAGE = `usage: deno task worker --queue redis://[:TOKEN@]HOST[:PORT][/DB] [--name JOB]
  [--concurrency K] [--lock-ms MS] | --status | --cancel

  --queue URL        the Redis the producer (generate --queue) enqueued on; rediss:// for TLS
  --name JOB         run name (default ${DEFAULT_RUN_NAME})
  --concurrency K    jobs at a time in this process (default 1)
  --lock-ms MS       a job whose worker is silent this long goes to another (default 30000)
  --status           print waiting/active/done/failed jobs, rate and ETA, then exit
  --cancel           remove the run's jobs and keys from Redis (shards stay on disk), then exit
  --drill-pause-ms MS  fault drills only: pause before publishing each shard`;

/** Exit code when the named run does not exist. */
export const EXIT_NO_RUN = 3;

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    queue: { type: "string" },
    name: { type: "string" },
    concurrency: { type: "string" },
    "lock-ms": { type: "string" },
    "drill-pause-ms": { type: "string" },
    status: { type: "boolean" },
    cancel: { type: "boolean" },
    ...HELP_FLAG,
  }, USAGE);
  if (printHelp(values, USAGE)) return 0;
  noPositionals(positionals, USAGE);
  const queue = parseQueueUrl(requiredFlag(values, "queue", USAGE));
  const name = stringFlag(values, "name") ?? DEFAULT_RUN_NAME;
  if (values.status && values.cancel) {
    throw new InputError("--status", "give --status or --cancel, not both");
  }
  await checkReachable(queue);
  if (values.status || values.cancel) {
    const producer = new Producer(queue, name);
    try {
      const record = await loadRunRecord(producer.redis, name);
      if (!record) {
        console.error(`error: no run "${name}" on ${queue.shown}`);
        return EXIT_NO_RUN;
      }
      if (values.cancel) {
        await producer.cancel();
        console.log(`cancelled run "${name}" (${record.runId}); shards stay in ${record.shards}`);
        return 0;
      }
      const s = await producer.status();
      const eta = Number.isFinite(s.etaS) ? `${Math.round(s.etaS)} s` : "unknown";
      console.log(
        `run "${name}" (${record.runId}) on ${queue.shown}: ${record.jobs} jobs of ≤${record.batch}` +
          ` inputs\n  waiting ${s.waiting + s.delayed}, active ${s.active}, done ${s.completed}` +
          `, failed ${s.failed}\n  rate ${s.rate.toFixed(2)} jobs/s, ETA ${eta}\n  shards in ` +
          record.shards,
      );
      for (const f of await producer.failures()) console.log(`  ${f}`);
      return 0;
    } finally {
      await producer.close();
    }
  }
  const worker = await startWorker({
    queue,
    name,
    concurrency: integerFlag(values, "concurrency") ?? 1,
    lockMs: integerFlag(values, "lock-ms", 1000) ?? 30000,
    drillPauseMs: integerFlag(values, "drill-pause-ms", 0),
    log: (line) => console.error(line),
  });
  console.error(`worker ready on ${queue.shown}, run "${name}"`);
  const stop = () => void worker.stop();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  try {
    return await worker.done;
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
  }
}
