/**
 * A resumable JSONL output: records are committed one unit of work (one image, one scene) at a
 * time, in input order. Each commit is one write of whole lines to the output, a data sync, then
 * one line in a progress log beside it (`OUT.progress.jsonl`) holding the output's size after the
 * commit. On reopening, the output is cut back to the last committed size, which drops a torn
 * last line and any lines of a unit that was not committed (a kill -9 between the two writes),
 * so a rerun continues exactly where the last commit left off and writes no duplicate.
 *
 * The log is read as a prefix: it ends at the first line that is torn, unparseable, out of order
 * or repeated, and every unit after that line is redone (with the output cut back to match), so a
 * damaged log never duplicates or loses a record. A failed write (disk full, an I/O error) is an
 * {@link OutputError}: the output and the log are cut back to the last commit, the log refuses
 * further commits, and a rerun resumes from there — it is never recorded as a unit's error.
 *
 * @module
 */
import { InputError, OutputError } from "../core/errors.ts";
import { checkOutputPath } from "../core/output_path.ts";
import { appendJsonLine } from "../agent/trace_jsonl.ts";

/** The first line of a progress log: the settings the output was made with. */
export interface RunHeader {
  kind: "run";
  /** Settings that must match for a resume (seed, format, frame, …). */
  settings: Record<string, unknown>;
  /** ISO time the output was started. */
  started: string;
}

/** One committed unit of work. */
export interface CommitEntry<S = unknown> {
  kind: "commit";
  /** The unit's key (an input path relative to the input directory). */
  key: string;
  /** Output size in bytes after this commit. */
  bytes: number;
  /** Records written for this unit. */
  records: number;
  /** `error`: the unit failed and was skipped (its error is kept, no records written). */
  status: "ok" | "error";
  /** Why it failed. */
  error?: string;
  /** Per-unit statistics, summed into the closing summary. */
  stats?: S;
}

/** An output opened for appending commits. */
export interface CommitLog<S> {
  /** Path of the progress log. */
  readonly progressPath: string;
  /** Units already committed (from an earlier run), in commit order. */
  readonly done: readonly CommitEntry<S>[];
  /** True when earlier work was found and kept. */
  readonly resumed: boolean;
  /** Set when the progress log was damaged: where, and how many commits are redone. */
  readonly repaired?: string;
  /**
   * Writes `lines` (each one JSON record, no newline) and records the commit. A failed write
   * throws an {@link OutputError} after cutting both files back to the last commit.
   */
  commit(
    key: string,
    lines: readonly string[],
    info: { status: "ok" | "error"; error?: string; stats?: S },
  ): Promise<CommitEntry<S>>;
  /** Closes the output file. */
  close(): void;
}

const encoder = new TextEncoder();

/** Path of the progress log of an output file. */
export function progressPathOf(out: string): string {
  return `${out}.progress.jsonl`;
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await Deno.stat(path)).size;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/**
 * Opens `out` for committed appends. A fresh start needs `out` to be absent or empty (or
 * `overwrite`); a resume needs the progress log's settings to equal `settings`.
 */
