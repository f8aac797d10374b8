/**
 * `estimate_depth`: each object's metric distance along the camera's forward axis, with an
 * uncertainty. Backend chosen by the workspace and config: a supplied depth map (`rgbd`) when
 * present, else the `size-prior` (box size + focal length + typical class sizes), or a metric
 * depth model when configured (SPATIAL_DEPTH_BACKEND). Scene files give depths directly.
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
import { sizePriorDepth } from "../models/size_prior.ts";
import { boxDepth } from "./back_project.ts";
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
}

/** Depth from the size prior, or the reason there is none. */
function sizePrior(ws: Workspace, o: WorkspaceObject): Found | string {
  if (!o.box) return "no 2D box";
  if (!ws.image) return "no image size";
  const label = cocoLabelFor(o.label) ?? o.label;
  const d = sizePriorDepth(label, o.box, ws.camera, ws.image);
  if (!d) return `no typical size known for "${o.label}"`;
  return {
    value: d.value,
    uncertainty: d.uncertainty,
    backend: "size-prior",
    detail: `size-prior: typical ${label} size over box ${d.used}, focal ${
      ws.camera.fy.toFixed(0)
    } px (${ws.camera.source})`,
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

const ObjectDepth = z.object({
  id: z.string(),
  label: z.string(),
  depth: z.number().positive().describe("metres along the camera's forward axis"),
  uncertainty: z.number().nonnegative().describe("one sigma, metres"),
  method: z.string(),
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
    const objects: z.infer<typeof ObjectDepth>[] = [];
    const skipped: { id: string; reason: string }[] = [];
    for (const o of targets) {
      let d: Found | string | undefined = backend === "size-prior"
        ? sizePrior(ws, o)
        : fromMap(ws, o, backend);
      if (d === undefined) {
        // no valid depth pixels in the box (sparse LiDAR): the size prior still gives a value
        const fallback = sizePrior(ws, o);
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
      });
    }
    return {
      model: model ?? backend,
      method: backend === "size-prior"
        ? "size-prior: focal length × typical metric size of the class ÷ box size in pixels"
        : `median of the depth map (${ws.depthMap!.source}) over the inner 60 % of each box`,
      uncertainty: "one sigma in metres per object",
      objects,
      skipped,
    };
  },
});
