/**
 * Flags shared by the perception commands (`perceive`, `models`): where models live and how
 * they run. They override the SPATIAL_* environment variables for this process.
 *
 * @module
 */
import { configurePerception, type PerceptionConfig, threadsFor } from "../models/config.ts";
import { type FlagSpec, integerFlag, type Parsed, stringFlag } from "./args.ts";
import { InputError } from "../core/errors.ts";

/** Flag specs to merge into a command's own. */
export const PERCEPTION_FLAGS: FlagSpec = {
  "models-dir": { type: "string" },
  providers: { type: "string" },
  detector: { type: "string" },
  "depth-backend": { type: "string" },
  "orientation-model": { type: "string" },
  offline: { type: "boolean" },
  threads: { type: "string" },
};

/** Help lines for {@link PERCEPTION_FLAGS}. */
export const PERCEPTION_HELP = `model options (override the SPATIAL_* environment variables):
  --models-dir DIR          model files (SPATIAL_MODELS_DIR; default ~/.cache/spatial-reasoner/models)
  --providers LIST          onnxruntime execution providers in order (default cuda,cpu)
  --detector ID             yolox-nano (default), grounding-dino-tiny, owlv2-base-patch16-ensemble
  --depth-backend NAME      auto (default: rgbd with --rgbd, else size-prior), size-prior, rgbd,
                            or a metric-depth model id (deno task models list)
  --orientation-model ID    orient-anything (used only when its file is present) or none
  --offline                 never download; a missing file is an error saying where to put it
  --threads N               onnxruntime intra-op threads per session (default: the cores
                            shared among the questions or images run at once)`;

/**
 * Applies the perception flags to the process-wide config. `concurrency`: how many images the
 * command perceives at once; without --threads or SPATIAL_THREADS the cores are shared out.
 */
export function applyPerceptionFlags(values: Parsed["values"], concurrency = 1): void {
  const threads = integerFlag(values, "threads", 0, 1024) ??
    (Deno.env.get("SPATIAL_THREADS") === undefined ? threadsFor(concurrency) : undefined);
  const providers = stringFlag(values, "providers")?.split(",").map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  if (providers && providers.length === 0) {
    throw new InputError("--providers", "names no provider", "e.g. --providers cpu");
  }
  const next: Partial<PerceptionConfig> = {
    modelsDir: stringFlag(values, "models-dir"),
    executionProviders: providers,
    detector: stringFlag(values, "detector"),
    depthBackend: stringFlag(values, "depth-backend"),
    orientationModel: stringFlag(values, "orientation-model"),
    offline: values.offline === true ? true : undefined,
    threads,
  };
  configurePerception(next);
}