export async function openCommitLog<S>(
  out: string,
  settings: Record<string, unknown>,
  opts: { overwrite?: boolean } = {},
): Promise<CommitLog<S>> {
  const progressPath = progressPathOf(out);
  await checkOutputPath(out, "--out");
  await checkOutputPath(progressPath, "--out");
  let repaired: string | undefined;
  const outSize = await fileSize(out);
  const progressText = opts.overwrite ? undefined : await readIfExists(progressPath);
  let done: CommitEntry<S>[] = [];
  if (progressText === undefined) {
    if (outSize && !opts.overwrite) {
      throw new InputError(
        out,
        "already exists and has no progress log, so it cannot be resumed",
        "choose another --out, delete the file, or pass --overwrite",
      );
    }
    const header: RunHeader = { kind: "run", settings, started: new Date().toISOString() };
    try {
      await Deno.writeTextFile(progressPath, JSON.stringify(header) + "\n");
      await Deno.writeFile(out, new Uint8Array());
    } catch (e) {
      throw new OutputError(out, e, "free some space, then rerun the same command");
    }
  } else {
    const log = readProgress(progressText);
    const header = log.header;
    if (!header) {
      throw new InputError(progressPath, "is not a progress log (no run header)");
    }
    const want = JSON.stringify(settings);
    if (JSON.stringify(header.settings) !== want) {
      throw new InputError(
        out,
        `was started with other settings ${JSON.stringify(header.settings)}; now ${want}`,
        "rerun with the same settings to resume, or choose another --out",
      );
    }
    done = log.done as CommitEntry<S>[];
    repaired = log.repaired;
    const committed = done.at(-1)?.bytes ?? 0;
    if ((outSize ?? 0) < committed) {
      throw new InputError(
        out,
        `is shorter (${outSize ?? 0} bytes) than its progress log says (${committed})`,
        `delete ${out} and ${progressPath} to start again`,
      );
    }
    // Rewrite the log without a torn or damaged tail, then cut the output back to the last commit.
    const clean = [header, ...done].map((r) => JSON.stringify(r) + "\n").join("");
    const tmp = `${progressPath}.tmp`;
    try {
      if (clean !== progressText) {
        await Deno.writeTextFile(tmp, clean);
        await Deno.rename(tmp, progressPath);
      }
      if (outSize !== committed) await Deno.truncate(out, committed);
    } catch (e) {
      await Deno.remove(tmp).catch(() => {});
      throw new OutputError(progressPath, e, "free some space, then rerun the same command");
    }
  }
  const file = await Deno.open(out, { write: true, create: true });
  let size = (await file.stat()).size;
  await file.seek(size, Deno.SeekMode.Start);
  let failed: OutputError | undefined;
  return {
    progressPath,
    done,
    resumed: done.length > 0,
    ...(repaired ? { repaired } : {}),
    async commit(key, lines, info) {
      if (failed) throw failed;
      const before = size;
      const bytes = encoder.encode(lines.map((l) => l + "\n").join(""));
      const entry: CommitEntry<S> = {
        kind: "commit",
        key,
        bytes: before + bytes.length,
        records: lines.length,
        status: info.status,
        ...(info.error !== undefined ? { error: info.error } : {}),
        ...(info.stats !== undefined ? { stats: info.stats } : {}),
      };
      try {
        let written = 0;
        while (written < bytes.length) written += await file.write(bytes.subarray(written));
        if (bytes.length) await file.syncData();
        // appendJsonLine cuts the log back itself when its write fails.
        await appendJsonLine(progressPath, entry);
      } catch (e) {
        // Cut the output back to the last commit, so that no partial line stays in it.
        await file.truncate(before).catch(() => {});
        await file.seek(before, Deno.SeekMode.Start).catch(() => {});
        failed = new OutputError(
          out,
          e,
          "free some space, then rerun the same command: it resumes from the last commit",
        );
        throw failed;
      }
      size = entry.bytes;
      return entry;
    },
    close: () => file.close(),
  };
}

/** What a progress log holds: the header and the longest sound prefix of commits. */
function readProgress(
  text: string,
): { header?: RunHeader; done: CommitEntry[]; repaired?: string } {
  const lines = text.split("\n");
  // A final line without a newline is torn (a kill mid-write) and silently dropped.
  if (!text.endsWith("\n")) lines.pop();
  let header: RunHeader | undefined;
  const done: CommitEntry[] = [];
  const keys = new Set<string>();
  let bytes = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    let entry: unknown;
    try {
      entry = JSON.parse(lines[i]);
    } catch {
      entry = undefined;
    }
    if (!header) {
      if ((entry as RunHeader | undefined)?.kind !== "run") return { done };
      header = entry as RunHeader;
      continue;
    }
    const c = entry as CommitEntry | undefined;
    const sound = c?.kind === "commit" && typeof c.key === "string" && !keys.has(c.key) &&
      Number.isInteger(c.bytes) && c.bytes >= bytes &&
      Number.isInteger(c.records) && (c.status === "ok" || c.status === "error");
    if (!sound) {
      const rest = lines.slice(i).filter((l) => l.trim() !== "").length;
      return {
        header,
        done,
        repaired: `progress log damaged at line ${i + 1}: ${rest} line(s) from there are ` +
          `dropped and their inputs redone from byte ${bytes} of the output`,
      };
    }
    keys.add(c.key);
    bytes = c.bytes;
    done.push(c);
  }
  return { header, done };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw new InputError(path, `cannot read: ${(e as Error).message}`);
  }
}
