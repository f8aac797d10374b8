/**
 * `deno task models list|pull|verify|doctor [ids…]`: the model registry, downloads into the
 * models directory, checksum verification, and what the GPU probe found.
 *
 * Exit codes: 0 success, 2 bad input (unknown command or model, a download that failed),
 * 3 verify found a missing required file or a checksum mismatch.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { type PerceptionConfig, perceptionConfig } from "../models/config.ts";
import { chooseProviders, type GpuProbe, probeGpu } from "../models/device.ts";
import { CPU_DETECTOR } from "../models/stack.ts";
import { getModelSpec, MODELS, type ModelSpec } from "../models/registry.ts";
import { ensureModel, isModelPresent, verifyModel } from "../models/store.ts";
import { HELP_FLAG, parseFlags, printHelp } from "./args.ts";
import { applyPerceptionFlags, PERCEPTION_FLAGS, PERCEPTION_HELP } from "./perception_flags.ts";

/** Exit code of `verify` when a file is missing or does not match its checksum. */
export const EXIT_VERIFY_FAILED = 3;

const USAGE = `usage: deno task models <list|pull|verify|doctor> [model ids…] [options]

  list            every model: id, task, license, size, whether its files are present, whether
                  it was validated in this project, and whether it is part of the GPU stack
  pull [ids…]     download what is missing (default: yolox-nano); models without a public
                  download say where their files come from
  pull --gpu      download the GPU model stack (models with public ONNX files, marked "gpu" in
                  list: an open-vocabulary detector and a metric depth model, ≈ 320 MiB)
  verify [ids…]   hash the files present and compare with the known sha256 (default: all).
                  Required: the detector and a model depth backend (--detector,
                  --depth-backend); the others are optional — absent is fine, a mismatch is not.
                  Named ids are all required.
  doctor          which execution providers work here (webgpu, cuda, cpu) and why, what
                  --device auto picks, and which models perception will use
  --gpu           with pull: the GPU model stack
  --json          machine-readable output (list, verify, doctor)
  -h, --help      this help

${PERCEPTION_HELP}

exit codes: 0 success, 2 bad input or failed download, 3 verify found a required file missing
            or any file not matching its checksum`;

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    json: { type: "boolean" },
    gpu: { type: "boolean" },
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
      const gpu = values.gpu === true ? MODELS.filter((m) => m.gpuStack) : [];
      const specs = ids.length || gpu.length ? [...pick([]), ...gpu] : [getModelSpec("yolox-nano")];
      for (const spec of specs) {
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
    case "doctor":
      return await doctor(values.json === true);
    default:
      throw new InputError(
        "command",
        sub ? `unknown subcommand "${sub}"` : "missing subcommand",
        "use list, pull, verify or doctor",
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
      stack: s.gpuStack ? "gpu" : "cpu",
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
        }, download: ${r.download}, stack: ${r.stack}\n  validated: ${r.validated}`,
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
  // `auto` falls back to the CPU stack, so its detector is the one that must be there
  const detector = cfg.detector === "auto" ? CPU_DETECTOR : cfg.detector;
  return new Set([detector, cfg.depthBackend].filter((id) => ids.includes(id)));
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

/** One provider's line: usable, or why not. */
function providerLine(name: string, a: GpuProbe["webgpu"]): string {
  return `${name.padEnd(7)} ${a.ok ? `works (${a.detail})` : `not available: ${a.reason}`}`;
}

async function doctor(json: boolean): Promise<number> {
  const cfg = perceptionConfig();
  const probe = await probeGpu();
  let auto: string[];
  let gpuError: string | undefined;
  try {
    chooseProviders("gpu", probe);
  } catch (e) {
    gpuError = (e as InputError).message;
  }
  auto = chooseProviders("auto", probe).providers;
  if (cfg.executionProviders.length > 0) auto = cfg.executionProviders;
  const stack = [];
  for (const m of MODELS.filter((s) => s.gpuStack)) {
    stack.push({ id: m.id, task: m.task, present: await isModelPresent(m, cfg) });
  }
  const active = cfg.device === "cpu" ? ["cpu"] : auto;
  const usesGpuStack = active[0] !== "cpu" && stack.some((m) => m.present);
  if (json) {
    console.log(JSON.stringify(
      {
        device: cfg.device,
        providers: active,
        probe,
        gpu_stack: stack,
        perception_stack: usesGpuStack ? "gpu" : "cpu",
        ...(gpuError ? { device_gpu_error: gpuError } : {}),
      },
      null,
      2,
    ));
    return 0;
  }
  console.log(`execution providers (onnxruntime-node):`);
  console.log(`  ${providerLine("webgpu", probe.webgpu)}`);
  console.log(`  ${providerLine("cuda", probe.cuda)}`);
  console.log(`  cpu     works`);
  console.log(
    `\n--device ${cfg.device} → ${active.join(", ")}` +
      (cfg.executionProviders.length > 0 ? " (explicit --providers list)" : ""),
  );
  console.log(`\nGPU model stack (deno task models pull --gpu):`);
  for (const m of stack) {
    console.log(`  ${m.id.padEnd(28)} ${m.task}, ${m.present ? "present" : "not present"}`);
  }
  console.log(
    `\nperception uses the ${usesGpuStack ? "GPU" : "offline CPU"} stack` +
      (usesGpuStack
        ? ""
        : active[0] === "cpu"
        ? " (no GPU provider is active)"
        : " (no GPU-stack model is present: deno task models pull --gpu)"),
  );
  return 0;
}
