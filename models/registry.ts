/**
 * Every model the project can use, described once: files and where they come from, checksums,
 * license, tensor signature and preprocessing. Adapters, the downloader, `deno task models` and
 * docs/perception.md all read this table.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";

/** One file of a model, relative to the models directory. */
export interface ModelFile {
  /** Path under the models directory, e.g. `yolox_nano.onnx`. */
  name: string;
  /** Direct download URL, when the file is published as is; absent for user-made exports. */
  url?: string;
  /** Accepted sha256 digests (hex); empty when unknown, and then nothing is verified. */
  sha256: string[];
  /** Size in bytes of the published file, when known. */
  bytes?: number;
  /** Optional files (e.g. a tokenizer's extras) do not fail `verify` when absent. */
  optional?: boolean;
  /** Set when the file is the ONNX conversion of a `.tflite` shipped in an npm package. */
  tflite?: TfliteSource;
}

/** A `.tflite` file shipped inside an npm package (pinned in deno.json), pinned by digest. */
export interface TfliteSource {
  /** npm package name as in deno.json, e.g. `@mediapipe/pose`. */
  package: string;
  /** File inside the package. */
  file: string;
  /** sha256 of the file (hex). */
  sha256: string;
}

/**
 * The cached ONNX conversion of a packaged `.tflite`, keyed by the source's digest:
 * `tflite/<sha256>/<name>.onnx` under the models directory (models/tflite/cache.ts).
 */
function tfliteFile(src: TfliteSource): ModelFile {
  return {
    name: `tflite/${src.sha256}/${src.file.replace(/\.tflite$/, "")}.onnx`,
    sha256: [],
    tflite: src,
  };
}

/** A tensor of the model's graph as the adapter expects it; strings are symbolic dimensions. */
export interface TensorSpec {
  name: string;
  shape: (number | string)[];
}

/** What a model is for. */
export type ModelTask =
  | "object-detection"
  | "open-vocabulary-detection"
  | "semantic-segmentation"
  | "metric-depth"
  | "orientation"
  | "pose-landmarks"
  | "object-box-3d";

/** A registry entry. */
export interface ModelSpec {
  /** Stable id used in configs, traces and tool outputs. */
  id: string;
  task: ModelTask;
  /** Runtime that loads it. */
  runtime: "onnxruntime" | "transformers.js";
  /** Files; the first is the graph for onnxruntime models. */
  files: ModelFile[];
  license: string;
  /** Where the weights come from (publisher, and how to export them when no ONNX is published). */
  source: string;
  /** Graph inputs and outputs, checked when a session is created (onnxruntime models). */
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** The exact preprocessing the adapter applies. */
  preprocessing: string;
  /** Whether this model's real weights were run and checked in this project's tests. */
  validated: string;
  /**
   * Part of the GPU model stack: `deno task models pull --gpu` fetches it, and with
   * `--device auto` perception uses it when its files are present and a GPU provider is active.
   */
  gpuStack?: true;
}

/** Digest of the YOLOX 0.1.1rc0 GitHub release asset. */
const YOLOX_RELEASE_SHA256 = "c789161ed43c8269fcd4e67c67eeeb4e80c622da2eb296a20bc6007bd18a0b7d";
/** Digest of the re-export of the same weights that CI keeps in ../shared/models. */
const YOLOX_REEXPORT_SHA256 = "695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14";

const HF = "https://huggingface.co";

/** Files of a transformers.js model repository, laid out as transformers.js expects locally. */
function hfFiles(repo: string, onnx: string): ModelFile[] {
  const names = [
    "config.json",
    "preprocessor_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    `onnx/${onnx}`,
  ];
  return names.map((n) => ({
    name: `${repo}/${n}`,
    url: `${HF}/${repo}/resolve/main/${n}`,
    sha256: [],
    ...(n === "special_tokens_map.json" ? { optional: true } : {}),
  }));
}

