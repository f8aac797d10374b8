/**
 * `estimate_orientation`: each object's front direction in our frame with a confidence.
 *
 * - From the scene file when the workspace came from one.
 * - From an Orient Anything-style ONNX model, for every class, when the user installed one
 *   (it needs a GPU to be practical; see docs/perception.md).
 * - Nowhere when `SPATIAL_ORIENTATION_MODEL` (`--orientation-model`) is `none`.
 * - Otherwise offline, from models that ship in npm packages: people with BlazePose (torso
 *   normal of the 3-D landmarks, models/blazepose.ts) and objects the detector labelled chair
 *   with Objectron + EPnP (models/objectron.ts). Every other class stays unknown.
 *
 * Unknown = front null, confidence 0, and a reason — never invented. A front whose confidence is
 * below {@link MIN_ORIENTATION_CONFIDENCE} (tools/refs.ts, the one threshold) is reported with
 * its confidence but not stored on the object, so the planner treats it as unknown.
 *
 * @module
 */
import { z } from "zod";
import { describeFacing } from "../core/facing.ts";
import { anglesFromFront } from "../core/frame.ts";
import type { RgbImage } from "../core/image.ts";
import type { Intrinsics } from "../core/intrinsics.ts";
import { estimatePersonFront, type PersonFront } from "../models/blazepose.ts";
import { type PerceptionConfig, perceptionConfig } from "../models/config.ts";
import type { PitchEvidence } from "../models/ground_plane.ts";
import { CHAIR_PITCH_SIGMA_DEG, type ChairPose, estimateChairPose } from "../models/objectron.ts";
import {
  estimateOrientation,
  frontFromOrientation,
  type OrientationAngles,
} from "../models/orientation.ts";
import { getModelSpec, type ModelSpec } from "../models/registry.ts";
import { cachedResult, resultKey } from "../models/result_cache.ts";
import { isModelPresent } from "../models/store.ts";
import { Vec3Schema } from "../scene/schema.ts";
import type { Vec3 } from "../core/vec.ts";
import { MIN_ORIENTATION_CONFIDENCE } from "./refs.ts";
import { targetObjects } from "./targets.ts";
import { defineTool } from "./tool.ts";
import type { Workspace, WorkspaceObject } from "./workspace.ts";

/** Detector classes with an orientation model that runs offline, and that model's id. */
export const OFFLINE_ORIENTATION_MODELS: Readonly<Record<string, string>> = {
  person: "blazepose-full",
  chair: "objectron-chair",
};

/** Boxes whose longer side is shorter than this (pixels) are too small to judge. */
export const MIN_ORIENTATION_BOX_PX = 16;

const ObjectOrientation = z.object({
  id: z.string(),
  label: z.string(),
  front: Vec3Schema.nullable().describe("unit vector of the object's front, or null if unknown"),
  azimuth_deg: z.number().optional()
    .describe("0 = facing the camera, 90 = front to the camera's right, 180 = facing away"),
  facing: z.string().optional().describe('in words, e.g. "facing away (170°)"'),
  confidence: z.number().min(0).max(1),
  source: z.string().describe("model id, scene, or unknown"),
  reason: z.string().optional().describe("why the front is unknown or not used"),
  evidence: z.string().optional().describe("what the confidence was made of"),
  camera_pitch_deg: z.number().optional()
    .describe("camera pitch measured from this object's 3-D box (chairs), positive = looking up"),
});
type ObjectOrientation = z.infer<typeof ObjectOrientation>;

const f2 = (n: number) => n.toFixed(2);

/** What one object's model run gives: a front (maybe weak) or a reason there is none. */
interface Judgement {
  front?: Vec3;
  confidence: number;
  reason?: string;
  evidence?: string;
  cameraPitchDeg?: number;
}

function personJudgement(r: PersonFront | undefined): Judgement {
  if (!r) return { confidence: 0, reason: "the torso landmarks give no horizontal direction" };
  return {
    front: r.front,
    confidence: r.confidence,
    evidence: `pose flag ${f2(r.poseFlag)}, 2-D shoulder order ${r.shoulderOrder}` +
      (r.headAngleDeg === undefined ? "" : `, head ${Math.round(r.headAngleDeg)}° from torso`),
  };
}

function chairJudgement(r: ChairPose): Judgement {
  if (!r.front) {
    return {
      confidence: 0,
      reason: r.presence < 0.5
        ? `the chair model does not see a chair in the crop (presence ${f2(r.presence)})`
        : "the fitted 3-D box has no horizontal front",
    };
  }
  return {
    front: r.front,
    confidence: r.confidence,
    evidence: `presence ${f2(r.presence)}` +
      (r.tilt ? "" : "; box up leans sideways, camera tilt not applied"),
    ...(r.tilt ? { cameraPitchDeg: r.tilt.pitchDeg } : {}),
  };
}

