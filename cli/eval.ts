/**
 * `deno task eval --questions FILE [--planner auto|llm|rules] [--model NAME] [--limit N]
 * [--image-root DIR] [--json] [--out FILE.json]`: runs the agent on a question file — 3DSRBench's
 * TSV layout or our generated JSONL (`--format sr-cot`) — and reports accuracy per category, plain
 * and CircularEval + FlipEval, with the planner, models and prompt version recorded beside it.
 *
 * Exit codes: 0 scored, 2 bad flags or question file, 4 `--planner llm` and Ollama unreachable.
 *
 * @module
 */
import { checkOutputPath } from "../core/output_path.ts";
import { MAX_TEXT_BYTES, readInputText } from "../core/input_file.ts";
import { dirname, join } from "node:path";
import { errorMessage, InputError, OutputError } from "../core/errors.ts";
import { ask } from "../agent/ask.ts";
import { DEFAULT_MODEL, probeOllama, resolveHost } from "../agent/ollama.ts";
import { readJsonLines } from "../agent/trace_jsonl.ts";
import { SYSTEM_PROMPT, SYSTEM_PROMPT_VERSION } from "../prompts/system.ts";
import { readKittiDir } from "../scene/kitti.ts";
import type { NormalizedScene } from "../scene/schema.ts";
import {
  type EvalItem,
  type EvalResult,
  formatScores,
  itemsFromRecords,
  itemsFromTsv,
  score,
  summarize,
} from "../sft/eval.ts";
import { readAnyScene } from "../scene/read.ts";
import { startProgress } from "../sft/progress.ts";
import { isSrCotRecord, type SrCotRecord } from "../sft/record.ts";
import { modelsOf } from "../sft/sample.ts";
import {
  choiceFlag,
  HELP_FLAG,
  integerFlag,
  noPositionals,
  parseFlags,
  PLANNERS,
  printHelp,
  requiredFlag,
  stringFlag,
} from "./args.ts";

const USAGE = `usage: deno task eval --questions FILE.tsv|FILE.jsonl [--planner auto|llm|rules]
  [--model NAME] [--limit N] [--image-root DIR] [--json] [--out FILE.json]`;

/** Exit code when `--planner llm` is asked for and Ollama does not answer. */
export const EXIT_LLM_UNAVAILABLE = 4;

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

async function loadItems(path: string): Promise<EvalItem[]> {
  if (path.toLowerCase().endsWith(".tsv")) {
    const text = await readInputText(path, { what: "question file", maxBytes: MAX_TEXT_BYTES });
    return itemsFromTsv(text, path);
  }
  const { records, bad } = await readJsonLines<SrCotRecord>(path, isSrCotRecord);
  if (bad.length) {
    console.error(`${path}: ${bad.length} lines are not sr-cot records and were skipped`);
  }
  if (!records.length) {
    throw new InputError(path, "holds no sr-cot records", "evaluate a --format sr-cot file");
  }
  return itemsFromRecords(records);
}

