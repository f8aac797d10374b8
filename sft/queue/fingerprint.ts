/**
 * What a machine would produce differently with: the project's code, the perception models and
 * the execution providers. The producer stores its fingerprint with the run; a worker whose own
 * differs refuses the run's jobs, naming what differs, since its shards could not merge into the
 * output a single machine would write.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { perceptionConfig } from "../../models/config.ts";

/** One machine's fingerprint. */
export interface Fingerprint {
  /** sha256 (16 hex) of the project's source files (not tests) and deno.json/deno.lock. */
  code: string;
  /** Detector, depth backend, orientation model, and the model files' names and sizes. */
  models: string;
  /** onnxruntime execution providers in order of preference. */
  providers: string;
  /** Deno's version (number formatting and math can change with the engine). */
  runtime: string;
}

const ROOT = new URL("../../", import.meta.url).pathname;
const SOURCE_DIRS = ["agent", "cli", "core", "models", "prompts", "scene", "sft", "tools"];

async function sourceFiles(dir: string, rel: string, out: string[]): Promise<void> {
  const names: Deno.DirEntry[] = [];
  for await (const e of Deno.readDir(join(dir, rel))) names.push(e);
  names.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const e of names) {
    const path = `${rel}/${e.name}`;
    if (e.isDirectory && e.name !== "testdata") await sourceFiles(dir, path, out);
    else if (e.isFile && !e.name.endsWith("_test.ts")) out.push(path);
  }
}

async function codeHash(): Promise<string> {
  const files: string[] = ["deno.json", "deno.lock"];
  for (const d of SOURCE_DIRS) await sourceFiles(ROOT, d, files).catch(() => {});
  const h = createHash("sha256");
  for (const f of files) {
    h.update(f + "\0");
    h.update(await Deno.readFile(join(ROOT, f)).catch(() => new Uint8Array()));
  }
  return h.digest("hex").slice(0, 16);
}

async function modelFiles(dir: string): Promise<string> {
  const files: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile) files.push(`${e.name}:${(await Deno.stat(join(dir, e.name))).size}`);
    }
  } catch {
    return "(no models folder)";
  }
  return files.sort().join(",");
}

/** This machine's fingerprint. */
export async function localFingerprint(): Promise<Fingerprint> {
  const cfg = perceptionConfig();
  return {
    code: await codeHash(),
    models:
      `detector=${cfg.detector} depth=${cfg.depthBackend} orientation=${cfg.orientationModel}` +
      ` files=${await modelFiles(cfg.modelsDir)}`,
    providers: cfg.executionProviders.join(","),
    runtime: `deno ${Deno.version.deno}`,
  };
}

/** Why `mine` cannot work for a run made with `theirs`, or undefined when they agree. */
export function fingerprintMismatch(theirs: Fingerprint, mine: Fingerprint): string | undefined {
  const diffs = (Object.keys(theirs) as (keyof Fingerprint)[])
    .filter((k) => theirs[k] !== mine[k])
    .map((k) => `${k} differ (run: ${theirs[k]}; this worker: ${mine[k]})`);
  return diffs.length ? diffs.join("; ") : undefined;
}
