/**
 * A resumable JSONL output: records are committed one unit of work (one image, one scene) at a
 * time, in input order. Each commit is one write of whole lines to the output, a data sync, then
 * one line in a progress log beside it (`OUT.progress.jsonl`) holding the output's size after the
 * commit. On reopening, the output is cut back to the last committed size, which drops a torn
 * last line and any lines of a unit that was not committed (a kill -9 between the two writes),
 * so a rerun continues exactly where the last commit left off and writes no duplicate.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { appendJsonLine, parseJsonLines } from "../agent/trace_jsonl.ts";

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
  /** Writes `lines` (each one JSON record, no newline) and records the commit. */
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
    } catch (e) {
      throw new InputError(out, `cannot write beside it: ${(e as Error).message}`);
    }
    await Deno.writeFile(out, new Uint8Array());
  } else {
    const { records } = parseJsonLines(progressText);
    const header = records[0] as RunHeader | undefined;
    if (header?.kind !== "run") {
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
    done = records.slice(1).filter((r): r is CommitEntry<S> =>
      (r as CommitEntry<S>).kind === "commit"
    );
    const committed = done.at(-1)?.bytes ?? 0;
    if ((outSize ?? 0) < committed) {
      throw new InputError(
        out,
        `is shorter (${outSize ?? 0} bytes) than its progress log says (${committed})`,
        `delete ${out} and ${progressPath} to start again`,
      );
    }
    // Rewrite the log without a torn line, then cut the output back to the last commit.
    const clean = [header, ...done].map((r) => JSON.stringify(r) + "\n").join("");
    const tmp = `${progressPath}.tmp`;
    await Deno.writeTextFile(tmp, clean);
    await Deno.rename(tmp, progressPath);
    await Deno.truncate(out, committed);
  }
  const file = await Deno.open(out, { write: true, create: true });
  let size = (await file.stat()).size;
  await file.seek(size, Deno.SeekMode.Start);
  return {
    progressPath,
    done,
    resumed: done.length > 0,
    async commit(key, lines, info) {
      if (lines.length) {
        const bytes = encoder.encode(lines.map((l) => l + "\n").join(""));
        let written = 0;
        while (written < bytes.length) written += await file.write(bytes.subarray(written));
        await file.syncData();
        size += bytes.length;
      }
      const entry: CommitEntry<S> = {
        kind: "commit",
        key,
        bytes: size,
        records: lines.length,
        status: info.status,
        ...(info.error !== undefined ? { error: info.error } : {}),
        ...(info.stats !== undefined ? { stats: info.stats } : {}),
      };
      await appendJsonLine(progressPath, entry);
      return entry;
    },
    close: () => file.close(),
  };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw new InputError(path, `cannot read: ${(e as Error).message}`);
  }
}
