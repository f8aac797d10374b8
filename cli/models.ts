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
import { perceptionConfig } from "../models/config.ts";
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
  verify [ids…]   hash the files present and compare with the known sha256 (default: all)
  --json          machine-readable output (list, verify)
  -h, --help      this help

${PERCEPTION_HELP}

exit codes: 0 success, 2 bad input or failed download, 3 verify found a missing or bad file`;

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
      return await verify(pick(MODELS), values.json === true);
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
      download: s.files.every((f) => f.tflite)
        ? "npm (deno install)"
        : s.files.every((f) => f.url || f.optional)
        ? "url"
        : "manual",
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

async function verify(specs: readonly ModelSpec[], json: boolean): Promise<number> {
  const cfg = perceptionConfig();
  let bad = false;
  const report = [];
  for (const s of specs) {
    const files = await verifyModel(s, cfg);
    for (const [i, f] of files.entries()) {
      const optional = s.files[i].optional === true;
      const status = !f.present
        ? optional ? "absent (optional)" : "missing"
        : f.verified === undefined
        ? "present (no known checksum)"
        : f.verified
        ? "ok"
        : "CHECKSUM MISMATCH";
      if ((!f.present && !optional) || f.verified === false) bad = true;
      report.push({ model: s.id, ...f, status });
    }
  }
  if (json) console.log(JSON.stringify({ models_dir: cfg.modelsDir, files: report }, null, 2));
  else {
    for (const r of report) console.log(`${r.status.padEnd(28)} ${r.model}  ${r.path}`);
  }
  return bad ? EXIT_VERIFY_FAILED : 0;
}
