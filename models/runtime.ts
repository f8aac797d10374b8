/**
 * onnxruntime-node sessions: created once per model file and provider list, then reused.
 * Execution providers come from the config's device (`auto`: the GPU when one is found, see
 * device.ts) or its explicit provider list; when an explicitly listed provider other than the
 * CPU cannot be created the session falls back to the CPU and says so once on stderr.
 * Every session's input and output names are checked against the registry.
 *
 * @module
 */
import * as ort from "onnxruntime-node";
import { InputError } from "../core/errors.ts";
import type { PerceptionConfig } from "./config.ts";
import { providersFor } from "./device.ts";
import type { ModelSpec, TensorSpec } from "./registry.ts";

/** A live session and what it runs on. */
export interface ModelSession {
  session: ort.InferenceSession;
  /** Providers the session was created with, e.g. `["cpu"]`. */
  providers: string[];
  /** Model file. */
  path: string;
}

const sessions = new Map<string, Promise<ModelSession>>();
/** Provider lists that failed once: later sessions go straight to the CPU. */
const unavailable = new Set<string>();

// onnxruntime's own logger would print a multi-line native error for a missing CUDA library;
// failures reach the user as exceptions and the one-line notice below instead.
ort.env.logLevel = "fatal";

/** Where fallback notices go; tests replace it. */
export const runtimeLog = { warn: (msg: string) => console.error(msg) };

function describe(t: { name: string; shape?: readonly (number | string)[] }): string {
  return t.shape ? `${t.name} [${t.shape.join(", ")}]` : t.name;
}

/** Metadata of a session's inputs or outputs (name, and shape where it is a tensor). */
function metadataOf(
  meta: readonly ort.InferenceSession.ValueMetadata[],
): { name: string; shape?: readonly (number | string)[] }[] {
  return meta.map((m) => ({ name: m.name, ...(m.isTensor ? { shape: m.shape } : {}) }));
}

/**
 * Throws an InputError when the graph's input/output names differ from the registry's, or a
 * fixed dimension differs (symbolic dimensions on either side match anything).
 */
export function checkSignature(
  spec: Pick<ModelSpec, "id" | "inputs" | "outputs">,
  path: string,
  actual: {
    inputs: { name: string; shape?: readonly (number | string)[] }[];
    outputs: { name: string; shape?: readonly (number | string)[] }[];
  },
): void {
  for (const side of ["inputs", "outputs"] as const) {
    const want: TensorSpec[] = spec[side];
    const got = actual[side];
    const names = got.map((g) => g.name);
    for (const w of want) {
      const g = got.find((x) => x.name === w.name);
      if (!g) {
        throw new InputError(
          path,
          `${spec.id}: graph has ${side} ${names.join(", ") || "(none)"}, expected ${
            want.map(describe).join(", ")
          }`,
          "this file is not the model the registry describes; re-export it with these tensor names",
        );
      }
      if (!g.shape) continue;
      const bad = w.shape.length !== g.shape.length ||
        w.shape.some((d, i) =>
          typeof d === "number" && typeof g.shape![i] === "number" &&
          d !== g.shape![i]
        );
      if (bad) {
        throw new InputError(
          path,
          `${spec.id}: ${side.slice(0, -1)} ${describe(g)} does not match the expected ${
            describe(w)
          }`,
          "re-export the model with the input size the registry describes",
        );
      }
    }
  }
}

async function create(
  path: string,
  providers: string[],
  threads: number,
): Promise<ort.InferenceSession> {
  return await ort.InferenceSession.create(path, {
    executionProviders: providers,
    ...(threads > 0 ? { intraOpNumThreads: threads } : {}),
    // Fatal only: a missing CUDA library is reported by us, once, in one line.
    logSeverityLevel: 4,
  });
}

/** The settings a session depends on. */
export type SessionConfig = Pick<PerceptionConfig, "executionProviders" | "threads"> & {
  device?: PerceptionConfig["device"];
};

/** The provider list a session is created with: the explicit list, else the device's choice. */
export async function sessionProviders(cfg: SessionConfig): Promise<string[]> {
  if (cfg.executionProviders.length > 0) return cfg.executionProviders;
  return (await providersFor(cfg.device ?? "auto")).providers;
}

async function open(
  spec: ModelSpec,
  path: string,
  cfg: SessionConfig,
): Promise<ModelSession> {
  try {
    await Deno.stat(path);
  } catch {
    throw new InputError(path, `${spec.id}: model file not found`);
  }
  const listed = await sessionProviders(cfg);
  const wanted = listed.filter((p) => p !== "cpu");
  const key = wanted.join(",");
  let providers = unavailable.has(key) ? ["cpu"] : listed;
  let session: ort.InferenceSession;
  try {
    session = await create(path, providers, cfg.threads);
  } catch (first) {
    if (providers.every((p) => p === "cpu")) throw invalidModel(spec, path, first);
    try {
      session = await create(path, ["cpu"], cfg.threads);
    } catch (e) {
      throw invalidModel(spec, path, e);
    }
    unavailable.add(key);
    const reason = String((first as Error).message ?? first).split("\n")[0].slice(0, 160);
    runtimeLog.warn(`onnxruntime: execution provider ${key} unavailable (${reason}); using cpu`);
    providers = ["cpu"];
  }
  try {
    checkSignature(spec, path, {
      inputs: metadataOf(session.inputMetadata),
      outputs: metadataOf(session.outputMetadata),
    });
  } catch (e) {
    await session.release();
    throw e;
  }
  return { session, providers, path };
}

function invalidModel(spec: ModelSpec, path: string, e: unknown): InputError {
  const msg = String((e as Error)?.message ?? e).split("\n")[0].slice(0, 300);
  return new InputError(
    path,
    `${spec.id}: onnxruntime cannot load this file: ${msg}`,
    "the file may be truncated or not an ONNX model; run `deno task models verify`",
  );
}

/** The session for a model file, created on first use and shared afterwards. */
export function getSession(
  spec: ModelSpec,
  path: string,
  cfg: SessionConfig,
): Promise<ModelSession> {
  const providers = cfg.executionProviders.join(",") || `device:${cfg.device ?? "auto"}`;
  const key = `${path}\u0000${providers}\u0000${cfg.threads}`;
  let s = sessions.get(key);
  if (!s) {
    s = open(spec, path, cfg);
    sessions.set(key, s);
    s.catch(() => sessions.delete(key)); // a failed load is retried next time
  }
  return s;
}

/** Number of live sessions (tests check reuse). */
export function sessionCount(): number {
  return sessions.size;
}

/** Releases every session (end of a benchmark or test). */
export async function releaseSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const s of all) {
    try {
      await (await s).session.release();
    } catch {
      // a session that failed to open has nothing to release
    }
  }
}

export { ort };
