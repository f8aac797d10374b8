/**
 * `deno task generate (--images DIR | --scenes DIR) --out FILE.jsonl [options]`: SR-CoT training
 * data at scale. Perception runs once per image (up to `--concurrency` images at a time); questions
 * are generated and committed in input order, so the output is the same for the same seed however
 * it is run, and a rerun after a crash or kill -9 continues where the last commit left off.
 * See docs/data.md.
 *
 * Exit codes: 0 done (bad inputs are reported and skipped), 2 bad flags, input directory or
 * output path, 3 no input could be used, 1 the output could not be written (disk full): the run
 * stops at once, the output is cut back to its last commit, and a rerun resumes from there.
 *
 * @module
 */
import { resolve } from "node:path";
import { errorMessage, InputError } from "../core/errors.ts";
import { CATEGORIES, type Category } from "../agent/rules/query.ts";
import { configurePerception, threadsFor } from "../models/config.ts";
import { defaultRegistry } from "../tools/index.ts";
import { type CommitEntry, openCommitLog } from "../sft/commit_log.ts";
import { convertRecord } from "../sft/export.ts";
import {
  addStats,
  type BalanceCounts,
  emptyStats,
  generateForScene,
  type GenerateSettings,
  type SceneStats,
} from "../sft/generate.ts";
import { type InputUnit, listImages, listScenes, prepareUnit } from "../sft/inputs.ts";
import { startProgress } from "../sft/progress.ts";
import { formatSummary } from "../sft/summary.ts";
import {
  choiceListFlag,
  HELP_FLAG,
  helpHint,
  integerFlag,
  noPositionals,
  parseFlags,
  printHelp,
  requiredFlag,
  stringFlag,
} from "./args.ts";
import { FORMAT_FLAGS, formatFlags } from "./format_flags.ts";
import { distributed, QUEUE_FLAGS, QUEUE_USAGE } from "./queue_flags.ts";

const USAGE = `usage: deno task generate (--images DIR | --scenes DIR) --out FILE.jsonl [options]

Generates SR-CoT training data: questions about each image or scene, answered by the rule
planner with the full trace, written as training records. Resumable: a rerun with the same flags
continues where the last one stopped. See docs/data.md.

input (exactly one):
  --images DIR          every image under DIR (recursive, sorted); perception runs once per image
  --scenes DIR          every scene under DIR: scene JSON, Super-CLEVR scenes, KITTI folders,
                        SpatialLM layouts (.txt, asked from the doorway)
output:
  --out FILE.jsonl      output file (required); its progress log is FILE.progress.jsonl
  --format NAME         sr-cot (default), llava, messages, llamafactory
  --frame NAME          frame of the vectors in the SR-CoT text: ours (default) or spatialreasoner
                        (+x left, +y up, +z forward); llamafactory needs ours
  --image-root DIR      image paths in records are relative to DIR (default: the input DIR)
  --overwrite           start afresh when FILE exists without a progress log (default: refuse)
questions:
  --per-image N         base questions per image or scene (default 10), each with its variants
  --seed S              seed, a number or a string (default 0); same seed, same output
  --variants LIST       circular,flip (default), circular, flip or none: CircularEval / FlipEval
  --categories LIST     only these categories, comma-separated (default: all; docs/data.md)
running:
  --concurrency K       images perceived at once (default 2); never changes the output
  --quiet               no progress bar on stderr
  -h, --help            this help
${QUEUE_USAGE}

exit codes: 0 done (bad inputs are reported and skipped), 2 bad flags or input directory,
            3 no input could be used, 4 a distributed run is incomplete (failed jobs or missing
            shards), 1 unexpected failure`;

const VARIANTS = ["circular", "flip", "none"] as const;

