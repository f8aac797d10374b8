/**
 * The one way a command reads a file named by a user: it must be a regular file (not a FIFO, a
 * device such as `/dev/zero`, or a directory), no larger than a cap, and it is read with a bound
 * even when its size is misreported (`/proc` files say 0). Every failure is an
 * {@link InputError} naming the path.
 *
 * @module
 */
import { InputError } from "./errors.ts";

/** 64 MiB: the default cap for a scene, label, trace or depth file. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 2 ** 20;

/**
 * 512 MiB: the cap for text files that may embed images (a 3DSRBench TSV, a JSONL of traces),
 * just under the longest string the JavaScript engine can hold.
 */
export const MAX_TEXT_BYTES = 512 * 2 ** 20;

/** How to read and describe one input file. */
export interface InputFileOptions {
  /** Largest file accepted, bytes (default {@link DEFAULT_MAX_INPUT_BYTES}). */
  maxBytes?: number;
  /** What the file is, for messages: `image`, `scene`, … (default `file`). */
  what?: string;
}

/** Reads `path` as bytes after checking that it is a regular file within the size cap. */
export async function readInputFile(
  path: string,
  opts: InputFileOptions = {},
): Promise<Uint8Array> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const what = opts.what ?? "file";
  const tooBig = (n: number | string) =>
    new InputError(path, `${what} is ${n} bytes, more than the limit of ${maxBytes}`);
  let file: Deno.FsFile | undefined;
  try {
    const info = await Deno.stat(path);
    if (!info.isFile) {
      throw new InputError(
        path,
        `${what} is ${info.isDirectory ? "a directory" : "not a regular file"}`,
        "give the path of a file",
      );
    }
    if (info.size > maxBytes) throw tooBig(info.size);
    file = await Deno.open(path, { read: true });
    // Read to the cap plus one byte: a file that grows or misreports its size is still bounded.
    const chunks: Uint8Array[] = [];
    let total = 0;
    while (true) {
      const buf = new Uint8Array(Math.min(1 << 20, maxBytes + 1 - total));
      const n = await file.read(buf);
      if (n === null) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooBig(`over ${maxBytes}`);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (e instanceof Deno.errors.NotFound) {
      throw new InputError(path, `${what} file not found`, "check the path");
    }
    throw new InputError(path, `cannot read ${what}: ${(e as Error).message}`);
  } finally {
    file?.close();
  }
}

/** Reads `path` as UTF-8 text with the checks of {@link readInputFile}. */
export async function readInputText(path: string, opts: InputFileOptions = {}): Promise<string> {
  const bytes = await readInputFile(path, opts);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(path, `${opts.what ?? "file"} is not UTF-8 text`);
  }
}

/** Reads and parses `path` as JSON with the checks of {@link readInputFile}. */
export async function readInputJson(path: string, opts: InputFileOptions = {}): Promise<unknown> {
  const text = await readInputText(path, opts);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(path, `not valid JSON: ${(e as Error).message}`);
  }
}
