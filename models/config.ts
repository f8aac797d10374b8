/**
 * Perception settings: where model files live, which execution providers to try, which depth
 * and detection backends to use. Read from the environment with defaults; the CLI overrides
 * them with {@link configurePerception}.
 *
 * Environment: `SPATIAL_MODELS_DIR`, `SPATIAL_DEVICE` (`auto`, `gpu`, `cpu`),
 * `SPATIAL_EXECUTION_PROVIDERS` (an explicit provider list, e.g. `webgpu,cpu`, instead of the device),
 * `SPATIAL_DETECTOR`, `SPATIAL_DEPTH_BACKEND`, `SPATIAL_ORIENTATION_MODEL`, `SPATIAL_OFFLINE`,
 * `SPATIAL_THREADS`, `SPATIAL_TILING`.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { type Device, parseDevice } from "./device.ts";
import { TILING_MODES, type TilingMode } from "./tiles.ts";

/** How per-object depth is obtained. `auto`: rgbd when a depth map is present, else size-prior. */
export type DepthBackend = "auto" | "size-prior" | "rgbd" | string;

/** Everything the perception tools need to know about their environment. */
export interface PerceptionConfig {
  /** Directory holding model files. */
  modelsDir: string;
  /** Which processor runs the models (see models/device.ts); used when no explicit list is set. */
  device: Device;
  /**
   * An explicit onnxruntime provider list, tried in order (`webgpu`, `cuda`, `cpu`); empty = chosen
   * from {@link device}.
   */
  executionProviders: string[];
  /** Detector model id, or `auto` (see models/stack.ts). */
  detector: string;
  /** `auto`, `size-prior`, `rgbd`, or a metric-depth model id from the registry. */
  depthBackend: DepthBackend;
  /** Orientation model id, used only when its file is present; `none` disables it. */
  orientationModel: string;
  /** Never download; a missing file is an error naming where to put it. */
  offline: boolean;
  /** Intra-op threads for onnxruntime (0 = its default; unset: {@link threadsFor}). */
  threads: number;
  /** Tiled detection (models/tiles.ts): `auto` (wide images), `on`, `off`. */
  tiling: TilingMode;
}

/** A tiling mode from a flag or variable named `field`. */
export function parseTiling(raw: string, field = "--tiling"): TilingMode {
  const v = raw.trim().toLowerCase();
  if ((TILING_MODES as readonly string[]).includes(v)) return v as TilingMode;
  throw new InputError(field, `must be one of ${TILING_MODES.join(", ")}, got "${raw}"`);
}

/**
 * Intra-op threads for each onnxruntime session when `concurrency` inferences may run at once:
 * the machine's cores shared out, at least one each, so parallel questions do not oversubscribe
 * the CPU (onnxruntime's own default takes every core for every session).
 */
export function threadsFor(concurrency = 1, cores = navigator.hardwareConcurrency || 1): number {
  return Math.max(1, Math.floor(cores / Math.max(1, concurrency)));
}

/** Per-user cache: `$XDG_CACHE_HOME/spatial-reasoner/models` or `~/.cache/spatial-reasoner/models`. */
export function defaultModelsDir(env: (k: string) => string | undefined = envGet): string {
  const xdg = env("XDG_CACHE_HOME");
  const base = xdg || `${env("HOME") ?? env("USERPROFILE") ?? "."}/.cache`;
  return `${base}/spatial-reasoner/models`;
}

function envGet(key: string): string | undefined {
  try {
    return Deno.env.get(key) || undefined;
  } catch {
    return undefined; // no --allow-env: defaults apply
  }
}

/** Settings from environment variables (or `env`) and defaults. */
export function configFromEnv(env: (k: string) => string | undefined = envGet): PerceptionConfig {
  const threadsRaw = env("SPATIAL_THREADS");
  const threads = threadsRaw === undefined ? threadsFor(1) : Number(threadsRaw);
  if (!Number.isInteger(threads) || threads < 0) {
    throw new InputError("SPATIAL_THREADS", `must be a non-negative integer, got "${threadsRaw}"`);
  }
  const rawProviders = env("SPATIAL_EXECUTION_PROVIDERS");
  const providers = (rawProviders ?? "").split(",").map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  if (rawProviders !== undefined && providers.length === 0) {
    throw new InputError("SPATIAL_EXECUTION_PROVIDERS", "names no provider", "e.g. webgpu,cpu");
  }
  return {
    modelsDir: env("SPATIAL_MODELS_DIR") ?? defaultModelsDir(env),
    device: parseDevice(env("SPATIAL_DEVICE") ?? "auto", "SPATIAL_DEVICE"),
    executionProviders: providers,
    detector: env("SPATIAL_DETECTOR") ?? "auto",
    depthBackend: env("SPATIAL_DEPTH_BACKEND") ?? "auto",
    orientationModel: env("SPATIAL_ORIENTATION_MODEL") ?? "orient-anything",
    offline: ["1", "true", "yes"].includes((env("SPATIAL_OFFLINE") ?? "").toLowerCase()),
    threads,
    tiling: parseTiling(env("SPATIAL_TILING") ?? "auto", "SPATIAL_TILING"),
  };
}

let overrides: Partial<PerceptionConfig> = {};
let cached: PerceptionConfig | undefined;

/** The settings in force: environment and defaults, then CLI overrides. */
export function perceptionConfig(): PerceptionConfig {
  cached ??= { ...configFromEnv(), ...overrides };
  return cached;
}

/** Replaces the overrides (the CLI's flags); `{}` goes back to the environment's values. */
export function configurePerception(next: Partial<PerceptionConfig>): void {
  overrides = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined));
  cached = undefined;
}
