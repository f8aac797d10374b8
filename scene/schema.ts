/**
 * The scene format: the 3D pseudo-annotation of one image, in our frame (docs/CONVENTIONS.md).
 * Output of `deno task perceive`, input of `--scene`, input of the SR-CoT generator.
 *
 * @module
 */
import { z } from "zod";
import { Camera, IntrinsicsSource } from "../core/intrinsics.ts";
import { InputError, inputErrorFromZod } from "../core/errors.ts";
import { FRAME_UNITS } from "../core/frame.ts";
import type { GroundPlane } from "../models/ground_plane.ts";

/** A finite 3-vector. */
export const Vec3Schema = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

/** A 2D box in original-image pixels: [x1, y1, x2, y2]. */
export const BoxSchema = z.tuple([
  z.number().finite(),
  z.number().finite(),
  z.number().finite(),
  z.number().finite(),
]).refine((b) => b[2] >= b[0] && b[3] >= b[1], { message: "box must be [x1, y1, x2, y2]" });

/** One object of a scene. Only `label` and `center` are required. */
export const SceneObject = z.looseObject({
  id: z.string().min(1).optional(),
  label: z.string().min(1),
  center: Vec3Schema.describe("3D centre in metres, our frame (+x right, +y forward, +z up)"),
  size: z.tuple([
    z.number().finite().nonnegative(),
    z.number().finite().nonnegative(),
    z.number().finite().nonnegative(),
  ]).optional().describe("[width, length, height] along the object's right, front, up axes"),
  front: Vec3Schema.optional().describe("unit vector of the object's front, our frame"),
  orientation_confidence: z.number().min(0).max(1).optional(),
  box: BoxSchema.optional(),
  score: z.number().min(0).max(1).optional(),
});
/** One object of a scene. */
export type SceneObject = z.infer<typeof SceneObject>;

/**
 * The camera's pose over the ground as estimated from the image (models/ground_plane.ts); the
 * scene's 3D frame is rotated by this pitch. Absent when no pose was estimated (level assumed).
 */
export const CameraPose = z.object({
  camera_height: z.number().positive().describe("metres above the ground"),
  camera_height_sigma: z.number().nonnegative().describe("one sigma, metres"),
  pitch_deg: z.number().describe("degrees, positive = looking up"),
  pitch_sigma_deg: z.number().nonnegative(),
  horizon_row: z.number().describe("image row of the horizon, pixels"),
  source: z.string().describe("objects (fitted), prior, or with other pitch evidence"),
  note: z.string(),
});
/** The camera's pose over the ground. */
export type CameraPose = z.infer<typeof CameraPose>;

/** A ground-plane estimate in the scene's (and estimate_depth's) form. */
export function cameraPoseOf(g: GroundPlane): CameraPose {
  return {
    camera_height: g.cameraHeight,
    camera_height_sigma: g.cameraHeight * g.cameraHeightLogSigma,
    pitch_deg: g.pitchDeg,
    pitch_sigma_deg: g.pitchSigmaDeg,
    horizon_row: g.horizonRow,
    source: g.source,
    note: g.note,
  };
}

/** A whole scene. */
export const Scene = z.looseObject({
  image: z.string().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  camera: Camera.optional(),
  intrinsics_source: IntrinsicsSource.optional(),
  frame: z.string().optional(),
  units: z.enum(FRAME_UNITS).optional().describe(
    "length units of every centre and size: metres when absent; Super-CLEVR scenes are in Blender units",
  ),
  no_camera: z.boolean().optional().describe(
    "true when the scene has no camera (a SpatialLM layout without a viewpoint)",
  ),
  viewpoint: z.string().optional().describe('the observer that stands in for the camera, "A->B"'),
  camera_pose: CameraPose.optional(),
  objects: z.array(SceneObject),
});
/** A whole scene. */
export type Scene = z.infer<typeof Scene>;

/** A scene object whose id is guaranteed. */
export type IdentifiedObject = SceneObject & { id: string };

/** A scene whose object ids are present and unique. */
export type NormalizedScene = Scene & { objects: IdentifiedObject[] };

/** Makes ids unique: absent ids become `label_N`; a repeated id is an error. */
export function assignIds(scene: Scene, root = "scene"): NormalizedScene {
  const used = new Set<string>();
  scene.objects.forEach((o, i) => {
    if (o.id === undefined) return;
    if (used.has(o.id)) {
      throw new InputError(
        `${root}.objects[${i}].id`,
        `duplicate id "${o.id}"`,
        "ids must be unique",
      );
    }
    used.add(o.id);
  });
  const counters = new Map<string, number>();
  const objects = scene.objects.map((o) => {
    if (o.id !== undefined) return o as IdentifiedObject;
    const base = o.label.trim().toLowerCase().replace(/\s+/g, "_");
    let n = counters.get(base) ?? 0;
    let id: string;
    do id = `${base}_${++n}`; while (used.has(id));
    counters.set(base, n);
    used.add(id);
    return { ...o, id };
  });
  return { ...scene, objects };
}

/** Validates parsed JSON as a scene; errors name the field path, e.g. `scene.objects[1].center`. */
export function parseScene(json: unknown, root = "scene"): NormalizedScene {
  const result = Scene.safeParse(json);
  if (!result.success) {
    throw inputErrorFromZod(result.error, root, "see docs/CONVENTIONS.md for the scene format");
  }
  return assignIds(result.data, root);
}
