/**
 * The floor plan of a scene, for drawing from above: every `wall` object as a segment along its
 * own right axis (its front is the wall's normal), every `door`/`window` as the stretch of wall it
 * spans, with its front. Our frame, metres, (x, y) only. Objects are as in the scene; this only
 * turns a wall's centre, length and normal into its two ends.
 *
 * @module
 */
import type { Scene, SceneObject } from "./schema.ts";

/** A 2D point (x, y), metres. */
export type Point2 = [number, number];

/** A wall seen from above. */
export interface PlanSegment {
  id: string;
  a: Point2;
  b: Point2;
}

/** A door or window seen from above: the stretch it spans and the way it faces. */
export interface PlanOpening extends PlanSegment {
  kind: "door" | "window";
  /** Unit horizontal front, when the object has one. */
  front?: Point2;
}

/** Walls and openings of a scene. */
export interface FloorPlan {
  walls: PlanSegment[];
  openings: PlanOpening[];
}

/** The horizontal unit front of an object, if it has one. */
function flatFront(o: SceneObject): Point2 | undefined {
  if (!o.front) return undefined;
  const n = Math.hypot(o.front[0], o.front[1]);
  return n > 1e-9 ? [o.front[0] / n, o.front[1] / n] : undefined;
}

/** The segment of `length` through the object's centre along its right axis (x without a front). */
function span(o: SceneObject & { id?: string }, length: number): PlanSegment {
  const f = flatFront(o);
  const r: Point2 = f ? [f[1], -f[0]] : [1, 0];
  const [x, y] = o.center;
  const h = length / 2;
  return { id: o.id ?? o.label, a: [x - r[0] * h, y - r[1] * h], b: [x + r[0] * h, y + r[1] * h] };
}

/** The scene's walls (with a size) and doors/windows as segments. */
export function floorPlan(scene: Scene): FloorPlan {
  const walls = scene.objects.filter((o) => o.label === "wall" && o.size)
    .map((o) => span(o, o.size![0]));
  const openings = scene.objects.filter((o) => o.label === "door" || o.label === "window")
    .map((o) => {
      const f = flatFront(o);
      return {
        ...span(o, o.size?.[0] ?? 0),
        kind: o.label as "door" | "window",
        ...(f ? { front: f } : {}),
      };
    });
  return { walls, openings };
}
