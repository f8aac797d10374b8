/**
 * Model files on disk: where they live, downloading on first use (progress on stderr, into a
 * `.part` file renamed into place only when complete and verified, resumed with an HTTP Range
 * request), and checksum verification.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { InputError, OutputError } from "../core/errors.ts";
import { defaultModelsDir, type PerceptionConfig } from "./config.ts";
import type { ModelFile, ModelSpec } from "./registry.ts";
import { ensureConverted, isConversionValid, tfliteSourcePath } from "./tflite/cache.ts";

/** Download progress: bytes so far and the total when the server says it. */
export type ProgressFn = (done: number, total: number | undefined) => void;

/** Options of {@link downloadFile}. */
export interface DownloadOptions {
  /** Accepted sha256 digests; empty or absent = not verified. */
  sha256?: string[];
  /** Called as bytes arrive. */
  onProgress?: ProgressFn;
  /** Aborts the transfer; the partial file stays for a later resume. */
  signal?: AbortSignal;
}

/** Streaming sha256 of a file, hex. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  using file = await Deno.open(path, { read: true });
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const st = await Deno.stat(path);
    return st.isFile ? st.size : undefined;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/**
 * Downloads `url` to `dest`: bytes go to `dest.part` (resumed from its current length with an
 * HTTP Range request when it exists), the digest is checked when known, and only then is the
 * file renamed to `dest`. An interrupted transfer leaves `dest.part` and throws; calling again
 * resumes it. A checksum mismatch deletes the partial file and throws. The destination folder
 * is created only when the server answers with the file.
 */
export async function downloadFile(url: string, dest: string, opts: DownloadOptions = {}) {
  const part = `${dest}.part`;
  const dir = dest.slice(0, Math.max(0, dest.lastIndexOf("/")));
  let have = (await sizeOf(part)) ?? 0;
  const headers: Record<string, string> = have > 0 ? { Range: `bytes=${have}-` } : {};
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: opts.signal });
  } catch (e) {
    throw new InputError(dest, `cannot download ${url}: ${(e as Error).message}`);
  }
  if (res.status === 416 && have > 0) {
    // The partial file already holds every byte; verification below decides.
    await res.body?.cancel();
  } else if (res.ok) {
    const resumed = res.status === 206 && have > 0;
    if (!resumed) have = 0; // server ignored the range: start over
    const length = Number(res.headers.get("content-length") ?? NaN);
    const total = Number.isFinite(length) ? have + length : undefined;
    // The folder is made only once the server answers: a failed download leaves nothing behind.
    if (dir) await Deno.mkdir(dir, { recursive: true });
    using file = await Deno.open(part, {
      write: true,
      create: true,
      append: resumed,
      truncate: !resumed,
    });
    let done = have;
    try {
      for await (const chunk of res.body ?? []) {
        // A failed write (disk full) is the destination's fault, not the download's.
        await writeAll(file, chunk).catch((e) => {
          throw new OutputError(part, e, "free some space, then run the same command to resume");
        });
        done += chunk.length;
        opts.onProgress?.(done, total);
      }
    } catch (e) {
      if (e instanceof OutputError) throw e;
      throw new InputError(
        dest,
        `download of ${url} interrupted after ${done} bytes: ${(e as Error).message}`,
        "run the same command again to resume",
      );
    }
    if (total !== undefined && done < total) {
      throw new InputError(
        dest,
        `download of ${url} ended after ${done} of ${total} bytes`,
        "run the same command again to resume",
      );
    }
  } else {
    await res.body?.cancel();
    throw new InputError(dest, `cannot download ${url}: HTTP ${res.status} ${res.statusText}`);
  }
  const known = opts.sha256 ?? [];
  if (known.length > 0) {
    const got = await sha256File(part);
    if (!known.includes(got)) {
      await Deno.remove(part);
      throw new InputError(
        dest,
        `checksum mismatch for ${url}: sha256 ${got}, expected ${known.join(" or ")}`,
        "the download was corrupted or the file changed upstream; the partial file was deleted",
      );
    }
  }
  await Deno.rename(part, dest);
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += await file.write(bytes.subarray(off));
}

/** A progress printer for stderr: one line, redrawn on a terminal, every 10 % otherwise. */
export function stderrProgress(label: string): ProgressFn {
  const tty = Deno.stderr.isTerminal();
  const enc = new TextEncoder();
  let lastStep = -1;
  return (done, total) => {
    const mb = (n: number) => (n / 2 ** 20).toFixed(1);
    const pct = total ? Math.floor(done / total * 100) : undefined;
    const step = pct === undefined ? Math.floor(done / 2 ** 23) : Math.floor(pct / 10);
    if (!tty && step === lastStep && done !== total) return;
    lastStep = step;
    const text = `downloading ${label}: ${mb(done)}${total ? `/${mb(total)}` : ""} MiB` +
      (pct === undefined ? "" : ` (${pct}%)`);
    const end = done === total ? "\n" : tty ? "" : "\n";
    Deno.stderr.writeSync(enc.encode(tty ? `\r${text}${end}` : `${text}${end}`));
  };
}

