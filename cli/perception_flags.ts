/**
 * Flags shared by the perception commands (`perceive`, `models`): where models live and how
 * they run. They override the SPATIAL_* environment variables for this process.
 *
 * @module
 */
import {
  configurePerception,
  parseTiling,
  type PerceptionConfig,
  perceptionConfig,
  threadsFor,
} from "../models/config.ts";
import { parseDevice, providersFor } from "../models/device.ts";
import { type FlagSpec, integerFlag, type Parsed, stringFlag } from "./args.ts";
import { InputError } from "../core/errors.ts";

/** Flag specs to merge into a command's own. */
export const PERCEPTION_FLAGS: FlagSpec = {
  "models-dir": { type: "string" },
  device: { type: "string" },
  providers: { type: "string" },
  detector: { type: "string" },
  "depth-backend": { type: "string" },
  "orientation-model": { type: "string" },
  offline: { type: "boolean" },
  threads: { type: "string" },
  tiling: { type: "string" },
};

/** Help lines for {@link PERCEPTION_FLAGS}. */
export const PERCEPTION_HELP = `model options (override the SPATIAL_* environment variables):
  --models-dir DIR          model files (SPATIAL_MODELS_DIR; default ~/.cache/spatial-reasoner/models)
  --device auto|gpu|cpu     where models run (SPATIAL_DEVICE; default auto: the GPU through
                            onnxruntime's webgpu or cuda provider when one works, else the CPU;
                            gpu: fail with exit 2 when none works; \`deno task models doctor\`)
  --providers LIST          explicit onnxruntime providers in order, e.g. webgpu,cpu (overrides
                            --device; SPATIAL_EXECUTION_PROVIDERS)
  --detector ID             auto (default: the GPU stack's open-vocabulary detector for queries
                            when present on a GPU, else yolox-nano), yolox-nano,
                            grounding-dino-tiny, owlv2-base-patch16-ensemble
  --depth-backend NAME      auto (default: rgbd with --rgbd, else the GPU stack's metric depth
                            model when present on a GPU, else size-prior), size-prior, rgbd,
                            or a metric-depth model id (deno task models list)
  --orientation-model ID    orient-anything (every class, used only when its file is present;
                            else people and chairs by offline models) or none (no orientation)
  --offline                 never download; a missing file is an error saying where to put it
  --threads N               onnxruntime intra-op threads per session (default: the cores
                            shared among the questions or images run at once)
  --tiling auto|on|off      YOLOX also on overlapping square tiles, merged by NMS, so small
                            objects in wide images are found (SPATIAL_TILING; default auto:
                            images at least 2:1, e.g. KITTI; on: any image it enlarges objects
                            in ≥ 1.5×, e.g. high-resolution photos; costs one pass per tile)`;

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
  const device = stringFlag(values, "device");
  const tiling = stringFlag(values, "tiling");
  const next: Partial<PerceptionConfig> = {
    modelsDir: stringFlag(values, "models-dir"),
    device: device === undefined ? undefined : parseDevice(device),
    executionProviders: providers,
    detector: stringFlag(values, "detector"),
    depthBackend: stringFlag(values, "depth-backend"),
    orientationModel: stringFlag(values, "orientation-model"),
    offline: values.offline === true ? true : undefined,
    threads,
    tiling: tiling === undefined ? undefined : parseTiling(tiling),
  };
  configurePerception(next);
}

/**
 * With `--device gpu`, probes the GPU now so that a machine without one fails before any work
 * (an InputError, exit 2); other devices are resolved lazily, on the first model session.
 */
export async function checkDevice(): Promise<void> {
  const cfg = perceptionConfig();
  if (cfg.device === "gpu" && cfg.executionProviders.length === 0) await providersFor("gpu");
}
