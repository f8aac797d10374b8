/**
 * `compare_vectors`: the vector between two points, distances, cosine and angle, and the
 * relation labels with their margins (core/relations.ts); or the comparison of two directions.
 *
 * @module
 */
import { z } from "zod";
import { angleDegrees, cosine, distance, norm, sub, type Vec3 } from "../core/vec.ts";
import { leftOf, observerFrame } from "../core/egocentric.ts";
import * as rel from "../core/relations.ts";
import { Vec3Schema } from "../scene/schema.ts";
import { defineTool } from "./tool.ts";
import {
  MIN_ORIENTATION_CONFIDENCE,
  Observer,
  Ref,
  resolveDirection,
  resolveObserver,
  resolvePoint,
} from "./refs.ts";
import type { Workspace } from "./workspace.ts";

const YesNo = z.enum(["yes", "no", "ambiguous"]);
const Which = z.enum(["a", "b", "ambiguous"]);

const PointsOutput = z.object({
  kind: z.literal("points"),
  a: Vec3Schema,
  b: Vec3Schema,
  vector: Vec3Schema.describe("b − a"),
  distance: z.number().describe("|b − a| in metres"),
  a_distance_to_camera: z.number(),
  b_distance_to_camera: z.number(),
  observer: z.string(),
  relations: z.object({
    left_right: z.enum(["left", "right", "ambiguous"]).describe("b is on this side of a"),
    front_behind: z.enum(["in_front", "behind", "ambiguous"]).describe(
      "b is in front of a (nearer the observer) or behind it",
    ),
    above_below: z.enum(["above", "below", "ambiguous"]).describe("b's centre vs a's"),
    higher_lower: z.enum(["higher", "lower", "ambiguous"]).describe("b's top vs a's"),
    closer_to_camera: Which,
    next_to: YesNo,
    closer_to_reference: Which.optional(),
  }),
  reference: z.object({ point: Vec3Schema, a_distance: z.number(), b_distance: z.number() })
    .optional(),
  a_front: z.object({
    front: Vec3Schema,
    left: Vec3Schema,
    orientation_confidence: z.number(),
    cosine_front: z.number().describe("cosine between a's front and b − a"),
    angle_front_deg: z.number(),
    cosine_left: z.number().describe("cosine between a's left and b − a"),
    angle_left_deg: z.number(),
    b_in_front_of_a: YesNo,
    b_on_left_of_a: YesNo,
    a_facing_b: YesNo,
    a_facing_away_from_b: YesNo,
  }).optional().describe("present when a is an object whose front is known"),
});

/** compare_vectors' result for two points. */
export type PointsComparison = z.output<typeof PointsOutput>;

const DirectionsOutput = z.object({
  kind: z.literal("directions"),
  a: Vec3Schema,
  b: Vec3Schema,
  cosine: z.number(),
  angle_deg: z.number(),
  parallel: YesNo,
  same_direction: YesNo,
});

/** compare_vectors' result for two directions. */
export type DirectionsComparison = z.output<typeof DirectionsOutput>;

function sizeOf(ws: Workspace, ref: z.infer<typeof Ref>): Vec3 | undefined {
  return typeof ref === "string" ? ws.objects.get(ref)?.size : undefined;
}

/** One sigma of an object's estimated distance (its depth uncertainty), 0 when not estimated. */
function depthSigma(ws: Workspace, ref: z.infer<typeof Ref>): number {
  return typeof ref === "string" ? ws.objects.get(ref)?.depth?.uncertainty ?? 0 : 0;
}

