/**
 * A crop-based model sees its object as if the camera looked straight at it: along the ray
 * from the camera through the crop's centre. These helpers carry a direction from that crop
 * view into our camera frame, level camera assumed ("up" stays gravity's +z).
 *
 * @module
 */
import type { Camera } from "../core/intrinsics.ts";
import { backProject } from "../core/pinhole.ts";
import { add, cross, normalize, scale, type Vec3 } from "../core/vec.ts";

/** Unit ray in our frame from the camera through pixel (u, v). */
export function pixelRay(camera: Camera, u: number, v: number): Vec3 {
  return normalize(backProject(camera, u, v, 1));
}

/**
 * `local` is in the crop view's axes (x right, y along the ray, z up, as ours); returns it in
 * our frame. A ray with no horizontal part (straight up or down) falls back to the optical axis.
 */
export function fromViewRay(local: Vec3, ray: Vec3): Vec3 {
  const r: Vec3 = Math.hypot(ray[0], ray[1]) > 1e-9 ? normalize(ray) : [0, 1, 0];
  const right = normalize(cross(r, [0, 0, 1]));
  const up = cross(right, r);
  return add(add(scale(right, local[0]), scale(r, local[1])), scale(up, local[2]));
}
