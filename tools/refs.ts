/**
 * How computation tools name things: a Ref is an object id or a literal [x, y, z]; an Observer
 * is the camera, an object (at its centre, facing its front), or "standing at A facing B".
 *
 * @module
 */
import { z } from "zod";
import { InputError } from "../core/errors.ts";
import { cameraFrame, type EgoFrame, facingFrame, observerFrame } from "../core/egocentric.ts";
import type { Vec3 } from "../core/vec.ts";
import { Vec3Schema } from "../scene/schema.ts";
import { getCenter, getObject, type Workspace } from "./workspace.ts";

/** An object id (e.g. "dog_1") or a literal [x, y, z] in our frame. */
export const Ref = z.union([z.string().min(1), Vec3Schema]).describe(
  'an object id such as "dog_1", or [x, y, z] in metres (our frame: +x right, +y forward, +z up)',
);
/** An object id or a literal vector. */
export type Ref = z.infer<typeof Ref>;

/** Whose point of view. */
export const Observer = z.union([
  z.literal("camera"),
  z.object({ object_id: z.string().min(1) }).describe("stand at the object, facing its front"),
  z.object({ position: Ref, facing: Ref }).describe("stand at position, facing toward a point"),
]).describe('"camera", {"object_id": id}, or {"position": Ref, "facing": Ref}');
/** Whose point of view. */
export type Observer = z.infer<typeof Observer>;

/** Minimum orientation confidence for an object's front to be used as a viewpoint. */
export const MIN_ORIENTATION_CONFIDENCE = 0.5;

/** The label of a ref, for messages and traces: the id, or the vector written out. */
export function refName(ref: Ref): string {
  return typeof ref === "string" ? ref : `(${ref.join(", ")})`;
}

/** A Ref as a point: an object's 3D centre, or the literal. */
export function resolvePoint(ws: Workspace, ref: Ref, field: string): Vec3 {
  return typeof ref === "string" ? getCenter(ws, ref, field) : ref;
}

/** A Ref as a direction: an object's front (when known well enough), or the literal. */
export function resolveDirection(ws: Workspace, ref: Ref, field: string): Vec3 {
  if (typeof ref !== "string") return ref;
  const o = getObject(ws, ref, field);
  const confidence = o.orientation_confidence ?? 0;
  if (!o.front || confidence < MIN_ORIENTATION_CONFIDENCE) {
    throw new InputError(
      field,
      `the orientation of "${ref}" is unknown or too uncertain (confidence ${
        confidence.toFixed(2)
      })`,
      o.front ? `below ${MIN_ORIENTATION_CONFIDENCE}` : "call estimate_orientation first",
    );
  }
  return o.front;
}

/** An Observer as an egocentric frame plus a short description for the trace. */
export function resolveObserver(
  ws: Workspace,
  observer: Observer,
  field = "observer",
): { frame: EgoFrame; description: string } {
  if (observer === "camera") return { frame: cameraFrame(), description: "the camera" };
  if ("object_id" in observer) {
    const f = `${field}.object_id`;
    const origin = getCenter(ws, observer.object_id, f);
    const front = resolveDirection(ws, observer.object_id, f);
    return {
      frame: observerFrame(origin, front, f),
      description: `${observer.object_id}, facing its front`,
    };
  }
  const position = resolvePoint(ws, observer.position, `${field}.position`);
  const target = resolvePoint(ws, observer.facing, `${field}.facing`);
  return {
    frame: facingFrame(position, target, `${field}.facing`),
    description: `standing at ${refName(observer.position)} facing ${refName(observer.facing)}`,
  };
}