/** a's front and left versus b − a, when a is an object with a confident front. */
function frontAnalysis(ws: Workspace, ref: z.infer<typeof Ref>, a: Vec3, b: Vec3) {
  if (typeof ref !== "string") return undefined;
  const o = ws.objects.get(ref);
  if (!o?.front || (o.orientation_confidence ?? 0) < MIN_ORIENTATION_CONFIDENCE) return undefined;
  const v = sub(b, a);
  if (!(norm(v) > 0)) return undefined;
  const left = leftOf(observerFrame(a, o.front, "a"));
  return {
    front: o.front,
    left,
    orientation_confidence: o.orientation_confidence ?? 0,
    cosine_front: cosine(o.front, v),
    angle_front_deg: angleDegrees(o.front, v),
    cosine_left: cosine(left, v),
    angle_left_deg: angleDegrees(left, v),
    b_in_front_of_a: rel.inHalfSpace(a, b, o.front),
    b_on_left_of_a: rel.inHalfSpace(a, b, left),
    a_facing_b: rel.facingToward(a, o.front, b),
    a_facing_away_from_b: rel.facingAway(a, o.front, b),
  };
}

/** The compare_vectors tool. */
export const compareVectors = defineTool({
  name: "compare_vectors",
  kind: "computation",
  description:
    'Compare two things. kind "points" (default): a and b are objects or [x, y, z] points; returns ' +
    "the vector b − a, the distance, distances to the camera, and where b is relative to a " +
    "(left/right and in front/behind as the observer sees it, above/below, higher/lower, which " +
    "is closer to the camera, next to, and which is closer to an optional reference point); when " +
    "a has a known front, also the cosine/angle of b − a with a's front and left. Kind " +
    '"directions": a and b are objects (their fronts) or vectors; returns cosine, angle, parallel, ' +
    "same direction. Relations inside their margins are 'ambiguous'.",
  input: z.object({
    a: Ref,
    b: Ref,
    kind: z.enum(["points", "directions"]).default("points"),
    observer: Observer.default("camera").describe("viewpoint for left/right and in front/behind"),
    reference: Ref.optional().describe("a third object or point: which of a, b is closer to it"),
  }),
  output: z.discriminatedUnion("kind", [PointsOutput, DirectionsOutput]),
  execute(input, { workspace: ws }) {
    if (input.kind === "directions") {
      const a = resolveDirection(ws, input.a, "a");
      const b = resolveDirection(ws, input.b, "b");
      return {
        kind: "directions" as const,
        a,
        b,
        cosine: cosine(a, b),
        angle_deg: angleDegrees(a, b),
        parallel: rel.parallel(a, b),
        same_direction: rel.sameDirection(a, b),
      };
    }
    const a = resolvePoint(ws, input.a, "a");
    const b = resolvePoint(ws, input.b, "b");
    const { frame, description } = resolveObserver(ws, input.observer);
    const sa = sizeOf(ws, input.a);
    const sb = sizeOf(ws, input.b);
    const halfWidth = (s?: Vec3) => s ? Math.max(s[0], s[1]) / 2 : undefined;
    const aFront = frontAnalysis(ws, input.a, a, b);
    const refPoint = input.reference === undefined
      ? undefined
      : resolvePoint(ws, input.reference, "reference");
    return {
      kind: "points" as const,
      a,
      b,
      vector: sub(b, a),
      distance: distance(a, b),
      a_distance_to_camera: norm(a),
      b_distance_to_camera: norm(b),
      observer: description,
      relations: {
        left_right: rel.leftRight(a, b, frame),
        front_behind: rel.frontBehind(a, b, frame),
        above_below: rel.aboveBelow(a, b),
        higher_lower: rel.higherLower(a, b, { a: sa?.[2], b: sb?.[2] }),
        closer_to_camera: rel.closerTo(
          a,
          b,
          [0, 0, 0],
          Math.hypot(depthSigma(ws, input.a), depthSigma(ws, input.b)),
        ),
        next_to: rel.nextTo(a, b, { a: halfWidth(sa), b: halfWidth(sb) }),
        ...(refPoint ? { closer_to_reference: rel.closerTo(a, b, refPoint) } : {}),
      },
      ...(refPoint
        ? {
          reference: {
            point: refPoint,
            a_distance: distance(a, refPoint),
            b_distance: distance(b, refPoint),
          },
        }
        : {}),
      ...(aFront ? { a_front: aFront } : {}),
    };
  },
});
