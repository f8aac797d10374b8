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
import { InputError } from "../core/errors.ts";
import { readJsonLines } from "../agent/trace_jsonl.ts";
import { isTrace } from "../agent/trace_jsonl.ts";
import type { Trace } from "../agent/trace.ts";
import { defaultRegistry } from "../tools/index.ts";
import { convertRecord, type Format, FORMATS } from "../sft/export.ts";
import { FRAME_NAMES, type FrameName, isSrCotRecord, type SrCotRecord } from "../sft/record.ts";
import { recordFromInput } from "../sft/sample.ts";
import { parseFlags, stringFlag } from "./args.ts";

const USAGE = `usage: deno task export --in FILE.jsonl --format sr-cot|llava|messages|llamafactory
  --out FILE.jsonl [--frame ours|spatialreasoner] [--image-root DIR] [--category NAME]`;

/** Exit code when no input line could be converted. */
export const EXIT_NOTHING_CONVERTED = 3;

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    in: { type: "string" },
    out: { type: "string" },
    format: { type: "string" },
    frame: { type: "string" },
    "image-root": { type: "string" },
    category: { type: "string" },
    help: { type: "boolean", short: "h" },
  }, USAGE);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length) throw new InputError(positionals[0], "unexpected argument", USAGE);
  const input = stringFlag(values, "in");
  const out = stringFlag(values, "out");
  const format = stringFlag(values, "format");
  if (!input) throw new InputError("--in", "is required", USAGE);
  if (!out) throw new InputError("--out", "is required", USAGE);
  if (!format || !(FORMATS as readonly string[]).includes(format)) {
    throw new InputError("--format", `must be one of ${FORMATS.join(", ")}, got "${format}"`);
  }
  const frame = (stringFlag(values, "frame") ?? "ours") as FrameName;
  if (!FRAME_NAMES.includes(frame)) {
    throw new InputError("--frame", `must be one of ${FRAME_NAMES.join(", ")}, got "${frame}"`);
  }
  if (format === "llamafactory" && frame !== "ours") {
    throw new InputError("--frame", "llamafactory records hold tool calls, which are in our frame");
  }
  const { records, bad, torn } = await readJsonLines(
    input,
    (x): x is Trace | SrCotRecord => isTrace(x) || isSrCotRecord(x),
  );
  for (const b of bad) {
    console.error(
      `${input}:${b.line}: not a trace or an sr-cot record, skipped (convert from the sr-cot ` +
        `file or the traces, not from another training format): ${b.text}`,
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
        convertRecord(rec, format as Format, { tools, ...(imageRoot ? { imageRoot } : {}) }),
      ),
    );
  }
  if (unanswered) console.error(`${unanswered} unanswered traces skipped (no answer to train on)`);
  // Whole file or nothing: write beside, then rename.
  const tmp = `${out}.tmp`;
  await Deno.writeTextFile(tmp, lines.map((l) => l + "\n").join(""));
  await Deno.rename(tmp, out);
  console.error(`${out}: ${lines.length} ${format} records from ${records.length} inputs`);
  return lines.length ? 0 : EXIT_NOTHING_CONVERTED;
}
