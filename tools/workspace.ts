/**
 * The state one question works on: the image, the camera, a depth map if any, and the objects
 * found so far. Perception tools add objects and their depths; computation tools read them by id.
 *
 * @module
 */
import type { RgbImage } from "../core/image.ts";
import type { Intrinsics } from "../core/intrinsics.ts";
import type { Vec3 } from "../core/vec.ts";
import type { FrameUnits } from "../core/frame.ts";
import { InputError } from "../core/errors.ts";
import type { GroundPlane, PitchEvidence } from "../models/ground_plane.ts";
import type { NormalizedScene } from "../scene/schema.ts";

/** A metric depth map aligned with the image: metres per pixel, 0 where unknown. */
export interface DepthMap {
  /** Width in pixels (must equal the image's). */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Row-major metres along the camera's forward axis (+y), 0 = no measurement. */
  data: Float32Array;
  /** Where it came from, e.g. `rgbd:depth.png` or a model id. */
  source: string;
}

/** A per-object depth estimate. */
export interface DepthEstimate {
  /** Distance along the forward axis (+y) to the object's centre, metres. */
  value: number;
  /** One-sigma uncertainty, metres. */
  uncertainty: number;
  /** Backend, e.g. `size-prior`, `rgbd`, `depth-anything-v2-metric`. */
  method: string;
  /** Model id when a model produced it. */
  model?: string;
}

/** An object as the tools know it; fields fill in as perception and back-projection run. */
export interface WorkspaceObject {
  /** Unique id, e.g. `dog_1`. */
  id: string;
  /** Class label, e.g. `dog`. */
  label: string;
  /** [x1, y1, x2, y2] in original-image pixels. */
  box?: [number, number, number, number];
  /** Detection confidence in [0, 1]. */
  score?: number;
  /** Detector model id. */
  detector?: string;
  /** Per-object depth. */
  depth?: DepthEstimate;
  /** 3D centre in our frame, metres. */
  center?: Vec3;
  /** [width, length, height], metres. */
  size?: Vec3;
  /** Unit front vector in our frame. */
  front?: Vec3;
  /** Confidence in the front, [0, 1]; 0 when unknown. */
  orientation_confidence?: number;
  /** Where the front came from: a model id, `scene`, or `unknown`. */
  orientation_source?: string;
}

/** The state of one question. */
export interface Workspace {
  /** The image, when there is one (a scene file can stand in for it). */
  image?: RgbImage;
  /** Intrinsics with their source. */
  camera: Intrinsics;
  /** Aligned metric depth (RGB-D input), when supplied. */
  depthMap?: DepthMap;
  /** Objects by id. */
  objects: Map<string, WorkspaceObject>;
  /** True when objects came from a scene file (perception is then not run). */
  fromScene: boolean;
  /** Length units of every centre, size and distance: metres unless the scene says otherwise. */
  units: FrameUnits;
  /** Camera height and pitch over the ground, once estimate_depth has estimated them. */
  ground?: GroundPlane;
  /**
   * Camera pitch measured by estimate_orientation (chairs' 3-D boxes), for estimate_depth's
   * ground fit; perceive runs the chairs' orientation first so that it is there.
   */
  pitchEvidence?: PitchEvidence;
}

/** A workspace for an image (no objects yet) or a scene (all objects known). */
export function createWorkspace(
  init: { camera: Intrinsics; image?: RgbImage; depthMap?: DepthMap; scene?: NormalizedScene },
): Workspace {
  const objects = new Map<string, WorkspaceObject>();
  for (const o of init.scene?.objects ?? []) {
    objects.set(o.id, {
      id: o.id,
      label: o.label,
      box: o.box,
      score: o.score,
      center: o.center,
      size: o.size,
      front: o.front,
      orientation_confidence: o.front ? (o.orientation_confidence ?? 1) : 0,
      orientation_source: o.front ? "scene" : "unknown",
    });
  }
  return {
    image: init.image,
    camera: init.camera,
    depthMap: init.depthMap,
    objects,
    fromScene: init.scene !== undefined,
    units: init.scene?.units ?? "metres",
  };
}

/** The object with this id, or an error listing the ids that exist. */
export function getObject(ws: Workspace, id: string, field = "object_id"): WorkspaceObject {
  const o = ws.objects.get(id);
  if (o) return o;
  const known = [...ws.objects.keys()];
  throw new InputError(
    field,
    `no object with id "${id}"`,
    known.length ? `known ids: ${known.join(", ")}` : "call detect first to find objects",
  );
}

/** The object's 3D centre, or an error saying to back-project it first. */
export function getCenter(ws: Workspace, id: string, field = "object_id"): Vec3 {
  const o = getObject(ws, id, field);
  if (o.center) return o.center;
  throw new InputError(field, `object "${id}" has no 3D location yet`, "call back_project on it");
}
