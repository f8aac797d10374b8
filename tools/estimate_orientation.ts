/**
 * `estimate_orientation`: each object's front direction in our frame with a confidence, from an
 * Orient Anything-style ONNX model when the user installed one, from the scene file when the
 * workspace came from one, and otherwise `unknown` with confidence 0 — never invented.
 *
 * @module
 */
import { z } from "zod";
import { anglesFromFront } from "../core/frame.ts";
import { perceptionConfig } from "../models/config.ts";
import {
  estimateOrientation,
  frontFromOrientation,
  type OrientationAngles,
} from "../models/orientation.ts";
import { getModelSpec, type ModelSpec } from "../models/registry.ts";
import { cachedResult, resultKey } from "../models/result_cache.ts";
import { filePath, isModelPresent } from "../models/store.ts";
import { Vec3Schema } from "../scene/schema.ts";
import { targetObjects } from "./targets.ts";
import { defineTool } from "./tool.ts";

/**
 * Below this model confidence the front is reported as unknown: Orient Anything's confidence
 * says whether the object has a meaningful front at all (a ball, a bottle have none).
 */
export const MIN_ORIENTATION_CONFIDENCE = 0.5;

const ObjectOrientation = z.object({
  id: z.string(),
  label: z.string(),
  front: Vec3Schema.nullable().describe("unit vector of the object's front, or null if unknown"),
  azimuth_deg: z.number().optional()
    .describe("0 = facing the camera, 90 = front to the camera's right, 180 = facing away"),
  confidence: z.number().min(0).max(1),
  source: z.string().describe("model id, scene, or unknown"),
});

/** The estimate_orientation tool. */
export const estimateOrientationTool = defineTool({
  name: "estimate_orientation",
  kind: "perception",
  description:
    "Estimate which way each object faces: its front as a unit vector [x right, y forward, " +
    "z up] and a confidence. When no orientation model is installed the front is null with " +
    "confidence 0 (unknown): then do not assume any facing direction.",
  input: z.object({ object_ids: z.array(z.string().min(1)).optional() }),
  output: z.object({
    model: z.string(),
    method: z.string(),
    uncertainty: z.string(),
    objects: z.array(ObjectOrientation),
    note: z.string().optional(),
  }),
  async execute(input, { workspace: ws }) {
    const targets = targetObjects(ws, input.object_ids);
    const unknown = (o: { id: string; label: string }) => ({
      id: o.id,
      label: o.label,
      front: null,
      confidence: 0,
      source: "unknown",
    });
    if (ws.fromScene) {
      return {
        model: "scene",
        method: "fronts read from the scene file; no model was run",
        uncertainty: "as given by the scene file",
        objects: targets.map((o) =>
          o.front
            ? {
              id: o.id,
              label: o.label,
              front: o.front,
              azimuth_deg: anglesFromFront(o.front).azimuthDeg,
              confidence: o.orientation_confidence ?? 1,
              source: "scene",
            }
            : unknown(o)
        ),
        note: "the workspace came from a scene file",
      };
    }
    const cfg = perceptionConfig();
    const spec: ModelSpec | undefined = cfg.orientationModel === "none"
      ? undefined
      : getModelSpec(cfg.orientationModel, "SPATIAL_ORIENTATION_MODEL");
    const image = ws.image;
    if (!spec || !image || !(await isModelPresent(spec, cfg))) {
      for (const o of targets) {
        o.front = undefined;
        o.orientation_confidence = 0;
        o.orientation_source = "unknown";
      }
      const where = spec ? filePath(cfg, spec.files[0]) : "";
      return {
        model: "none",
        method: "no orientation model is installed, so no front is known",
        uncertainty: "unknown: confidence 0",
        objects: targets.map(unknown),
        note: spec
          ? `to estimate orientations, export ${spec.id} to ONNX and put it at ${where} ` +
            "(docs/perception.md)"
          : "orientation disabled (SPATIAL_ORIENTATION_MODEL=none)",
      };
    }
    const objects: z.infer<typeof ObjectOrientation>[] = [];
    for (const o of targets) {
      if (!o.box) {
        objects.push(unknown(o));
        continue;
      }
      const box = o.box;
      const r = await cachedResult<OrientationAngles>(
        resultKey(image.sha256, spec.id, { box }),
        () => estimateOrientation(image, box, spec, cfg),
      );
      const a = r.value;
      o.orientation_source = spec.id;
      o.orientation_confidence = a.confidence;
      if (a.confidence < MIN_ORIENTATION_CONFIDENCE) {
        o.front = undefined;
        objects.push({ ...unknown(o), confidence: a.confidence, source: spec.id });
        continue;
      }
      o.front = frontFromOrientation(a, o.center);
      objects.push({
        id: o.id,
        label: o.label,
        front: o.front,
        azimuth_deg: a.azimuthDeg,
        confidence: a.confidence,
        source: spec.id,
      });
    }
    return {
      model: spec.id,
      method: `${spec.id} on each object's crop: argmax azimuth/polar/rotation bins → front ` +
        "along the viewing ray (level camera assumed)",
      uncertainty: `confidence per object; fronts below ${MIN_ORIENTATION_CONFIDENCE} are unknown`,
      objects,
    };
  },
});
