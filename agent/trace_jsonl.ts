/**
 * Traces as JSONL: one trace per line, appended. Each line goes out in one write followed by a
 * data sync, so a process killed mid-way leaves at most one torn last line; the next append
 * starts on a fresh line, and the reader reports a torn line instead of failing on it. A write
 * that fails (disk full) is cut back off before the error is thrown, so no partial line stays.
 *
 * @module
 */
import { MAX_TEXT_BYTES, readInputText } from "../core/input_file.ts";
import type { Trace } from "./trace.ts";

const encoder = new TextEncoder();
const NEWLINE = 0x0a;

/**
 * Appends `value` as one JSON line to `path` (created if missing) and syncs it to disk; on a
 * failed write the file is cut back to its size before the call and the error rethrown.
 */
export async function appendJsonLine(path: string, value: unknown): Promise<void> {
  const line = JSON.stringify(value);
  const file = await Deno.open(path, { append: true, create: true, read: true });
  let size: number | undefined;
  try {
    size = (await file.stat()).size;
    // A line torn by an earlier kill must not swallow this one: start on a new line.
    let prefix = "";
    if (size > 0) {
      const last = new Uint8Array(1);
      await file.seek(size - 1, Deno.SeekMode.Start);
      await file.read(last);
      if (last[0] !== NEWLINE) prefix = "\n";
    }
    const bytes = encoder.encode(prefix + line + "\n");
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
    await file.syncData();
  } catch (e) {
    if (size !== undefined) await file.truncate(size).catch(() => {});
    throw e;
  } finally {
    file.close();
  }
}

/** Appends one trace to a JSONL file. */
export function appendTrace(path: string, trace: Trace): Promise<void> {
  return appendJsonLine(path, trace);
}

/** A line that could not be parsed: where it is and its first characters. */
export interface BadLine {
  /** 1-based line number. */
  line: number;
  /** Up to 80 characters of it. */
  text: string;
}

/** What a JSONL file holds. */
export interface JsonlContents<T> {
  /** Every complete record, in file order. */
  records: T[];
  /** Unparseable lines that are not at the end (a torn line later appended past). */
  bad: BadLine[];
  /** The last line, when it is cut short (no newline and not valid JSON). */
  torn?: BadLine;
}

/**
 * Parses JSONL text; blank lines are skipped, bad lines are reported, never thrown. A line that
 * parses but fails `accept` counts as bad.
 */
export function parseJsonLines<T = unknown>(
  text: string,
  accept: (x: unknown) => x is T = (_x): _x is T => true,
): JsonlContents<T> {
  const lines = text.split("\n");
  const endsClean = text.endsWith("\n") || text === "";
  const records: T[] = [];
  const bad: BadLine[] = [];
  let torn: BadLine | undefined;
  lines.forEach((raw, i) => {
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      const entry = { line: i + 1, text: raw.slice(0, 80) };
      if (i === lines.length - 1 && !endsClean) torn = entry;
      else bad.push(entry);
      return;
    }
    if (accept(value)) records.push(value);
    else bad.push({ line: i + 1, text: raw.slice(0, 80) });
  });
  return { records, bad, ...(torn ? { torn } : {}) };
}

/**
 * Reads a JSONL file (see {@link parseJsonLines}); a missing, special or oversized file is an
 * {@link InputError}.
 */
export async function readJsonLines<T = unknown>(
  path: string,
  accept?: (x: unknown) => x is T,
): Promise<JsonlContents<T>> {
  const text = await readInputText(path, { what: "JSONL file", maxBytes: MAX_TEXT_BYTES });
  return parseJsonLines<T>(text, accept);
}

/** True when `x` has the fields every trace has. */
export function isTrace(x: unknown): x is Trace {
  if (!x || typeof x !== "object") return false;
  const t = x as Partial<Trace>;
  return typeof t.id === "string" && t.version === 1 && typeof t.question === "string" &&
    Array.isArray(t.events);
}

/** Reads traces from JSONL; records that are not traces are reported as bad lines. */
export function readTraces(path: string): Promise<JsonlContents<Trace>> {
  return readJsonLines(path, isTrace);
}
