/**
 * The app's shared state: its dependencies, limits, admission gate, finished traces and
 * decoded images (by sha256, so follow-up questions about the same image skip the upload and
 * the decode, and perception caches keyed by the image's sha256 are hit).
 *
 * @module
 */
import type { Trace } from "../agent/trace.ts";
import type { RgbImage } from "../core/image.ts";
import type { AppDeps } from "./deps.ts";
import { DEFAULT_LIMITS, type ServerLimits } from "./limits.ts";
import { BoundedMap } from "./lru.ts";
import { createGate, type Gate } from "./queue.ts";

/** State shared by every route of one app. */
export interface AppState {
  deps: AppDeps;
  limits: ServerLimits;
  gate: Gate;
  traces: BoundedMap<string, Trace>;
  images: BoundedMap<string, RgbImage>;
}

/** Builds the state from the dependencies, filling in default limits. */
export function createState(deps: AppDeps): AppState {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  return {
    deps,
    limits,
    gate: createGate(limits.concurrency, limits.queue, limits.retryAfterSeconds),
    traces: new BoundedMap({ maxEntries: limits.maxTraces }),
    images: new BoundedMap({
      maxEntries: 1000,
      maxSize: limits.imageCacheBytes,
      sizeOf: (img) => img.data.byteLength,
    }),
  };
}
