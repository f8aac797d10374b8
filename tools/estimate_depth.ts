/**
 * `estimate_depth`: each object's metric distance along the camera's forward axis, with an
 * uncertainty. Backend chosen by the workspace and config: a supplied depth map (`rgbd`) when
 * present, else the `size-prior` (ground contact + class size, models/object_depth.ts), or a
 * metric depth model when configured (SPATIAL_DEPTH_BACKEND). Scene files give depths directly.
 * With an image, the camera's height and pitch are estimated from the ground-standing objects
 * (models/ground_plane.ts) whatever the backend — with a depth map, its floor's pitch and height
 * (models/floor_plane.ts) replace the priors, and without one a pitch that estimate_orientation
 * measured from a chair's 3-D box (`ws.pitchEvidence`) replaces the pitch prior — stored on the
 * workspace for back_project's gravity alignment, and reported with the evidence it used.
 *
 * @module
 */
import { z } from "zod";
import { InputError } from "../core/errors.ts";
import { cocoLabelFor } from "../models/coco_query.ts";
import { perceptionConfig } from "../models/config.ts";
import { estimateMetricDepth, gpuStackModel } from "../models/stack.ts";
import { getModelSpec } from "../models/registry.ts";
import { cachedResult, resultKey } from "../models/result_cache.ts";
import { floorFromDepth } from "../models/floor_plane.ts";
import { type Cue, objectDepths } from "../models/object_depth.ts";
import { SIZE_PRIORS } from "../models/size_prior.ts";
import { boxDepth } from "./back_project.ts";
import { CameraPose, cameraPoseOf } from "../scene/schema.ts";
import { defineTool } from "./tool.ts";
import { targetObjects } from "./targets.ts";
import type { DepthEstimate, Workspace, WorkspaceObject } from "./workspace.ts";

/** Floor on an rgbd uncertainty: sensor noise is never zero (≈1 % of range for RGB-D/LiDAR). */
const RGBD_MIN_RELATIVE = 0.01;

/** A depth with the backend that produced it and a sentence on how. */
interface Found {
  value: number;
  uncertainty: number;
  backend: string;
  detail: string;
  /** The cues behind a geometric estimate. */
  cues?: z.infer<typeof Cues>;
  /** Lost cues, occlusion, ordering. */
  notes?: string[];
}

/** Per-object depths from ground contact + class size, over all boxed objects of the image. */
type Geometry = ReturnType<typeof objectDepths>;

/** Ground plane and object depths of the workspace's image (all objects: occlusion needs them). */
function geometry(ws: Workspace): Geometry | undefined {
  if (!ws.image) return undefined;
  const inputs = [...ws.objects.values()].filter((o) => o.box).map((o) => ({
    id: o.id,
    label: cocoLabelFor(o.label) ?? (SIZE_PRIORS[o.label] ? o.label : undefined),
    box: o.box!,
  }));
  // a depth map's floor, when it shows one, fixes pitch and height better than the objects;
  // else a pitch measured by estimate_orientation (a chair's 3-D box) replaces the pitch prior
  const floor = ws.depthMap ? floorFromDepth(ws.depthMap, ws.camera) : undefined;
  return objectDepths(
    inputs,
    ws.camera,
    ws.image,
    floor
      ? { pitch: floor.pitch, height: floor.height }
      : ws.pitchEvidence
      ? { pitch: ws.pitchEvidence }
      : {},
  );
}

/** Depth from the cues, or the reason there is none. */
function sizePrior(ws: Workspace, o: WorkspaceObject, geo: Geometry | undefined): Found | string {
  if (!o.box) return "no 2D box";
  if (!ws.image || !geo) return "no image size";
  const d = geo.objects.find((x) => x.id === o.id);
  if (!d) return `no typical size known for "${o.label}"`;
  const cue = (c: Cue | undefined) =>
    c && { depth: c.value, uncertainty: c.uncertainty, detail: c.detail };
  const used = [d.ground && "ground contact", d.size && "class size"].filter(Boolean).join(" + ");
  return {
    value: d.value,
    uncertainty: d.uncertainty,
    backend: "size-prior",
    detail: `size-prior: ${used}, focal ${ws.camera.fy.toFixed(0)} px (${ws.camera.source})` +
      (d.notes.length ? `; ${d.notes.join("; ")}` : ""),
    cues: {
      ...(d.ground ? { ground: cue(d.ground) } : {}),
      ...(d.size ? { size: cue(d.size) } : {}),
    },
    notes: d.notes,
  };
}

/** Depth from the workspace's depth map over the object's box, or undefined. */
function fromMap(ws: Workspace, o: WorkspaceObject, backend: string): Found | undefined {
  if (!ws.depthMap || !o.box) return undefined;
  const d = boxDepth(ws.depthMap, o.box);
  if (!d) return undefined;
  return {
    value: d.median,
    uncertainty: Math.max(d.spread, RGBD_MIN_RELATIVE * d.median),
    backend,
    detail: `median of ${d.samples} depth-map pixels in the inner box (${ws.depthMap.source})`,
  };
}

const CueOut = z.object({
  depth: z.number().positive().describe("metres along the camera's forward axis"),
  uncertainty: z.number().nonnegative().describe("one sigma, metres"),
  detail: z.string(),
});

