/**
 * Which models perception uses when the settings say `auto`: the GPU model stack (registry
 * entries marked `gpuStack`) when a GPU provider is active and the model's files are present,
 * else the offline CPU stack (YOLOX-nano, and the size prior or a registered depth map).
 *
 * @module
 */
import type { RgbImage } from "../core/image.ts";
import type { DepthMap } from "../tools/workspace.ts";
import type { PerceptionConfig } from "./config.ts";
import { estimateDepthMap } from "./depth_anything.ts";
import { estimateMetric3dDepth } from "./metric3d.ts";
import { getModelSpec, MODELS, type ModelSpec, type ModelTask } from "./registry.ts";
import { sessionProviders } from "./runtime.ts";
import { isModelPresent } from "./store.ts";

/** The detector used when the settings say `auto` and the GPU stack is not in use. */
export const CPU_DETECTOR = "yolox-nano";

/** True when the models will run on a GPU provider (probes once; see device.ts). */
export async function gpuActive(cfg: PerceptionConfig): Promise<boolean> {
  return (await sessionProviders(cfg))[0] !== "cpu";
}

/** The first GPU-stack model for `task` whose files are present, when a GPU is active. */
export async function gpuStackModel(
  cfg: PerceptionConfig,
  task: ModelTask,
): Promise<ModelSpec | undefined> {
  const candidates = MODELS.filter((m) => m.gpuStack && m.task === task);
  if (candidates.length === 0 || !(await gpuActive(cfg))) return undefined;
  for (const m of candidates) if (await isModelPresent(m, cfg)) return m;
  return undefined;
}

/**
 * The detector for one `detect` call: the configured one, or with `auto` the GPU stack's
 * open-vocabulary detector for a query (it needs phrases), else YOLOX-nano.
 */
export async function resolveDetector(
  cfg: PerceptionConfig,
  hasQuery: boolean,
): Promise<ModelSpec> {
  if (cfg.detector !== "auto") return getModelSpec(cfg.detector, "SPATIAL_DETECTOR");
  const gpu = hasQuery ? await gpuStackModel(cfg, "open-vocabulary-detection") : undefined;
  return gpu ?? getModelSpec(CPU_DETECTOR);
}

/** Runs a metric-depth model with the adapter its family needs. */
export function estimateMetricDepth(
  image: RgbImage,
  fx: number,
  spec: ModelSpec,
  cfg: PerceptionConfig,
): Promise<DepthMap> {
  return spec.id.startsWith("metric3d")
    ? estimateMetric3dDepth(image, fx, spec, cfg)
    : estimateDepthMap(image, spec, cfg);
}

/** The device setting and the providers it resolves to here (an error instead of throwing). */
export async function deviceInfo(
  cfg: PerceptionConfig,
): Promise<{ setting: string; providers: string[]; error?: string }> {
  const setting = cfg.executionProviders.length ? "providers" : cfg.device;
  try {
    return { setting, providers: await sessionProviders(cfg) };
  } catch (e) {
    return { setting, providers: [], error: (e as Error).message };
  }
}