/** Exit code when not one input could be used. */
export const EXIT_NOTHING_USABLE = 3;

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    images: { type: "string" },
    scenes: { type: "string" },
    out: { type: "string" },
    "per-image": { type: "string" },
    seed: { type: "string" },
    concurrency: { type: "string" },
    "image-root": { type: "string" },
    variants: { type: "string" },
    categories: { type: "string" },
    overwrite: { type: "boolean" },
    quiet: { type: "boolean" },
    ...FORMAT_FLAGS,
    ...QUEUE_FLAGS,
    ...HELP_FLAG,
  }, USAGE);
  if (printHelp(values, USAGE)) return 0;
  noPositionals(positionals, USAGE);
  const imagesDir = stringFlag(values, "images");
  const scenesDir = stringFlag(values, "scenes");
  if (!imagesDir === !scenesDir) {
    throw new InputError(
      "--images",
      "give exactly one of --images DIR or --scenes DIR",
      helpHint(USAGE),
    );
  }
  const out = requiredFlag(values, "out", USAGE);
  const { format, frame } = formatFlags(values, "sr-cot");
  const variants = choiceListFlag(values, "variants", VARIANTS, ["circular", "flip"]);
  const categories = choiceListFlag<Category>(values, "categories", CATEGORIES);
  const seedRaw = stringFlag(values, "seed") ?? "0";
  const settings: GenerateSettings = {
    seed: /^-?\d+$/.test(seedRaw) ? Number(seedRaw) : seedRaw,
    perImage: integerFlag(values, "per-image", 1, 10_000) ?? 10,
    frame,
    circular: variants.includes("circular"),
    flip: variants.includes("flip"),
    ...(categories ? { categories } : {}),
  };
  const concurrency = integerFlag(values, "concurrency", 1, 256) ?? 2;
  // Up to `concurrency` images are perceived at once: share the cores among their sessions.
  if (Deno.env.get("SPATIAL_THREADS") === undefined) {
    configurePerception({ threads: threadsFor(concurrency) });
  }
  const inputDir = (imagesDir ?? scenesDir)!;
  const imageRoot = stringFlag(values, "image-root") ?? inputDir;

  const units = imagesDir ? await listImages(imagesDir) : await listScenes(scenesDir!);
  if (units.length === 0) {
    throw new InputError(
      imagesDir ? "--images" : "--scenes",
      `${inputDir} holds no ${imagesDir ? "images" : "scene files or KITTI label folders"}`,
    );
  }
  // Everything that changes the output must match for a resume; concurrency does not.
  const runSettings = {
    input: `${imagesDir ? "images" : "scenes"}:${resolve(inputDir)}`,
    format,
    image_root: resolve(imageRoot),
    ...settings,
  };
  // --queue/--collect: workers perceive, this process merges their shards (cli/queue_flags.ts).
  const fromShards = await distributed(values, {
    settings: runSettings,
    units,
    out,
    quiet: values.quiet === true,
    unitsLabel: imagesDir ? "images" : "scenes",
  });
  if (typeof fromShards === "number") return fromShards;
  const log = await openCommitLog<SceneStats>(out, runSettings, {
    overwrite: values.overwrite === true,
  });

  const done = new Set(log.done.map((d) => d.key));
  const balance: BalanceCounts = {};
  for (const d of log.done) {
    for (const [cat, counts] of Object.entries(d.stats?.balance ?? {})) {
      const into = balance[cat] ??= {};
      for (const [k, n] of Object.entries(counts)) into[k] = (into[k] ?? 0) + n;
    }
  }
  const todo = units.filter((u) => !done.has(u.key));
  if (log.repaired) console.error(`${out}: ${log.repaired}`);
  if (log.resumed) {
    console.error(`resuming ${out}: ${log.done.length} of ${units.length} inputs already done`);
  }

  const registry = defaultRegistry();
  const tools = registry.functionSchemas();
  const prepare = fromShards ?? ((unit: InputUnit) => prepareUnit(unit, registry, imageRoot));
  const bar = startProgress(units.length, {
    enabled: values.quiet !== true,
    units: imagesDir ? "images" : "scenes",
  });
  const entries: CommitEntry<SceneStats>[] = [...log.done];
  let finished = log.done.length;
  let thisRun = 0;
  let questions = 0;
  bar.update(finished, 0, 0);

  // Perception runs up to `concurrency` units ahead; generation and commits go in input order.
  const prepared: Promise<Awaited<ReturnType<typeof prepareUnit>>>[] = [];
  const start = (i: number) => {
    if (i < todo.length && !prepared[i]) {
      prepared[i] = prepare(todo[i]);
      prepared[i].catch(() => {}); // awaited in order below
    }
  };
  try {
    for (let i = 0; i < Math.min(concurrency, todo.length); i++) start(i);
    for (let i = 0; i < todo.length; i++) {
      const unit: InputUnit = todo[i];
      // Only reading and generating from the input may fail as the input's fault; a failed
      // write of the output is fatal (an OutputError from commit) and is never recorded here.
      let made: { lines: string[]; stats: SceneStats } | { error: string };
      try {
        const input = await prepared[i];
        // On a copy, so that an input failing half-way leaves the run's balance untouched.
        const counts = structuredClone(balance);
        const { records, stats } = await generateForScene(input, settings, counts);
        const lines = records.map((r) => JSON.stringify(convertRecord(r, format, { tools })));
        made = { lines, stats };
        Object.assign(balance, counts);
      } catch (e) {
        // One bad input is reported and skipped, never fatal.
        const message = errorMessage(e);
        console.error(`${Deno.stderr.isTerminal() ? "\n" : ""}skipped ${unit.key}: ${message}`);
        made = { error: message };
      } finally {
        delete prepared[i];
        start(i + concurrency);
      }
      const entry = "error" in made
        ? await log.commit(unit.key, [], { status: "error", error: made.error })
        : await log.commit(unit.key, made.lines, { status: "ok", stats: made.stats });
      questions += entry.stats?.questions ?? 0;
      entries.push(entry);
      finished++;
      thisRun++;
      bar.update(finished, thisRun, questions);
    }
  } finally {
    log.close();
  }
  bar.finish();

  const total = entries.reduce(
    (acc, e) => e.stats ? addStats(acc, e.stats) : acc,
    emptyStats(),
  );
  const errors = entries.filter((e) => e.status === "error");
  console.log(formatSummary(total, {
    inputs: units.length,
    errors: errors.map((e) => ({ key: e.key, error: e.error ?? "" })),
    out,
  }));
  return errors.length === entries.length ? EXIT_NOTHING_USABLE : 0;
}
