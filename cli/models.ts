/**
 * `deno task models list|pull|verify [ids…]`: the model registry, downloads into the models
 * directory, and checksum verification.
 *
 * Exit codes: 0 success, 2 bad input (unknown command or model, a download that failed),
 * 3 verify found a missing required file or a checksum mismatch.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { type PerceptionConfig, perceptionConfig } from "../models/config.ts";
import { getModelSpec, MODELS, type ModelSpec } from "../models/registry.ts";
import { ensureModel, isModelPresent, verifyModel } from "../models/store.ts";
import { HELP_FLAG, parseFlags, printHelp } from "./args.ts";
import { applyPerceptionFlags, PERCEPTION_FLAGS, PERCEPTION_HELP } from "./perception_flags.ts";

/** Exit code of `verify` when a file is missing or does not match its checksum. */
export const EXIT_VERIFY_FAILED = 3;

const USAGE = `usage: deno task models <list|pull|verify> [model ids…] [options]

  list            every model: id, task, license, size, whether its files are present, whether
                  it was validated in this project
  pull [ids…]     download what is missing (default: yolox-nano); models without a public
                  download say where their files come from
  verify [ids…]   hash the files present and compare with the known sha256 (default: all).
                  Required: the detector and a model depth backend (--detector,
                  --depth-backend); the others are optional — absent is fine, a mismatch is not.
                  Named ids are all required.
  --json          machine-readable output (list, verify)
  -h, --help      this help

${PERCEPTION_HELP}

exit codes: 0 success, 2 bad input or failed download, 3 verify found a required file missing
            or any file not matching its checksum`;

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    json: { type: "boolean" },
    ...HELP_FLAG,
    ...PERCEPTION_FLAGS,
  }, USAGE);
  if (printHelp(values, USAGE)) return 0;
  applyPerceptionFlags(values);
  const [sub, ...ids] = positionals;
  const pick = (fallback: readonly ModelSpec[]) =>
    ids.length ? ids.map((id, i) => getModelSpec(id, `model[${i}]`)) : fallback;
  const cfg = perceptionConfig();
  switch (sub) {
    case "list":
      return await list(pick(MODELS), values.json === true);
    case "pull": {
      for (const spec of pick([getModelSpec("yolox-nano")])) {
        const path = await ensureModel(spec, cfg);
        console.error(`${spec.id}: ready (${path})`);
      }
      return 0;
    }
    case "verify":
      // Named models are all required; otherwise only what the configured pipeline runs is.
      return await verify(
        pick(MODELS),
        ids.length ? new Set(ids) : requiredModels(cfg),
        values.json === true,
      );
    default:
      throw new InputError(
        "command",
        sub ? `unknown subcommand "${sub}"` : "missing subcommand",
        "use list, pull or verify",
      );
  }
}

function mib(bytes: number | undefined): string {
  return bytes === undefined ? "?" : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

async function list(specs: readonly ModelSpec[], json: boolean): Promise<number> {
  const cfg = perceptionConfig();
  const rows = [];
  for (const s of specs) {
    rows.push({
      id: s.id,
      task: s.task,
      runtime: s.runtime,
      license: s.license,
      size: s.files.reduce((n, f) => n + (f.bytes ?? 0), 0) || undefined,
      present: await isModelPresent(s, cfg),
      download: s.files.every((f) => f.url || f.optional) ? "url" : "manual",
      validated: s.validated,
    });
  }
  if (json) {
    console.log(JSON.stringify({ models_dir: cfg.modelsDir, models: rows }, null, 2));
    return 0;
  }
  console.log(`models directory: ${cfg.modelsDir}\n`);
  for (const r of rows) {
    console.log(
      `${r.id}\n  ${r.task} (${r.runtime}), ${r.license}, ${mib(r.size)}, ` +
        `${
          r.present ? "present" : "not present"
        }, download: ${r.download}\n  validated: ${r.validated}`,
    );
  }
  return 0;
}

/**
 * The models the configured pipeline cannot run without: the detector, and the depth backend
 * when it is a model. Every other model (open-vocabulary detectors, metric depth, orientation,
 * …) is optional: used when present.
 */
export function requiredModels(cfg: PerceptionConfig): Set<string> {
  const ids = MODELS.map((m) => m.id);
  return new Set([cfg.detector, cfg.depthBackend].filter((id) => ids.includes(id)));
}

async function verify(
  specs: readonly ModelSpec[],
  required: ReadonlySet<string>,
  json: boolean,
): Promise<number> {
  const cfg = perceptionConfig();
  let bad = false;
  const report = [];
  for (const s of specs) {
    const files = await verifyModel(s, cfg);
    const needed = required.has(s.id);
    for (const [i, f] of files.entries()) {
      const optional = s.files[i].optional === true;
      const status = !f.present
        ? optional
          ? "absent (optional file)"
          : needed
          ? "MISSING (required)"
          : "absent (optional model)"
        : f.verified === undefined
        ? "present (no known checksum)"
        : f.verified
        ? "ok"
        : "CHECKSUM MISMATCH";
      if ((!f.present && !optional && needed) || f.verified === false) bad = true;
      report.push({ model: s.id, required: needed, ...f, status });
    }
  }
  if (json) console.log(JSON.stringify({ models_dir: cfg.modelsDir, files: report }, null, 2));
  else {
    for (const r of report) console.log(`${r.status.padEnd(28)} ${r.model}  ${r.path}`);
    console.log(
      bad
        ? "\na required model file is missing or damaged (deno task models pull fixes missing ones)"
        : `\nthe required models (${[...required].join(", ") || "none"}) are in place; ` +
          "optional models are used when present",
    );
  }
  return bad ? EXIT_VERIFY_FAILED : 0;
}
