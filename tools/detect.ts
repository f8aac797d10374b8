/**
 * `detect`: find objects in the image with the configured detector (YOLOX-nano by default, or
 * an open-vocabulary model), add them to the workspace with ids `label_N` numbered left to
 * right, and return them. Free-text queries map to COCO labels; a phrase the detector cannot
 * see is reported as not detectable, never answered with a made-up box.
 *
 * @module
 */
import { z } from "zod";
import { InputError } from "../core/errors.ts";
import { type Detection, iou } from "../models/boxes.ts";
import { cocoLabelFor, mapQueries } from "../models/coco_query.ts";
import { perceptionConfig } from "../models/config.ts";
import { detectOpenVocab } from "../models/open_vocab.ts";
import { resolveDetector } from "../models/stack.ts";
import { cachedResult, resultKey } from "../models/result_cache.ts";
import { planTiles } from "../models/tiles.ts";
import {
  DEFAULT_DETECT_OPTIONS,
  type DetectOptions,
  detectYolox,
  YOLOX_SIZE,
} from "../models/yolox.ts";
import { BoxSchema } from "../scene/schema.ts";
import { defineTool } from "./tool.ts";
import type { Workspace, WorkspaceObject } from "./workspace.ts";

/** Detections fetched per run before label filtering, so one cached run serves every query. */
const RUN_MAX = 300;
/** A new detection this close to an existing object of the same label is that object. */
const SAME_OBJECT_IOU = 0.7;

const DetectedObject = z.object({
  id: z.string(),
  label: z.string(),
  box: BoxSchema.optional(),
  score: z.number().min(0).max(1).optional(),
});

/** Adds detections to the workspace, reusing the id of an object already there. */
function addToWorkspace(ws: Workspace, dets: Detection[], detector: string): WorkspaceObject[] {
  const out: WorkspaceObject[] = [];
  const fresh: Detection[] = [];
  for (const d of dets) {
    const same = [...ws.objects.values()].find((o) =>
      o.label === d.label && o.box && iou(o.box, d.box) > SAME_OBJECT_IOU
    );
    if (same) out.push(same);
    else fresh.push(d);
  }
  const next = new Map<string, number>();
  const base = (label: string) => label.trim().toLowerCase().replace(/\s+/g, "_");
  for (const d of [...fresh].sort((a, b) => (a.box[0] + a.box[2]) - (b.box[0] + b.box[2]))) {
    const b = base(d.label);
    let n = next.get(b) ?? 0;
    let id: string;
    do id = `${b}_${++n}`; while (ws.objects.has(id));
    next.set(b, n);
    const o: WorkspaceObject = { id, label: d.label, box: d.box, score: d.score, detector };
    ws.objects.set(id, o);
    out.push(o);
  }
  return out.sort((a, b) => (a.box![0] + a.box![2]) - (b.box![0] + b.box![2]));
}