/** All models. */
export const MODELS: readonly ModelSpec[] = [
  {
    id: "yolox-nano",
    task: "object-detection",
    runtime: "onnxruntime",
    files: [{
      name: "yolox_nano.onnx",
      url:
        "https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/yolox_nano.onnx",
      sha256: [YOLOX_RELEASE_SHA256, YOLOX_REEXPORT_SHA256],
      bytes: 3_659_407,
    }],
    license: "Apache-2.0",
    source: "Megvii YOLOX release 0.1.1rc0 (COCO-80)",
    inputs: [{ name: "images", shape: [1, 3, 416, 416] }],
    outputs: [{ name: "output", shape: [1, 3549, 85] }],
    preprocessing: "BGR 0–255 (not normalised), NCHW; letterbox to 416×416 keeping aspect ratio, " +
      "image at top-left, pad value 114 at bottom/right. Output rows: strides 8/16/32 grids " +
      "(52²+26²+13²) × [dx, dy, log w, log h, objectness, 80 sigmoid class scores]; " +
      "score = objectness × class; class-wise NMS IoU 0.45.",
    validated: "yes: real weights on real photos (models/yolox_test.ts)",
  },
  {
    id: "deeplabv3-mobilenetv2-voc",
    task: "semantic-segmentation",
    runtime: "onnxruntime",
    files: [{
      name: "deeplabv3_mobilenetv2_voc.onnx",
      sha256: ["48a46b346ca7e2e96760b8a10a302046a3b5a9ce55e59d4c659c36d9cbd44118"],
      bytes: 2_781_296,
    }],
    license: "Apache-2.0",
    source: "DeepLabV3 MobileNetV2 PASCAL-VOC (TensorFlow model garden, 257×257 TFLite " +
      "graph converted to ONNX); no published ONNX URL: place the file by hand",
    inputs: [{ name: "sub_7", shape: [1, 257, 257, 3] }],
    outputs: [{ name: "ResizeBilinear_3", shape: [1, 257, 257, 21] }],
    preprocessing: "RGB resized to 257×257 (stretch), x/127.5 − 1, NHWC → 21 VOC logits.",
    validated: "session and signature only; not used by any tool (see docs/perception.md)",
  },
  {
    id: "grounding-dino-tiny",
    task: "open-vocabulary-detection",
    runtime: "transformers.js",
    files: hfFiles("onnx-community/grounding-dino-tiny-ONNX", "model_quantized.onnx"),
    license: "Apache-2.0",
    source: "IDEA-Research grounding-dino-tiny, ONNX export by onnx-community (Hugging Face)",
    inputs: [],
    outputs: [],
    preprocessing: "transformers.js zero-shot-object-detection pipeline; each query phrase is " +
      'lower-cased and ended with a period ("a dog."); boxes in original pixels.',
    validated: "no: weights cannot be downloaded here; only the result post-processing is tested",
    gpuStack: true,
  },
  {
    id: "owlv2-base-patch16-ensemble",
    task: "open-vocabulary-detection",
    runtime: "transformers.js",
    files: hfFiles("onnx-community/owlv2-base-patch16-ensemble", "model_quantized.onnx"),
    license: "Apache-2.0",
    source: "Google OWLv2 base patch16 ensemble, ONNX export by onnx-community (Hugging Face)",
    inputs: [],
    outputs: [],
    preprocessing: "transformers.js zero-shot-object-detection pipeline; query phrases as given.",
    validated: "no: weights cannot be downloaded here; only the result post-processing is tested",
  },
  {
    id: "metric3d-vit-small",
    task: "metric-depth",
    runtime: "onnxruntime",
    files: [{
      name: "onnx-community/metric3d-vit-small/onnx/model.onnx",
      url: `${HF}/onnx-community/metric3d-vit-small/resolve/main/onnx/model.onnx`,
      // the publisher's full digest could not be read from here; the size is the published one
      sha256: [],
      bytes: 150_739_433,
    }],
    license: "BSD-2-Clause (Metric3D code); ONNX re-publication CC0-1.0 (onnx-community)",
    source: "Metric3D v2 ViT-S (YvanYin/Metric3D), ONNX by onnx-community on Hugging Face",
    inputs: [{ name: "pixel_values", shape: [1, 3, "height", "width"] }],
    outputs: [{ name: "predicted_depth", shape: [1, "height", "width"] }],
    preprocessing: "RGB scaled to fit 616×1064 (H×W) keeping the aspect ratio (bilinear), " +
      "padded evenly with the ImageNet mean colour, 0–255 NCHW (normalised inside the graph); " +
      "output: depth for a canonical camera with f = 1000 px, × (fx · scale / 1000) for metres, " +
      "cropped to the unpadded part and resized back to the image.",
    validated: "no: weights cannot be downloaded here; tested only against a generated ONNX " +
      "graph of the same signature",
    gpuStack: true,
  },
  {
    id: "depth-anything-v2-metric-indoor-small",
    task: "metric-depth",
    runtime: "onnxruntime",
    files: [{ name: "depth_anything_v2_metric_indoor_small.onnx", sha256: [] }],
    license: "Apache-2.0 (Small)",
    source: "No published ONNX: export depth-anything/Depth-Anything-V2-Metric-Indoor-Small-hf " +
      "where PyTorch is installed with `python3 scripts/export_models.py depth-anything-v2-" +
      "metric indoor` (writes this file into the models directory)",
    inputs: [{ name: "pixel_values", shape: ["batch", 3, "height", "width"] }],
    outputs: [{ name: "predicted_depth", shape: ["batch", "height", "width"] }],
    preprocessing: "RGB/255, ImageNet mean/std, resized (bicubic) so the shorter side is 518 " +
      "and both sides are multiples of 14, NCHW → metres along the optical axis at that size, " +
      "resized back to the image.",
    validated: "no: tested only against a generated ONNX graph of the same signature",
  },
  {
    id: "depth-anything-v2-metric-outdoor-small",
    task: "metric-depth",
    runtime: "onnxruntime",
    files: [{ name: "depth_anything_v2_metric_outdoor_small.onnx", sha256: [] }],
    license: "Apache-2.0 (Small)",
    source: "No published ONNX: `python3 scripts/export_models.py depth-anything-v2-metric " +
      "outdoor` where PyTorch is installed",
    inputs: [{ name: "pixel_values", shape: ["batch", 3, "height", "width"] }],
    outputs: [{ name: "predicted_depth", shape: ["batch", "height", "width"] }],
    preprocessing: "as depth-anything-v2-metric-indoor-small",
    validated: "no: tested only against a generated ONNX graph of the same signature",
  },
  {
    id: "blazepose-full",
    task: "pose-landmarks",
    runtime: "onnxruntime",
    files: [tfliteFile({
      package: "@mediapipe/pose",
      file: "pose_landmark_full.tflite",
      sha256: "e9a5c5cb17f736fafd4c2ec1da3b3d331d6edbe8a0d32395855aeb2cdfd64b9f",
    })],
    license: "Apache-2.0",
    source: "MediaPipe BlazePose GHUM full landmark model, shipped in the npm package " +
      "@mediapipe/pose@0.5.1675469404 (fetched by `deno install`); converted to ONNX on first use",
    inputs: [{ name: "input_1", shape: [1, 256, 256, 3] }],
    outputs: [
      { name: "Identity", shape: [1, 195] },
      { name: "Identity_1", shape: [1, 1] },
      { name: "Identity_4", shape: [1, 117] },
    ],
    preprocessing: "square crop 1.25× the person box's longer side around its centre, black " +
      "outside the image, bilinear to 256×256, RGB in [0, 1], NHWC. Outputs: Identity 39×(x, y, " +
      "z, visibility, presence) in crop pixels; Identity_1 pose flag (probability); Identity_4 " +
      "39×3 world landmarks in metres (hip-centred).",
    validated: "yes: conversion matches TensorFlow Lite's outputs on real crops " +
      "(models/tflite/convert_test.ts); real photos in models/blazepose_test.ts",
  },
  {
    id: "objectron-chair",
    task: "object-box-3d",
    runtime: "onnxruntime",
    files: [tfliteFile({
      package: "@mediapipe/objectron",
      file: "object_detection_3d_chair.tflite",
      sha256: "190e4ea49ba891ed242ddc73703e03d70164c27f3da07492d7010379e24f2a6b",
    })],
    license: "Apache-2.0",
    source: "MediaPipe Objectron chair model, shipped in the npm package " +
      "@mediapipe/objectron@0.4.1675468480 (fetched by `deno install`); converted to ONNX on " +
      "first use",
    inputs: [{ name: "input_1", shape: [1, 224, 224, 3] }],
    outputs: [{ name: "Identity_1", shape: [1, 18] }, { name: "Identity", shape: [1, 1] }],
    preprocessing: "square crop 1.5× the chair box's longer side around its centre, black " +
      "outside the image, bilinear to 224×224, RGB in [0, 1], NHWC. Outputs: Identity_1 9 box " +
      "keypoints (centre, 8 corners) in 224-px units; Identity presence.",
    validated: "yes: conversion matches TensorFlow Lite's outputs on real crops " +
      "(models/tflite/convert_test.ts); real photos in models/objectron_test.ts",
  },
  {
    id: "orient-anything",
    task: "orientation",
    runtime: "onnxruntime",
    files: [{ name: "orient_anything.onnx", sha256: [] }],
    license: "see the Orient Anything repository for the checkpoint you export (not checked here)",
    source: "No published ONNX: `python3 scripts/export_models.py orient-anything --repo " +
      "CLONE` exports the Orient Anything checkpoint (DINOv2-L + MLP head, 360+180+180+2 " +
      "outputs) where PyTorch is installed",
    inputs: [{ name: "pixel_values", shape: ["batch", 3, 224, 224] }],
    outputs: [{ name: "logits", shape: ["batch", 722] }],
    preprocessing: "crop of the object's box, resized so the shorter side is 256, centre crop " +
      "224, RGB/255, ImageNet mean/std (DINOv2 processor). Logits: azimuth 360 bins (1°), polar " +
      "180 bins (−90…89°), rotation 180 bins (−90…89°), 2-way confidence (softmax[0]).",
    validated: "no: tested only against a generated ONNX graph of the same signature",
  },
];

/** The entry with this id, or an InputError listing the known ids. */
export function getModelSpec(id: string, field = "model"): ModelSpec {
  const spec = MODELS.find((m) => m.id === id);
  if (spec) return spec;
  throw new InputError(
    field,
    `unknown model "${id}"`,
    `known: ${MODELS.map((m) => m.id).join(", ")}`,
  );
}