/** Runs the offline model for this object's class, or says why there is none. */
async function offlineJudgement(
  o: WorkspaceObject,
  image: RgbImage,
  camera: Intrinsics,
  cfg: PerceptionConfig,
): Promise<{ judgement: Judgement; source: string }> {
  const id = OFFLINE_ORIENTATION_MODELS[o.label];
  if (!id) {
    return {
      source: "unknown",
      judgement: {
        confidence: 0,
        reason: `no offline orientation model for "${o.label}" (offline: ${
          Object.keys(OFFLINE_ORIENTATION_MODELS).join(", ")
        }); with a GPU, add Orient Anything for every class (docs/perception.md)`,
      },
    };
  }
  const box = o.box!;
  const spec = getModelSpec(id);
  if (!(await isModelPresent(spec, cfg))) {
    return {
      source: "unknown",
      judgement: {
        confidence: 0,
        reason: `${id} is not installed (run \`deno install\` in the project directory)`,
      },
    };
  }
  const r = await cachedResult<Judgement>(
    resultKey(image.sha256, id, { box, camera: [camera.fx, camera.fy, camera.cx, camera.cy] }),
    async () =>
      o.label === "person"
        ? personJudgement(await estimatePersonFront(image, box, camera, spec, cfg))
        : chairJudgement(await estimateChairPose(image, box, camera, spec, cfg)),
  );
  return { judgement: r.value, source: id };
}

/** Orient Anything's judgement, when the user installed it. */
async function orientAnythingJudgement(
  o: WorkspaceObject,
  image: RgbImage,
  spec: ModelSpec,
  cfg: PerceptionConfig,
): Promise<Judgement> {
  const box = o.box!;
  const a = (await cachedResult<OrientationAngles>(
    resultKey(image.sha256, spec.id, { box }),
    () => estimateOrientation(image, box, spec, cfg),
  )).value;
  return { front: frontFromOrientation(a, o.center), confidence: a.confidence };
}

/** Stores the judgement on the object and writes its output row. */
function record(o: WorkspaceObject, j: Judgement, source: string): ObjectOrientation {
  const usable = j.front && j.confidence >= MIN_ORIENTATION_CONFIDENCE;
  o.front = usable ? j.front : undefined;
  o.orientation_confidence = j.confidence;
  o.orientation_source = source;
  const extra = {
    ...(j.evidence ? { evidence: j.evidence } : {}),
    ...(j.cameraPitchDeg === undefined ? {} : { camera_pitch_deg: j.cameraPitchDeg }),
  };
  if (!j.front) {
    return {
      id: o.id,
      label: o.label,
      front: null,
      confidence: 0,
      source,
      ...(j.reason ? { reason: j.reason } : {}),
      ...extra,
    };
  }
  const facing = describeFacing(j.front);
  return {
    id: o.id,
    label: o.label,
    front: usable ? j.front : null,
    azimuth_deg: anglesFromFront(j.front).azimuthDeg,
    facing,
    confidence: j.confidence,
    source,
    ...(usable ? {} : {
      reason: `${facing} at confidence ${j.confidence.toFixed(3)}, below ` +
        `${MIN_ORIENTATION_CONFIDENCE}: not used`,
    }),
    ...extra,
  };
}

function unknown(o: WorkspaceObject, reason: string): ObjectOrientation {
  return record(o, { confidence: 0, reason }, "unknown");
}

/**
 * The camera pitch the chairs' 3-D boxes measured, stored on the workspace for estimate_depth's
 * ground fit: the mean over the chairs, its sigma the larger of {@link CHAIR_PITCH_SIGMA_DEG} and
 * the chairs' own spread, over √n; undefined when no chair gave one.
 */
export function chairPitchEvidence(rows: ObjectOrientation[]): PitchEvidence | undefined {
  const pitches = rows.flatMap((r) => r.camera_pitch_deg === undefined ? [] : [r.camera_pitch_deg]);
  const n = pitches.length;
  if (n === 0) return undefined;
  const deg = pitches.reduce((a, p) => a + p, 0) / n;
  const spread = n > 1 ? Math.sqrt(pitches.reduce((a, p) => a + (p - deg) ** 2, 0) / (n - 1)) : 0;
  return {
    deg,
    sigmaDeg: Math.max(CHAIR_PITCH_SIGMA_DEG, spread) / Math.sqrt(n),
    source: `objectron ${
      rows.filter((r) => r.camera_pitch_deg !== undefined).map((r) => r.id).join("+")
    }`,
  };
}

