/**
 * Pinhole back-projection and projection between pixels and our frame (level camera assumed
 * unless the caller gravity-aligns the result).
 *
 * @module
 */
import type { Camera } from "./intrinsics.ts";
import { fromOpenCv, toOpenCv } from "./frame.ts";
import type { Vec3 } from "./vec.ts";
import { InputError } from "./errors.ts";

/** Pixel (u, v) at depth `depth` metres along the forward axis → point in our frame. */
export function backProject(camera: Camera, u: number, v: number, depth: number): Vec3 {
  if (!(camera.fx > 0 && camera.fy > 0)) {
    throw new InputError(
      "camera.fx",
      `focal lengths must be positive, got ${camera.fx}, ${camera.fy}`,
    );
  }
  if (!Number.isFinite(u) || !Number.isFinite(v)) {
    throw new InputError("pixel", `u and v must be finite, got (${u}, ${v})`);
  }
  if (!(Number.isFinite(depth) && depth > 0)) {
    throw new InputError("depth", `must be a positive number of metres, got ${depth}`);
  }
  return fromOpenCv([
    (u - camera.cx) * depth / camera.fx,
    (v - camera.cy) * depth / camera.fy,
    depth,
  ]);
}

/** Point in our frame → pixel (u, v) and its depth; depth ≤ 0 means behind the camera. */
export function project(camera: Camera, p: Vec3): { u: number; v: number; depth: number } {
  const [x, y, z] = toOpenCv(p);
  return { u: camera.fx * x / z + camera.cx, v: camera.fy * y / z + camera.cy, depth: z };
}
