/**
 * `change_viewpoint`: express points and directions in an observer's egocentric frame.
 *
 * @module
 */
import { z } from "zod";
import { bearingDegrees, leftOf, toLocalDirection, toLocalPoint } from "../core/egocentric.ts";
import { norm } from "../core/vec.ts";
import { InputError } from "../core/errors.ts";
import { Vec3Schema } from "../scene/schema.ts";
import { defineTool } from "./tool.ts";
import { Observer, Ref, resolveDirection, resolveObserver, resolvePoint } from "./refs.ts";

const Local = Vec3Schema.describe("[right, forward, up] components in the observer's frame");

/** The change_viewpoint tool. */
export const changeViewpoint = defineTool({
  name: "change_viewpoint",
  kind: "computation",
  description:
    "Express points and directions from an observer's point of view: the camera, an object " +
    '(standing at it, facing its front: {"object_id": id}), or standing at one place facing ' +
    'another ({"position": ..., "facing": ...}). Returns [right, forward, up] components: ' +
    "right > 0 means on the observer's right, forward > 0 means in front of the observer.",
  input: z.object({
    observer: Observer,
    points: z.array(Ref).optional().describe("objects or points to locate"),
    directions: z.array(Ref).optional().describe("objects (their front) or vectors to rotate"),
  }),
  output: z.object({
    observer: z.object({
      description: z.string(),
      origin: Vec3Schema,
      forward: Vec3Schema,
      right: Vec3Schema,
      left: Vec3Schema.describe("−right: the observer's left direction"),
      up: Vec3Schema,
    }),
    points: z.array(z.object({
      ref: Ref,
      local: Local,
      distance: z.number(),
      bearing_deg: z.number().describe("0 straight ahead, +90 right, -90 left, ±180 behind"),
    })),
    directions: z.array(z.object({ ref: Ref, local: Local })),
  }),
  execute(input, { workspace }) {
    if (!input.points?.length && !input.directions?.length) {
      throw new InputError("points", "give at least one point or direction");
    }
    const { frame, description } = resolveObserver(workspace, input.observer);
    return {
      observer: { description, ...frame, left: leftOf(frame) },
      points: (input.points ?? []).map((ref, i) => {
        const local = toLocalPoint(frame, resolvePoint(workspace, ref, `points[${i}]`));
        return { ref, local, distance: norm(local), bearing_deg: bearingDegrees(local) };
      }),
      directions: (input.directions ?? []).map((ref, i) => ({
        ref,
        local: toLocalDirection(frame, resolveDirection(workspace, ref, `directions[${i}]`)),
      })),
    };
  },
});

/** change_viewpoint's result. */
export type Viewpoint = z.output<typeof changeViewpoint.output>;
