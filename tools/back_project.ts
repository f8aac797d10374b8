/**
 * `back_project`: pixels + depths → 3D points; an object's 2D box + depth → a robust 3D centre and
 * metric size, stored on the workspace object.
 *
 * @module
 */
import { z } from "zod";
import { gravityAlign } from "../core/frame.ts";
import { backProject } from "../core/pinhole.ts";
import { norm, type Vec3 } from "../core/vec.ts";
import { InputError } from "../core/errors.ts";
import { Vec3Schema } from "../scene/schema.ts";
import { defineTool } from "./tool.ts";
import { type DepthMap, getObject, type Workspace, type WorkspaceObject } from "./workspace.ts";

/** Fraction of the box (centred) whose depth-map pixels are used: edges are often background. */
const INNER_BOX_FRACTION = 0.6;
/** At most this many depth-map pixels are read per object. */
const MAX_SAMPLES = 4096;

/** Median of the valid (> 0) depth-map values inside the inner part of a box, with a spread. */
export function boxDepth(map: DepthMap, box: [number, number, number, number]) {
  const [x1, y1, x2, y2] = box;
  const shrink = (1 - INNER_BOX_FRACTION) / 2;
  const u0 = Math.max(0, Math.floor(x1 + (x2 - x1) * shrink));
  const u1 = Math.min(map.width - 1, Math.ceil(x2 - (x2 - x1) * shrink));
  const v0 = Math.max(0, Math.floor(y1 + (y2 - y1) * shrink));
  const v1 = Math.min(map.height - 1, Math.ceil(y2 - (y2 - y1) * shrink));
  const area = Math.max(1, (u1 - u0 + 1) * (v1 - v0 + 1));
  const step = Math.max(1, Math.floor(Math.sqrt(area / MAX_SAMPLES)));
  const values: number[] = [];
  for (let v = v0; v <= v1; v += step) {
    for (let u = u0; u <= u1; u += step) {
      const d = map.data[v * map.width + u];
      if (d > 0 && Number.isFinite(d)) values.push(d);
    }
  }
  if (values.length === 0) return undefined;
  values.sort((a, b) => a - b);
  const q = (p: number) => values[Math.min(values.length - 1, Math.floor(p * values.length))];
  return { median: q(0.5), spread: (q(0.75) - q(0.25)) / 1.349, samples: values.length };
}

/** Depth for an object: the workspace depth map over its box, else its own estimate. */
function objectDepth(ws: Workspace, o: WorkspaceObject, field: string) {
  if (ws.depthMap && o.box) {
    const d = boxDepth(ws.depthMap, o.box);
    if (d) return { value: d.median, method: `depth map median over box (${d.samples} px)` };
  }
  if (o.depth) return { value: o.depth.value, method: `per-object depth (${o.depth.method})` };
  throw new InputError(field, `object "${o.id}" has no depth`, "call estimate_depth on it first");
}

/**
 * Pixel + optical-axis depth → our gravity-aligned frame: back-projected in the camera's own axes,
 * then rotated by the pitch estimate_depth found (level camera when none).
 */
function toWorld(ws: Workspace, u: number, v: number, depth: number): Vec3 {
  const p = backProject(ws.camera, u, v, depth);
  return ws.ground ? gravityAlign(p, { pitchDeg: ws.ground.pitchDeg, rollDeg: 0 }) : p;
}

/** Centre and size from the box and depth; length assumed equal to width (one view shows no depth extent). */
function fromBox(ws: Workspace, o: WorkspaceObject, field: string) {
  if (!o.box) {
    throw new InputError(field, `object "${o.id}" has no 2D box`, "detect it first");
  }
  const { value: depth, method } = objectDepth(ws, o, field);
  const [x1, y1, x2, y2] = o.box;
  const cam = ws.camera;
  const center = toWorld(ws, (x1 + x2) / 2, (y1 + y2) / 2, depth);
  const width = (x2 - x1) * depth / cam.fx;
  const height = (y2 - y1) * depth / cam.fy;
  return {
    center,
    size: [width, width, height] as Vec3,
    method: `${method}; size from box, length assumed = width` +
      (ws.ground ? `; rotated by the estimated pitch ${ws.ground.pitchDeg.toFixed(1)}°` : ""),
  };
}

/** The back_project tool. */
export const backProjectTool = defineTool({
  name: "back_project",
  kind: "computation",
  description:
    "Turn 2D into 3D. For objects (object_ids): their 2D box and depth give a 3D centre " +
    "[x right, y forward, z up] in metres and a size [width, length, height]; call estimate_depth " +
    "first. For raw pixels: each {u, v, depth} gives a 3D point. Also returns each object's " +
    "distance to the camera.",
  input: z.object({
    object_ids: z.array(z.string().min(1)).optional(),
    pixels: z.array(z.object({
      u: z.number().finite(),
      v: z.number().finite(),
      depth: z.number().finite().positive().describe("metres along the camera's forward axis"),
    })).optional(),
  }),
  output: z.object({
    objects: z.array(z.object({
      id: z.string(),
      label: z.string(),
      center: Vec3Schema,
      size: Vec3Schema.optional(),
      distance: z.number().describe("distance from the camera to the centre, metres"),
      method: z.string(),
    })),
    points: z.array(
      z.object({ u: z.number(), v: z.number(), depth: z.number(), point: Vec3Schema }),
    ),
    intrinsics_source: z.string(),
  }),
  execute(input, { workspace: ws }) {
    if (!input.object_ids?.length && !input.pixels?.length) {
      throw new InputError(
        "object_ids",
        "give object_ids or pixels",
        'e.g. {"object_ids": ["dog_1"]}',
      );
    }
    const objects = (input.object_ids ?? []).map((id, i) => {
      const field = `object_ids[${i}]`;
      const o = getObject(ws, id, field);
      // Scene files give centres directly; there is nothing to back-project.
      const r = o.center && (ws.fromScene || !o.box)
        ? { center: o.center, size: o.size, method: "scene file" }
        : fromBox(ws, o, field);
      o.center = r.center;
      o.size = r.size;
      return {
        id,
        label: o.label,
        center: r.center,
        size: r.size,
        distance: norm(r.center),
        method: r.method,
      };
    });
    const points = (input.pixels ?? []).map((p) => ({
      ...p,
      point: toWorld(ws, p.u, p.v, p.depth),
    }));
    return { objects, points, intrinsics_source: ws.camera.source };
  },
});

/** back_project's result. */
export type BackProjected = z.output<typeof backProjectTool.output>;
