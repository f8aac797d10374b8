/**
 * Admission control: at most `concurrency` questions run at once and at most `queue` wait;
 * beyond that a request is refused at once (503 with Retry-After) rather than piling up.
 * A waiting request whose client goes away leaves the queue.
 *
 * @module
 */
import { HttpError } from "./errors.ts";

/** Gives back a slot; calling it more than once has no further effect. */
export type Release = () => void;

/** Running and waiting counts. */
export interface GateStats {
  /** Questions holding a slot. */
  active: number;
  /** Questions waiting for one. */
  queued: number;
  /** Slots. */
  concurrency: number;
  /** Places in the queue. */
  queue: number;
}

/** A counting semaphore with a bounded wait queue. */
export interface Gate {
  /**
   * Waits for a slot. Throws a 503 {@link HttpError} at once when the queue is full, and the
   * signal's reason when it aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<Release>;
  /** Current counts. */
  stats(): GateStats;
}

/** A gate with `concurrency` slots and `queue` places to wait; `retryAfterSeconds` for 503s. */
export function createGate(concurrency: number, queue: number, retryAfterSeconds = 5): Gate {
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new RangeError(`concurrency must be an integer ≥ 1, got ${concurrency}`);
  }
  if (!(Number.isInteger(queue) && queue >= 0)) {
    throw new RangeError(`queue must be an integer ≥ 0, got ${queue}`);
  }
  let active = 0;
  const waiting: { grant: () => void }[] = [];

  const releaser = (): Release => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = waiting.shift();
      // The slot passes straight to the next waiter, so `active` is unchanged.
      if (next) next.grant();
      else active--;
    };
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < concurrency) {
        active++;
        return Promise.resolve(releaser());
      }
      if (waiting.length >= queue) {
        return Promise.reject(
          new HttpError(
            503,
            `the server is busy: ${active} questions running and ${waiting.length} waiting`,
            {
              hint: `try again in ${retryAfterSeconds} s`,
              headers: { "Retry-After": String(retryAfterSeconds) },
            },
          ),
        );
      }
      return new Promise<Release>((resolve, reject) => {
        const onAbort = () => {
          const i = waiting.indexOf(waiter);
          if (i >= 0) waiting.splice(i, 1);
          reject(signal?.reason);
        };
        const waiter = {
          grant: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve(releaser());
          },
        };
        waiting.push(waiter);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
    stats: () => ({ active, queued: waiting.length, concurrency, queue }),
  };
}