const Cues = z.object({
  ground: CueOut.optional().describe("from the box bottom, the horizon and the camera height"),
  size: CueOut.optional().describe("from the box size and the class's typical size"),
});

const ObjectDepth = z.object({
  id: z.string(),
  label: z.string(),
  depth: z.number().positive().describe("metres along the camera's forward axis"),
  uncertainty: z.number().nonnegative().describe("one sigma, metres"),
  method: z.string(),
  cues: Cues.optional().describe("each cue's own estimate (size-prior backend)"),
  notes: z.array(z.string()).optional().describe("edges cut or hidden, occlusion order"),
});

/** The estimate_depth tool. */
export const estimateDepthTool = defineTool({
  name: "estimate_depth",
  kind: "perception",
  description:
    "Estimate how far each object is from the camera (metres along the viewing direction), " +
    "with an uncertainty. Call after detect; then back_project turns box + depth into 3D. " +
    "Leave object_ids out for every detected object.",
  input: z.object({ object_ids: z.array(z.string().min(1)).optional() }),
  output: z.object({
    model: z.string(),
    method: z.string(),
    uncertainty: z.string(),
    objects: z.array(ObjectDepth),
    skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
    camera_pose: CameraPose.optional().describe(
      "camera height and pitch from the ground-standing objects; the 3D frame is rotated by it",
    ),
    note: z.string().optional(),
  }),
  async execute(input, { workspace: ws }) {
    const targets = targetObjects(ws, input.object_ids);
    if (ws.fromScene) {
      const objects = targets.filter((o) => o.center).map((o) => {
        o.depth = { value: o.center![1], uncertainty: 0, method: "scene file" };
        return {
          id: o.id,
          label: o.label,
          depth: o.center![1],
          uncertainty: 0,
          method: "scene file",
        };
      });
      return {
        model: "scene",
        method: "depth = forward coordinate of the scene file's centre; no model was run",
        uncertainty: "as given by the scene file",
        objects: objects.filter((o) => o.depth > 0),
        skipped: targets.filter((o) => !o.center || o.center[1] <= 0)
          .map((o) => ({ id: o.id, reason: "no centre in front of the camera in the scene file" })),
        note: "the workspace came from a scene file",
      };
    }
    const cfg = perceptionConfig();
    let backend = cfg.depthBackend;
    if (backend === "auto") {
      backend = ws.depthMap
        ? "rgbd"
        : (await gpuStackModel(cfg, "metric-depth"))?.id ?? "size-prior";
    }
    let model: string | undefined;
    if (backend === "rgbd" && !ws.depthMap) {
      throw new InputError(
        "depth backend",
        "rgbd needs a depth map supplied with the image",
        "pass --rgbd depth.png --depth-scale N, or use SPATIAL_DEPTH_BACKEND=size-prior",
      );
    }
    if (backend !== "rgbd" && backend !== "size-prior") {
      const spec = getModelSpec(backend, "SPATIAL_DEPTH_BACKEND");
      if (spec.task !== "metric-depth") {
        throw new InputError("SPATIAL_DEPTH_BACKEND", `${spec.id} is not a metric depth model`);
      }
      const image = ws.image;
      if (!image) throw new InputError("image", "no image to estimate depth from");
      const r = await cachedResult(
        resultKey(image.sha256, spec.id, {}),
        () => estimateMetricDepth(image, ws.camera.fx, spec, cfg),
      );
      ws.depthMap = r.value; // back_project then reads the same map
      model = spec.id;
    }
    const geo = geometry(ws);
    if (geo) ws.ground = geo.ground;
    const objects: z.infer<typeof ObjectDepth>[] = [];
    const skipped: { id: string; reason: string }[] = [];
    for (const o of targets) {
      let d: Found | string | undefined = backend === "size-prior"
        ? sizePrior(ws, o, geo)
        : fromMap(ws, o, backend);
      if (d === undefined) {
        // no valid depth pixels in the box (sparse LiDAR): the size prior still gives a value
        const fallback = sizePrior(ws, o, geo);
        d = typeof fallback === "string"
          ? `no valid depth pixels in the box; ${fallback}`
          : { ...fallback, detail: `no valid depth pixels in the box; ${fallback.detail}` };
      }
      if (typeof d === "string") {
        skipped.push({ id: o.id, reason: d });
        continue;
      }
      const estimate: DepthEstimate = {
        value: d.value,
        uncertainty: d.uncertainty,
        method: d.backend,
      };
      if (model && d.backend === model) estimate.model = model;
      o.depth = estimate;
      objects.push({
        id: o.id,
        label: o.label,
        depth: d.value,
        uncertainty: d.uncertainty,
        method: d.detail,
        ...(d.cues ? { cues: d.cues } : {}),
        ...(d.notes?.length ? { notes: d.notes } : {}),
      });
    }
    return {
      model: model ?? backend,
      method: backend === "size-prior"
        ? "size-prior: ground contact (box bottom vs horizon and camera height) and class size " +
          "(focal length × typical size ÷ box size), combined by inverse variance"
        : `median of the depth map (${ws.depthMap!.source}) over the inner 60 % of each box`,
      uncertainty: "one sigma in metres per object",
      objects,
      skipped,
      ...(geo ? { camera_pose: cameraPoseOf(geo.ground) } : {}),
    };
  },
});
