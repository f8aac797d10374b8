/**
 * Open-vocabulary detection (Grounding DINO tiny, OWLv2) through transformers.js'
 * `zero-shot-object-detection` pipeline on onnxruntime-node. Model files are fetched by our own
 * store into the models directory (resumable, with progress) and transformers.js reads them
 * from there with remote loading off.
 *
 * Not validated here: the weights cannot be downloaded on the development machines. The tests
 * cover the query phrasing and the post-processing of pipeline results.
 *
 * @module
 */
import type { RgbImage } from "../core/image.ts";
import { clipBox, type Detection, nms } from "./boxes.ts";
import { normalizePhrase } from "./coco_query.ts";
import type { PerceptionConfig } from "./config.ts";
import type { ModelSpec } from "./registry.ts";
import { sessionProviders } from "./runtime.ts";
import { ensureModel } from "./store.ts";
import type { DetectOptions } from "./yolox.ts";

/** One result of transformers.js' zero-shot-object-detection pipeline (pixels, not percentages). */
export interface ZeroShotResult {
  score: number;
  label: string;
  box: { xmin: number; ymin: number; xmax: number; ymax: number };
}

/** The candidate label sent to the model for a query phrase, and the phrase it stands for. */
export function candidateLabels(
  spec: Pick<ModelSpec, "id">,
  phrases: string[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of phrases) {
    const clean = normalizePhrase(p);
    if (!clean) continue;
    // Grounding DINO expects lower-case phrases each ended by a period ("a dog.").
    out.set(spec.id.startsWith("grounding-dino") ? `${clean}.` : clean, clean);
  }
  return out;
}

/**
 * Pipeline results → detections: labels mapped back to the query phrase (Grounding DINO echoes
 * the phrase without its period), score threshold, boxes clipped, class-wise NMS, max count.
 */
export function fromZeroShot(
  results: ZeroShotResult[],
  labels: Map<string, string>,
  opts: DetectOptions,
  width: number,
  height: number,
): Detection[] {
  const byText = new Map<string, string>();
  for (const [candidate, phrase] of labels) {
    byText.set(candidate, phrase);
    byText.set(normalizePhrase(candidate), phrase);
  }
  const dets: Detection[] = [];
  for (const r of results) {
    const label = byText.get(r.label) ?? byText.get(normalizePhrase(r.label));
    if (!label || !(r.score >= opts.scoreThreshold)) continue;
    const b = r.box;
    dets.push({
      label,
      score: r.score,
      box: clipBox([b.xmin, b.ymin, b.xmax, b.ymax], width, height),
    });
  }
  return nms(dets, opts.nmsIou, opts.maxDetections, opts.duplicateIou);
}

/** The transformers.js repository folder of a model (its files' common prefix). */
export function repoOf(spec: ModelSpec): string {
  return spec.files[0].name.split("/").slice(0, 2).join("/");
}

type Pipeline = (image: unknown, labels: string[], opts: unknown) => Promise<ZeroShotResult[]>;
const pipelines = new Map<string, Promise<Pipeline>>();

async function loadPipeline(spec: ModelSpec, cfg: PerceptionConfig): Promise<Pipeline> {
  await ensureModel(spec, cfg);
  const tf = await import("@huggingface/transformers");
  tf.env.localModelPath = `${cfg.modelsDir}/`;
  tf.env.allowLocalModels = true;
  tf.env.allowRemoteModels = false; // our store already fetched and verified the files
  const onnx = spec.files.find((f) => f.name.includes("/onnx/"))!.name;
  const dtype = onnx.endsWith("_quantized.onnx") ? "q8" : "fp32";
  const pipe = await tf.pipeline("zero-shot-object-detection", repoOf(spec), {
    dtype,
    device: await transformersDevice(cfg),
  });
  return pipe as unknown as Pipeline;
}

/** transformers.js's device name for the provider the config resolves to. */
async function transformersDevice(cfg: PerceptionConfig): Promise<"webgpu" | "cuda" | "cpu"> {
  const first = (await sessionProviders(cfg))[0];
  return first === "webgpu" || first === "cuda" ? first : "cpu";
}

/** Runs an open-vocabulary detector for the given phrases. */
export async function detectOpenVocab(
  image: RgbImage,
  phrases: string[],
  spec: ModelSpec,
  opts: DetectOptions,
  cfg: PerceptionConfig,
): Promise<Detection[]> {
  const labels = candidateLabels(spec, phrases);
  if (labels.size === 0) return [];
  let p = pipelines.get(spec.id);
  if (!p) {
    p = loadPipeline(spec, cfg);
    pipelines.set(spec.id, p);
    p.catch(() => pipelines.delete(spec.id));
  }
  const pipe = await p;
  const tf = await import("@huggingface/transformers");
  const raw = new tf.RawImage(new Uint8ClampedArray(image.data), image.width, image.height, 3);
  const results = await pipe(raw, [...labels.keys()], {
    threshold: opts.scoreThreshold,
    percentage: false,
  });
  return fromZeroShot(results, labels, opts, image.width, image.height);
}
