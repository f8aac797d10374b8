/**
 * The perception pipeline as the agent sees it: detect → estimate_depth → back_project →
 * estimate_orientation, each through {@link runTool} so every step lands in the trace, and the
 * resulting workspace written out as a scene (the output of `deno task perceive`). When chairs
 * are detected, their orientation runs first as well: Objectron's 3-D box of a chair measures the
 * camera pitch, which estimate_depth's ground fit then uses (its camera_pose names the chair);
 * the last estimate_orientation still covers every object (the chairs' runs are cached).
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { FRAME } from "../core/frame.ts";
import type { GroundPlane } from "../models/ground_plane.ts";
import { cameraPoseOf, type NormalizedScene } from "../scene/schema.ts";
import type { Registry } from "../tools/registry.ts";
import type { ToolContext } from "../tools/tool.ts";
import type { Workspace } from "../tools/workspace.ts";
import { type EventSink, runTool } from "./run_tool.ts";
import type { Trace } from "./trace.ts";

/** Arguments of the first step, `detect` (query, thresholds). */
export type DetectArgs = Record<string, unknown>;

async function step(
  registry: Registry,
  name: string,
  args: unknown,
  ctx: ToolContext,
  trace: Trace,
  onEvent?: EventSink,
): Promise<void> {
  const r = await runTool(registry, name, args, ctx, trace, onEvent);
  if (!r.ok) throw new InputError(name, r.error);
}

/**
 * Runs the four perception tools on the workspace and returns the scene. With no objects
 * detected the scene is empty and the later steps are not run.
 */
export async function perceive(
  registry: Registry,
  ctx: ToolContext,
  trace: Trace,
  onEvent?: EventSink,
  detectArgs: DetectArgs = {},
): Promise<NormalizedScene> {
  const ws = ctx.workspace;
  await step(registry, "detect", detectArgs, ctx, trace, onEvent);
  if (ws.objects.size > 0) {
    // a chair's 3-D box measures the camera pitch: orient chairs first so the ground fit has it
    const chairs = [...ws.objects.values()].filter((o) => o.label === "chair").map((o) => o.id);
    if (chairs.length > 0) {
      await step(registry, "estimate_orientation", { object_ids: chairs }, ctx, trace, onEvent);
    }
    await step(registry, "estimate_depth", {}, ctx, trace, onEvent);
    if (ws.ground) recordPose(trace, ws.ground);
    const ids = [...ws.objects.values()].filter((o) => o.depth || o.center).map((o) => o.id);
    if (ids.length > 0) {
      await step(registry, "back_project", { object_ids: ids }, ctx, trace, onEvent);
    }
    await step(registry, "estimate_orientation", {}, ctx, trace, onEvent);
  }
  return sceneOf(ws);
}

/**
 * The trace's frame says the camera pose was estimated (with its uncertainty) instead of assuming
 * a level camera; roll is still assumed zero.
 */
function recordPose(trace: Trace, g: GroundPlane): void {
  const rest = trace.frame.assumptions.filter((a) => !/^level camera/.test(a));
  trace.frame.assumptions = [`camera pose ${g.source}: ${g.note}; roll assumed 0`, ...rest];
}

/** The workspace as a scene: objects with a 3D centre, plus camera, intrinsics source, frame. */
export function sceneOf(ws: Workspace): NormalizedScene {
  const { source, fx, fy, cx, cy } = ws.camera;
  const objects = [...ws.objects.values()].filter((o) => o.center).map((o) => ({
    id: o.id,
    label: o.label,
    center: o.center!,
    ...(o.size ? { size: o.size } : {}),
    ...(o.front ? { front: o.front } : {}),
    orientation_confidence: o.front ? (o.orientation_confidence ?? 0) : 0,
    orientation_source: o.orientation_source ?? "unknown",
    ...(o.box ? { box: o.box } : {}),
    ...(o.score !== undefined ? { score: o.score } : {}),
    ...(o.detector ? { detector: o.detector } : {}),
    ...(o.depth ? { depth: o.depth } : {}),
  }));
  return {
    ...(ws.image?.path ? { image: ws.image.path } : {}),
    ...(ws.image ? { width: ws.image.width, height: ws.image.height } : {}),
    camera: { fx, fy, cx, cy },
    intrinsics_source: source,
    frame: `${FRAME.name}: ${FRAME.axes}, ${FRAME.units}`,
    ...(ws.ground ? { camera_pose: cameraPoseOf(ws.ground) } : {}),
    objects,
  };
}
