/**
 * Where a named run lives in Redis: BullMQ's queue `generate-NAME` (keys `bull:generate-NAME:*`)
 * and the run record beside it.
 *
 * @module
 */
import type { Redis } from "ioredis";
import { InputError } from "../../core/errors.ts";
import type { RunRecord } from "./plan.ts";

/** Default `--name`. */
export const DEFAULT_RUN_NAME = "generate";

/** BullMQ queue name of a run name (checked: letters, digits, `.`, `_`, `-`). */
export function queueName(name: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
    throw new InputError("--name", `"${name}" is not a run name`, "use letters, digits, . _ -");
  }
  return `generate-${name}`;
}

/** Redis key of a run's record. */
export function runKey(name: string): string {
  return `bull:${queueName(name)}:sr-run`;
}

/** The run record stored under `name`, if any. */
export async function loadRunRecord(redis: Redis, name: string): Promise<RunRecord | undefined> {
  const raw = await redis.get(runKey(name));
  return raw ? JSON.parse(raw) as RunRecord : undefined;
}

/** Stores the run record under `name`. */
export async function saveRunRecord(redis: Redis, name: string, record: RunRecord): Promise<void> {
  await redis.set(runKey(name), JSON.stringify(record));
}
