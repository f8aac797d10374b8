/**
 * `deno task export --in FILE.jsonl --format sr-cot|llava|messages|llamafactory --out FILE.jsonl
 * [--frame ours|spatialreasoner] [--image-root DIR] [--category NAME]`: converts traces (from
 * `ask --trace-out`) and generated data (`--format sr-cot` files) into a training format. The
 * SR-CoT text is re-rendered from each trace, so `--frame` may differ from the input's.
 *
 * Exit codes: 0 written, 2 bad flags or input, 3 nothing could be converted.
 *
 * @module
 */
import { checkOutputPath } from "../core/output_path.ts";
import { OutputError } from "../core/errors.ts";
import { readJsonLines } from "../agent/trace_jsonl.ts";
import { isTrace } from "../agent/trace_jsonl.ts";
import type { Trace } from "../agent/trace.ts";
import { defaultRegistry } from "../tools/index.ts";
import { convertRecord } from "../sft/export.ts";
import { isSrCotRecord, type SrCotRecord } from "../sft/record.ts";
import { recordFromInput } from "../sft/sample.ts";
import {
  HELP_FLAG,
  noPositionals,
  parseFlags,
  printHelp,
  requiredFlag,
  stringFlag,
} from "./args.ts";
import { FORMAT_FLAGS, formatFlags } from "./format_flags.ts";

const USAGE = `usage: deno task export --in FILE.jsonl --format NAME --out FILE.jsonl [options]

Converts traces (written by ask --trace-out) and sr-cot records (generate --format sr-cot) into
a training format. The SR-CoT text is re-rendered from each trace, so --frame may differ from
the input's. Other training formats cannot be read back: convert from the sr-cot file or the
traces. See docs/data.md.

  --in FILE.jsonl       traces and/or sr-cot records (required)
  --format NAME         sr-cot, llava, messages or llamafactory (required)
  --out FILE.jsonl      output (required); written whole (a temporary file, then renamed)
  --frame NAME          frame of the vectors in the SR-CoT text: ours (default) or spatialreasoner;
                        llamafactory needs ours
  --image-root DIR      image paths in the records are made relative to DIR (default: as read)
  --category NAME       category given to traces (default: unknown); sr-cot records keep theirs
  -h, --help            this help

exit codes: 0 written, 2 bad flags or input file, 3 nothing could be converted,
            1 unexpected failure`;

/** Exit code when no input line could be converted. */
export const EXIT_NOTHING_CONVERTED = 3;

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    in: { type: "string" },
    out: { type: "string" },
    "image-root": { type: "string" },
    category: { type: "string" },
    ...FORMAT_FLAGS,
    ...HELP_FLAG,
  }, USAGE);
  if (printHelp(values, USAGE)) return 0;
  noPositionals(positionals, USAGE);
  const input = requiredFlag(values, "in", USAGE);
  const out = requiredFlag(values, "out", USAGE);
  const { format, frame } = formatFlags(values);
  await checkOutputPath(out, "--out");
  const { records, bad, torn } = await readJsonLines(
    input,
    (x): x is Trace | SrCotRecord => isTrace(x) || isSrCotRecord(x),
  );
  if (bad.length) {
    // One line for all of them: a file in another training format is bad on every line.
    const lines = bad.length === 1 ? `line ${bad[0].line} is` : `${bad.length} lines are`;
    console.error(
      `${input}: ${lines} not a trace or an sr-cot record, skipped (first: line ${bad[0].line}: ` +
        `${bad[0].text.slice(0, 80)}); convert from the sr-cot file or the traces, not from ` +
        "another training format",
    );
  }
  if (torn) console.error(`${input}:${torn.line}: torn last line (an interrupted write), skipped`);
  const tools = defaultRegistry().functionSchemas();
  const imageRoot = stringFlag(values, "image-root");
  const category = stringFlag(values, "category");
  const lines: string[] = [];
  let unanswered = 0;
  for (const x of records) {
    const rec = recordFromInput(x, { frame, ...(category ? { category } : {}) });
    if (!rec) {
      unanswered++;
      continue;
    }
    lines.push(
      JSON.stringify(
        convertRecord(rec, format, { tools, ...(imageRoot ? { imageRoot } : {}) }),
      ),
    );
  }
  if (unanswered) console.error(`${unanswered} unanswered traces skipped (no answer to train on)`);
  // Whole file or nothing: write beside, then rename.
  const tmp = `${out}.tmp`;
  try {
    await Deno.writeTextFile(tmp, lines.map((l) => l + "\n").join(""));
    await Deno.rename(tmp, out);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw new OutputError(out, e);
  }
  console.error(`${out}: ${lines.length} ${format} records from ${records.length} inputs`);
  return lines.length ? 0 : EXIT_NOTHING_CONVERTED;
}
