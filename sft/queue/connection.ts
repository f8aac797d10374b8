/**
 * The `--queue` URL: `redis://[[user]:password@]host[:port][/db]` or `rediss://…` (TLS), checked
 * once and turned into ioredis connections that wait out a Redis restart (commands are held and
 * retried while it is down, never failed), as BullMQ's workers require.
 *
 * @module
 */
import { Redis } from "ioredis";
import { InputError } from "../../core/errors.ts";

/** A checked queue URL. */
export interface QueueUrl {
  /** The URL as given (it may hold a password: never print it, print {@link QueueUrl.shown}). */
  url: string;
  /** The URL with its password replaced by `***`, for messages. */
  shown: string;
  /** True for `rediss://` (TLS). */
  tls: boolean;
}

const HINT = "e.g. redis://127.0.0.1:6379/0, redis://:TOKEN@host:6379 or rediss://user:TOKEN@host";

/** Checks a `--queue` value. */
export function parseQueueUrl(raw: string, field = "--queue"): QueueUrl {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new InputError(field, `"${raw}" is not a URL`, HINT);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") {
    throw new InputError(field, `scheme must be redis:// or rediss://, got ${u.protocol}//`, HINT);
  }
  if (!u.hostname) throw new InputError(field, "names no host", HINT);
  const db = u.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db)) {
    throw new InputError(field, `database must be a number, got "/${db}"`, HINT);
  }
  const shownUrl = new URL(raw);
  if (shownUrl.password) shownUrl.password = "***";
  return { url: raw, shown: shownUrl.toString(), tls: u.protocol === "rediss:" };
}

/**
 * A new connection. Commands issued while Redis is unreachable are queued and retried (reconnect
 * every 0.1–2 s), so a Redis restart pauses the work instead of failing it.
 */
export function connect(q: QueueUrl): Redis {
  return new Redis(q.url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
    lazyConnect: false,
  });
}

/** Throws a one-line error when Redis does not answer a PING within `ms` (before any work). */
export async function checkReachable(q: QueueUrl, ms = 10_000, field = "--queue"): Promise<void> {
  const redis = new Redis(q.url, {
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(200 * times, 1000),
    lazyConnect: true,
  });
  redis.on("error", () => {}); // reported below, once
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) => timer = setTimeout(() => reject(new Error("timeout")), ms)),
    ]);
  } catch (e) {
    throw new InputError(
      field,
      `Redis at ${q.shown} does not answer (${(e as Error).message})`,
      "start redis-server there, or check the host, port, password and TLS (rediss://)",
    );
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}
