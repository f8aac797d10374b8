/**
 * `deno task eval --questions FILE [--planner auto|llm|rules] [--model NAME] [--llm-api …]
 * [--llm-url URL] [--limit N] [--image-root DIR] [--json] [--out FILE.json]`: runs the agent on a
 * question file — 3DSRBench's TSV layout or our generated JSONL (`--format sr-cot`) — and reports
 * accuracy per category, plain and CircularEval + FlipEval, with the planner, the LLM (model,
 * protocol, server), the prompt versions and hashes and the tool-schema hash recorded beside it.
 *
 * Exit codes: 0 scored, 2 bad flags or question file, 4 `--planner llm` and the LLM unreachable.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { errorMessage, InputError, OutputError } from "../core/errors.ts";
import { MAX_TEXT_BYTES, readInputText } from "../core/input_file.ts";
import { checkOutputPath } from "../core/output_path.ts";
import { ask } from "../agent/ask.ts";
import { probeLlm, serverUrl } from "../agent/llm_backend.ts";
import { DEFAULT_MODEL } from "../agent/ollama.ts";
import { readJsonLines } from "../agent/trace_jsonl.ts";
import { SYSTEM_PROMPT_VERSION, systemPrompt, toolSchemasIn } from "../prompts/system.ts";
import type { FrameUnits } from "../core/frame.ts";
import { OPTIONS_INSTRUCTION } from "../prompts/user_turn.ts";
import { defaultRegistry } from "../tools/index.ts";
import { readKittiDir } from "../scene/kitti.ts";
import { loadSceneFile } from "../scene/load.ts";
import { DOORWAY } from "../scene/spatiallm_scene.ts";
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
import { SR_COT_PROMPT_VERSION } from "../sft/prompt.ts";
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
import { LLM_FLAGS, LLM_HELP, llmRequest, llmServerFlags } from "./llm_flags.ts";

const USAGE = `usage: deno task eval --questions FILE.tsv|FILE.jsonl [options]

Runs the agent on every question and reports accuracy per category: plain (rows right) and
strict (CircularEval + FlipEval: every variant of a question right). The report records the
planner, the LLM (model, protocol, server), the prompt versions and hashes and the tools' schema
hash beside the scores. See docs/data.md.

  --questions FILE      3DSRBench-layout TSV, or generated sr-cot JSONL (required)
  --planner NAME        auto (default: the LLM when Ollama answers with the model, else rules),
                        llm, rules; decided once for the whole run
  --model NAME          model for the LLM planner (default ${DEFAULT_MODEL})
${LLM_HELP}
  --limit N             only the first N questions (whole variant groups) (default: all)
  --image-root DIR      where relative image paths are found (default: the questions file's folder)
  --json                print the JSON report instead of the table
  --out FILE.json       also write the JSON report (planner, models, prompt version, every row)
  --quiet               no progress bar on stderr
  -h, --help            this help

exit codes: 0 scored, 2 bad flags or questions file, 4 --planner llm and the LLM unreachable,
            1 unexpected failure`;

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

/**
 * Hashes of the system prompt and tool schemas as the agent sends them, once per length units the
 * questions were asked in (metres first; both texts name the units), so a score records what the
 * model actually read.
 */
async function promptHashes(units: Set<FrameUnits>) {
  const all: FrameUnits[] = units.size
    ? [...units].sort((a, b) => Number(b === "metres") - Number(a === "metres"))
    : ["metres"];
  const schemas = defaultRegistry().functionSchemas();
  return await Promise.all(all.map(async (u) => ({
    units: u,
    system_prompt_sha256: await sha256(systemPrompt(u)),
    tool_schema_sha256: await sha256(JSON.stringify(toolSchemasIn(schemas, u))),
  })));
}

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    questions: { type: "string" },
    planner: { type: "string" },
    model: { type: "string" },
    ...LLM_FLAGS,
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
  const server = llmServerFlags(values);

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
    const probe = await probeLlm(server, model);
    if (probe.ok) planner = "llm";
    else if (requested === "llm") {
      console.error(`error: ${probe.error.message}`);
      return EXIT_LLM_UNAVAILABLE;
    } else console.error(`LLM unavailable (${probe.error.message}); using the rule planner`);
  }

  const scenes = new Map<string, Promise<NormalizedScene>>();
  const loadScene = (p: string) => {
    if (!scenes.has(p)) {
      scenes.set(
        p,
        Deno.stat(p).then((s) =>
          s.isDirectory ? readKittiDir(p) : loadSceneFile(p, { defaultViewpoint: DOORWAY })
        ),
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
  // Length units of the questions asked: the prompt and tool schemas sent are worded in them.
  const unitsAsked = new Set<FrameUnits>();
  let right = 0;
  for (const item of items) {
    let result: EvalResult;
    try {
      const scene = item.scene ? await loadScene(item.scene) : undefined;
      const imagePath = !scene && item.image ? await resolveImage(item.image) : undefined;
      unitsAsked.add(scene?.units ?? "metres");
      const r = await ask({
        question: item.question,
        ...(item.options?.length ? { options: item.options } : {}),
        ...(scene ? { scene, scenePath: item.scene } : {}),
        ...(imagePath ? { imagePath } : {}),
        planner,
        model,
        ...llmRequest(server),
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
  const sent = await promptHashes(unitsAsked);
  const report = {
    questions: file,
    planner,
    planner_requested: requested,
    ...(planner === "llm"
      ? { llm_model: model, llm: { model, api: server.api, url: serverUrl(server) } }
      : {}),
    models: [...models],
    prompt: {
      system_prompt_version: SYSTEM_PROMPT_VERSION,
      system_prompt_sha256: sent[0].system_prompt_sha256,
      sr_cot_prompt_version: SR_COT_PROMPT_VERSION,
      options_instruction: OPTIONS_INSTRUCTION,
      tool_schema_sha256: sent[0].tool_schema_sha256,
      sent,
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
      `${file}: planner ${planner}${
        planner === "llm" ? ` (${model} via ${server.api} at ${serverUrl(server)})` : ""
      }; models ${
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