async function sha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    questions: { type: "string" },
    planner: { type: "string" },
    model: { type: "string" },
    limit: { type: "string" },
    "image-root": { type: "string" },
    json: { type: "boolean" },
    out: { type: "string" },
    quiet: { type: "boolean" },
    ...HELP_FLAG,
  }, USAGE);
  if (printHelp(values, USAGE)) return 0;
  noPositionals(positionals, USAGE);
  const file = requiredFlag(values, "questions", USAGE);
  const requested = choiceFlag(values, "planner", PLANNERS, "auto");
  const limit = integerFlag(values, "limit");
  const model = stringFlag(values, "model") ?? DEFAULT_MODEL;
  const root = stringFlag(values, "image-root") ?? dirname(file);
  const out = stringFlag(values, "out");
  if (out) await checkOutputPath(out, "--out");

  let items = await loadItems(file);
  if (limit !== undefined) {
    // Whole question groups, so the strict score stays meaningful.
    const groups = [...new Set(items.map((i) => i.group))].slice(0, limit);
    const keep = new Set(groups);
    items = items.filter((i) => keep.has(i.group));
  }

  // Decide the planner once, not per question.
  let planner: "llm" | "rules" = requested === "llm" ? "llm" : "rules";
  if (requested !== "rules") {
    const probe = await probeOllama(resolveHost(), model);
    if (probe.ok) planner = "llm";
    else if (requested === "llm") {
      console.error(`error: ${probe.error.message}`);
      return EXIT_LLM_UNAVAILABLE;
    } else console.error(`Ollama unavailable (${probe.error.message}); using the rule planner`);
  }

  const scenes = new Map<string, Promise<NormalizedScene>>();
  const loadScene = (p: string) => {
    if (!scenes.has(p)) {
      scenes.set(
        p,
        Deno.stat(p).then((s) => s.isDirectory ? readKittiDir(p) : readAnyScene(p)),
      );
    }
    return scenes.get(p)!;
  };
  let tempDir: string | undefined;
  const resolveImage = async (image: string) => {
    if (image.length < 1024) {
      for (const c of [image, join(root, image)]) if (await exists(c)) return c;
      throw new InputError(image, "image not found", `looked here and under ${root}`);
    }
    // VLMEvalKit-style TSVs embed the image as base64.
    tempDir ??= await Deno.makeTempDir({ prefix: "eval-images-" });
    const file = join(tempDir, `${await sha256(image)}.img`);
    if (!(await exists(file))) {
      try {
        await Deno.writeFile(file, Uint8Array.from(atob(image), (c) => c.charCodeAt(0)));
      } catch {
        throw new InputError("image", "neither a file path nor base64 image data");
      }
    }
    return file;
  };

  const bar = startProgress(items.length, {
    enabled: values.quiet !== true,
    units: "questions",
    itemUnits: "right",
  });
  const results: EvalResult[] = [];
  const models = new Set<string>();
  let right = 0;
  for (const item of items) {
    let result: EvalResult;
    try {
      const scene = item.scene ? await loadScene(item.scene) : undefined;
      const imagePath = !scene && item.image ? await resolveImage(item.image) : undefined;
      const r = await ask({
        question: item.question,
        ...(item.options?.length ? { options: item.options } : {}),
        ...(scene ? { scene, scenePath: item.scene } : {}),
        ...(imagePath ? { imagePath } : {}),
        planner,
        model,
      });
      for (const m of modelsOf(r.trace)) models.add(m);
      const predicted = r.value === null
        ? null
        : typeof r.value === "boolean"
        ? (r.value ? "yes" : "no")
        : String(r.value);
      result = { item, predicted, correct: score(item, predicted) };
    } catch (e) {
      result = { item, predicted: null, correct: false, error: errorMessage(e) };
    }
    results.push(result);
    if (result.correct) right++;
    bar.update(results.length, results.length, right);
  }
  bar.finish();
  if (tempDir) await Deno.remove(tempDir, { recursive: true });

  const scores = summarize(results);
  const report = {
    questions: file,
    planner,
    planner_requested: requested,
    ...(planner === "llm" ? { llm_model: model } : {}),
    models: [...models],
    prompt: {
      system_prompt_version: SYSTEM_PROMPT_VERSION,
      system_prompt_sha256: await sha256(SYSTEM_PROMPT),
    },
    scores,
    errors: results.filter((r) => r.error).map((r) => ({ id: r.item.id, error: r.error })),
    results: results.map((r) => ({
      id: r.item.id,
      category: r.item.category,
      gold: r.item.gold.answer,
      predicted: r.predicted,
      correct: r.correct,
    })),
  };
  if (out) {
    await Deno.writeTextFile(out, JSON.stringify(report, null, 2) + "\n").catch((e) => {
      throw new OutputError(out, e);
    });
  }
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(
      `${file}: planner ${planner}${planner === "llm" ? ` (${model})` : ""}; models ${
        report.models.join(", ") || "none (scene files)"
      }; prompt ${SYSTEM_PROMPT_VERSION}`,
    );
    console.log(formatScores(scores));
    if (report.errors.length) {
      console.log(`\n${report.errors.length} questions failed before an answer, e.g.`);
      for (const e of report.errors.slice(0, 5)) console.log(`  ${e.id}: ${e.error}`);
    }
  }
  return 0;
}