/** Absolute path of a model file in the models directory. */
export function filePath(cfg: Pick<PerceptionConfig, "modelsDir">, file: ModelFile): string {
  return `${cfg.modelsDir}/${file.name}`;
}

/** The error for a file that is missing and cannot be downloaded now. */
export function missingFileError(
  spec: ModelSpec,
  file: ModelFile,
  cfg: Pick<PerceptionConfig, "modelsDir" | "offline">,
): InputError {
  const where = file.url ? `download ${file.url}` : `no public download: ${spec.source}`;
  const why = file.url && cfg.offline ? " (offline: SPATIAL_OFFLINE is set)" : "";
  return new InputError(
    spec.id,
    `model file ${file.name} not found in ${cfg.modelsDir}${why}`,
    `${where}; put it at ${filePath(cfg, file)} (or set SPATIAL_MODELS_DIR), ` +
      `or run: deno task models pull ${spec.id}`,
  );
}

/**
 * Makes sure every required file of a model is on disk, downloading what is missing when a URL
 * is known and downloads are allowed; returns the path of the first file (the ONNX graph, or
 * the transformers.js model folder's config for transformers.js models).
 */
export async function ensureModel(
  spec: ModelSpec,
  cfg: Pick<PerceptionConfig, "modelsDir" | "offline">,
  onProgress: (file: ModelFile) => ProgressFn = (f) => stderrProgress(f.name),
): Promise<string> {
  let first = filePath(cfg, spec.files[0]);
  for (const file of spec.files) {
    const path = filePath(cfg, file);
    if (file.tflite) {
      const converted = await ensureConvertedSomewhere(file, cfg);
      if (file === spec.files[0]) first = converted;
      continue;
    }
    if ((await sizeOf(path)) !== undefined) continue;
    if (!file.url || cfg.offline) {
      if (file.optional) continue;
      throw missingFileError(spec, file, cfg);
    }
    try {
      await downloadFile(file.url, path, { sha256: file.sha256, onProgress: onProgress(file) });
    } catch (e) {
      if (file.optional) continue;
      const reason = e instanceof InputError ? e.reason : (e as Error).message;
      throw new InputError(
        spec.id,
        `${reason}`,
        `put ${file.name} at ${path} by hand (from ${file.url}), or try again later`,
      );
    }
  }
  return first;
}

/**
 * A converted TFLite model's path: in the models directory, or — when that cannot be written
 * (a read-only shared folder) — in the per-user cache, then a temporary folder.
 */
async function ensureConvertedSomewhere(
  file: ModelFile,
  cfg: Pick<PerceptionConfig, "modelsDir">,
): Promise<string> {
  const dirs = [cfg.modelsDir, defaultModelsDir()];
  let firstError: unknown;
  for (const dir of dirs) {
    try {
      return await ensureConverted(file.tflite!, filePath({ modelsDir: dir }, file));
    } catch (e) {
      if (e instanceof InputError) throw e; // the source itself is wrong: no other place helps
      firstError ??= e;
    }
  }
  try {
    const tmp = `${Deno.env.get("TMPDIR") ?? "/tmp"}/spatial-reasoner-models`;
    return await ensureConverted(file.tflite!, filePath({ modelsDir: tmp }, file));
  } catch {
    throw new InputError(
      file.name,
      `cannot write the converted model: ${(firstError as Error).message}`,
      "set SPATIAL_MODELS_DIR to a writable folder",
    );
  }
}

/**
 * Whether every required file of a model is present (no download, no hashing); a converted
 * TFLite model counts as present when its source is installed (it is converted on first use).
 */
export async function isModelPresent(
  spec: ModelSpec,
  cfg: Pick<PerceptionConfig, "modelsDir">,
): Promise<boolean> {
  for (const f of spec.files) {
    const path = f.tflite ? tfliteSourcePath(f.tflite) : filePath(cfg, f);
    if (!f.optional && (await sizeOf(path)) === undefined) return false;
  }
  return true;
}

/** One file's state on disk. */
export interface FileStatus {
  name: string;
  path: string;
  present: boolean;
  bytes?: number;
  sha256?: string;
  /** true: digest matches a known one; false: it does not; undefined: nothing to compare. */
  verified?: boolean;
}

/**
 * Hashes every present file of a model and compares with the known digests; a converted TFLite
 * model is verified against its conversion manifest.
 */
export async function verifyModel(
  spec: ModelSpec,
  cfg: Pick<PerceptionConfig, "modelsDir">,
): Promise<FileStatus[]> {
  const out: FileStatus[] = [];
  for (const f of spec.files) {
    const path = filePath(cfg, f);
    const bytes = await sizeOf(path);
    if (bytes === undefined) {
      out.push({ name: f.name, path, present: false });
      continue;
    }
    const sha256 = await sha256File(path);
    const verified = f.tflite
      ? await isConversionValid(f.tflite, path)
      : f.sha256.length
      ? f.sha256.includes(sha256)
      : undefined;
    out.push({
      name: f.name,
      path,
      present: true,
      bytes,
      sha256,
      ...(verified === undefined ? {} : { verified }),
    });
  }
  return out;
}