/** The detect tool. */
export const detectTool = defineTool({
  name: "detect",
  kind: "perception",
  description:
    'Find objects in the image. Give `query` (e.g. "dog", ["person", "sofa"]) to look for ' +
    "specific things, or nothing for every object the detector knows (80 COCO classes with the " +
    "default detector). Returns each object's id (e.g. dog_1, dog_2 from left to right), label, " +
    "2D box [x1, y1, x2, y2] in pixels and confidence. Things the detector cannot recognise are " +
    "listed in not_detectable.",
  input: z.object({
    query: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional()
      .describe("what to look for: a phrase or a list of phrases"),
    score_threshold: z.number().min(0).max(1).optional()
      .describe(`minimum confidence (default ${DEFAULT_DETECT_OPTIONS.scoreThreshold})`),
    max_detections: z.number().int().min(1).max(RUN_MAX).optional(),
    nms: z.number().min(0).max(1).optional()
      .describe(`IoU for suppressing duplicate boxes (default ${DEFAULT_DETECT_OPTIONS.nmsIou})`),
  }),
  output: z.object({
    model: z.string(),
    method: z.string(),
    uncertainty: z.string(),
    objects: z.array(DetectedObject),
    not_detectable: z.array(z.object({ query: z.string(), reason: z.string() })),
    cached: z.boolean(),
    note: z.string().optional(),
  }),
  async execute(input, { workspace: ws }) {
    const phrases = input.query === undefined
      ? undefined
      : Array.isArray(input.query)
      ? input.query
      : [input.query];
    if (ws.fromScene) return fromScene(ws, phrases);
    const image = ws.image;
    if (!image) throw new InputError("image", "this workspace has no image to detect in");
    const cfg = perceptionConfig();
    const spec = await resolveDetector(cfg, phrases !== undefined && phrases.length > 0);
    const opts: DetectOptions = {
      ...DEFAULT_DETECT_OPTIONS,
      ...(input.score_threshold !== undefined ? { scoreThreshold: input.score_threshold } : {}),
      ...(input.nms !== undefined ? { nmsIou: input.nms } : {}),
    };
    const max = input.max_detections ?? DEFAULT_DETECT_OPTIONS.maxDetections;
    let dets: Detection[];
    let cached: boolean;
    let tiles = 0;
    const notDetectable: { query: string; reason: string }[] = [];
    if (spec.task === "open-vocabulary-detection") {
      if (!phrases) {
        throw new InputError("query", `${spec.id} needs a query`, 'e.g. {"query": "red mug"}');
      }
      const key = resultKey(image.sha256, spec.id, { ...opts, phrases });
      const r = await cachedResult(key, () => detectOpenVocab(image, phrases, spec, opts, cfg));
      [dets, cached] = [r.value, r.hit];
    } else {
      const mapping = phrases ? mapQueries(phrases) : undefined;
      for (const q of mapping?.unknown ?? []) {
        notDetectable.push({ query: q, reason: `not detectable by ${spec.id}` });
      }
      const wanted = mapping ? new Set(mapping.labels.keys()) : undefined;
      if (wanted && wanted.size === 0) {
        return {
          model: spec.id,
          method: `${spec.id} not run: no query maps to a class it knows`,
          uncertainty: "none: nothing detected",
          objects: [],
          not_detectable: notDetectable,
          cached: false,
        };
      }
      const runOpts = { ...opts, maxDetections: RUN_MAX, tiling: cfg.tiling };
      const key = resultKey(image.sha256, spec.id, runOpts);
      const r = await cachedResult(
        key,
        async () => (await detectYolox(image, runOpts, cfg)).detections,
      );
      dets = r.value.filter((d) => !wanted || wanted.has(d.label));
      cached = r.hit;
      tiles = planTiles(image.width, image.height, YOLOX_SIZE, cfg.tiling).length;
    }
    const objects = addToWorkspace(ws, dets.slice(0, max), spec.id);
    return {
      model: spec.id,
      method: `${spec.id}, score ≥ ${opts.scoreThreshold}, class-wise NMS IoU ${opts.nmsIou}` +
        (tiles
          ? ` over the whole image and ${tiles} overlapping square tiles (wide image: small ` +
            "objects are found at tile scale; boxes cut by a tile side dropped)"
          : "") +
        "; boxes in original-image pixels",
      uncertainty: "score per object (detector confidence); boxes ±a few pixels",
      objects: objects.map((o) => ({ id: o.id, label: o.label, box: o.box!, score: o.score })),
      not_detectable: notDetectable,
      cached,
    };
  },
});

/** Objects of a scene file, filtered by the query, instead of running a detector. */
function fromScene(ws: Workspace, phrases: string[] | undefined) {
  const all = [...ws.objects.values()];
  const wanted = phrases?.map((p) => ({ p, label: cocoLabelFor(p) ?? p.trim().toLowerCase() }));
  const objects = wanted
    ? all.filter((o) => wanted.some((w) => (cocoLabelFor(o.label) ?? o.label) === w.label))
    : all;
  const notDetectable = (wanted ?? [])
    .filter((w) => !all.some((o) => (cocoLabelFor(o.label) ?? o.label) === w.label))
    .map((w) => ({ query: w.p, reason: "no object with this label in the scene file" }));
  return {
    model: "scene",
    method: "objects read from the scene file; no detector was run",
    uncertainty: "as given by the scene file",
    objects: objects.map((o) => ({
      id: o.id,
      label: o.label,
      ...(o.box ? { box: o.box } : {}),
      ...(o.score !== undefined ? { score: o.score } : {}),
    })),
    not_detectable: notDetectable,
    cached: false,
    note: "the workspace came from a scene file",
  };
}