/** Records the chairs' pitch on the workspace; the output's note says so. */
function keepPitch(ws: Workspace, rows: ObjectOrientation[]): string | undefined {
  const p = chairPitchEvidence(rows);
  if (!p) return undefined;
  ws.pitchEvidence = p;
  return `camera pitch ${p.deg.toFixed(1)}° ± ${p.sigmaDeg.toFixed(1)}° from ${p.source}'s ` +
    "3-D box, kept for the ground fit (estimate_depth)";
}

/** The estimate_orientation tool. */
export const estimateOrientationTool = defineTool({
  name: "estimate_orientation",
  kind: "perception",
  description: "Estimate which way each object faces: its front as a unit vector [x right, " +
    "y forward, z up], azimuth (0 = facing the camera, 180 = facing away) and a confidence. " +
    "People and chairs have offline models; other classes are unknown (front null, " +
    `confidence 0) unless an Orient Anything model is installed. Fronts below confidence ` +
    `${MIN_ORIENTATION_CONFIDENCE} are not used: then do not assume any facing direction.`,
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
              facing: describeFacing(o.front),
              confidence: o.orientation_confidence ?? 1,
              source: "scene",
            }
            : { id: o.id, label: o.label, front: null, confidence: 0, source: "unknown" }
        ),
        note: "the workspace came from a scene file",
      };
    }
    const cfg = perceptionConfig();
    if (cfg.orientationModel === "none") {
      const reason = "orientation disabled (SPATIAL_ORIENTATION_MODEL=none)";
      return {
        model: "none",
        method: "no orientation model was run",
        uncertainty: "unknown: confidence 0",
        objects: targets.map((o) => unknown(o, reason)),
        note: reason,
      };
    }
    const general = getModelSpec(cfg.orientationModel, "SPATIAL_ORIENTATION_MODEL");
    const useGeneral = general && (await isModelPresent(general, cfg)) ? general : undefined;
    const image = ws.image;
    const objects: ObjectOrientation[] = [];
    const used = new Set<string>();
    for (const o of targets) {
      if (!image) {
        objects.push(unknown(o, "no image to look at"));
        continue;
      }
      if (!o.box) {
        objects.push(unknown(o, "the object has no box in the image"));
        continue;
      }
      const side = Math.max(o.box[2] - o.box[0], o.box[3] - o.box[1]);
      if (!(side >= MIN_ORIENTATION_BOX_PX)) {
        objects.push(
          unknown(o, `its box is ${Math.round(side)} px, under ${MIN_ORIENTATION_BOX_PX} px`),
        );
        continue;
      }
      if (useGeneral) {
        used.add(useGeneral.id);
        objects.push(
          record(o, await orientAnythingJudgement(o, image, useGeneral, cfg), useGeneral.id),
        );
        continue;
      }
      const { judgement, source } = await offlineJudgement(o, image, ws.camera, cfg);
      if (source !== "unknown") used.add(source);
      objects.push(record(o, judgement, source));
    }
    const offline = Object.entries(OFFLINE_ORIENTATION_MODELS)
      .map(([label, id]) => `${label}: ${id}`).join(", ");
    const pitchNote = keepPitch(ws, objects);
    const notes = [
      useGeneral
        ? undefined
        : `orientation models offline for ${
          Object.keys(OFFLINE_ORIENTATION_MODELS).join(" and ")
        } only; other classes are unknown. With a GPU, add Orient Anything for every class ` +
          "(docs/perception.md)",
      pitchNote,
    ].filter((n) => n !== undefined);
    return {
      model: used.size ? [...used].join("+") : "none",
      method: useGeneral
        ? `${useGeneral.id} on each object's crop: argmax azimuth/polar/rotation bins → front ` +
          "along the viewing ray (level camera assumed)"
        : `offline models per class (${offline}): BlazePose torso normal from 3-D landmarks, ` +
          "rotated from the crop's viewing ray (level camera assumed); chair 3-D box by EPnP " +
          "with the image intrinsics, front = seat side made horizontal with the camera tilt " +
          "measured from the box's up",
      uncertainty: `confidence per object; fronts below ${MIN_ORIENTATION_CONFIDENCE} are ` +
        "reported but not used",
      objects,
      ...(notes.length ? { note: notes.join("; ") } : {}),
    };
  },
});
