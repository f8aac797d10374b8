/**
 * The one 3D frame of the project and the conversions at its edges (docs/CONVENTIONS.md).
 * Ours: camera at the origin, metres, gravity-aligned, +x right, +y forward, +z up.
 *
 * @module
 */
import type { Vec3 } from "./vec.ts";
import { InputError } from "./errors.ts";

/**
 * The length units of a frame: metres, or the units of a rendered scene (Super-CLEVR is rendered
 * in Blender units, which have no fixed size in metres). Metres unless a scene says otherwise.
 */
export const FRAME_UNITS = ["metres", "Blender units"] as const;
/** A frame's length units. */
export type FrameUnits = typeof FRAME_UNITS[number];

/** The frame as written into every trace and scene (in metres; see {@link frameIn}). */
export const FRAME = {
  name: "camera-gravity-aligned",
  units: "metres",
  axes: "+x right, +y forward (away from the camera, horizontal), +z up",
  origin: "camera centre",
} as const;

/** The frame with its length units, as a trace records it. */
export type Frame = Omit<typeof FRAME, "units"> & { units: FrameUnits };

/** The frame in `units`: the same axes and origin, lengths in those units. */
export function frameIn(units: FrameUnits = "metres"): Frame {
  return { ...FRAME, units };
}

/** OpenCV camera frame (+x right, +y down, +z forward) → ours. */
export function fromOpenCv(v: Vec3): Vec3 {
  return [v[0], v[2], -v[1]];
}

/** Ours → OpenCV camera frame (+x right, +y down, +z forward). */
export function toOpenCv(v: Vec3): Vec3 {
  return [v[0], -v[2], v[1]];
}

/** SpatialReasoner's frame (+x left, +y up, +z forward) → ours. */
export function fromSpatialReasoner(v: Vec3): Vec3 {
  return [-v[0], v[2], v[1]];
}

/** Ours → SpatialReasoner's frame (+x left, +y up, +z forward). */
export function toSpatialReasoner(v: Vec3): Vec3 {
  return [-v[0], v[2], v[1]];
}

/** A KITTI object label's 3D part, in the camera frame of the label file. */
export interface KittiBox3D {
  /** Box height, width, length in metres. */
  h: number;
  /** Width (across the object). */
  w: number;
  /** Length (along the object's heading). */
  l: number;
  /** Bottom centre in KITTI camera coordinates (+X right, +Y down, +Z forward). */
  location: Vec3;
  /** Yaw about the camera Y axis, radians; 0 = heading along camera +X. */
  ry: number;
}

/** A 3D box in our frame. */
export interface OurBox3D {
  /** Geometric centre. */
  center: Vec3;
  /** [width, length, height]. */
  size: Vec3;
  /** Unit heading (front) vector. */
  front: Vec3;
}

/**
 * KITTI label (bottom centre, ry about camera Y) → centre, size and front in ours.
 * KITTI's heading for ry is (cos ry, 0, −sin ry) in camera coordinates. Assumes the KITTI
 * camera is level, as the dataset's rectified frame is.
 */
export function fromKittiBox(box: KittiBox3D): OurBox3D {
  const [x, y, z] = box.location;
  const centerCam: Vec3 = [x, y - box.h / 2, z];
  const frontCam: Vec3 = [Math.cos(box.ry), 0, -Math.sin(box.ry)];
  return {
    center: fromOpenCv(centerCam),
    size: [box.w, box.l, box.h],
    front: fromOpenCv(frontCam),
  };
}

/** Camera tilt relative to gravity. */
export interface CameraTilt {
  /** Rotation about the camera's right axis, degrees; positive = looking up. */
  pitchDeg: number;
  /** Rotation about the camera's forward axis, degrees; positive = its right side goes down. */
  rollDeg: number;
}

/**
 * A vector in the camera's own axes (x right, y forward, z up of the camera body, as from
 * {@link fromOpenCv}) → gravity-aligned ours: world = Rx(pitch) · Ry(roll) · v.
 * Without known tilt the camera is assumed level and this is the identity; traces record that.
 */
export function gravityAlign(v: Vec3, tilt: CameraTilt): Vec3 {
  for (const [k, val] of Object.entries(tilt)) {
    if (!Number.isFinite(val)) throw new InputError(k, `must be a finite number, got ${val}`);
  }
  const p = tilt.pitchDeg * Math.PI / 180;
  const r = tilt.rollDeg * Math.PI / 180;
  const rolled: Vec3 = [
    v[0] * Math.cos(r) + v[2] * Math.sin(r),
    v[1],
    -v[0] * Math.sin(r) + v[2] * Math.cos(r),
  ];
  return [
    rolled[0],
    rolled[1] * Math.cos(p) - rolled[2] * Math.sin(p),
    rolled[1] * Math.sin(p) + rolled[2] * Math.cos(p),
  ];
}

/**
 * Front vector from azimuth and elevation, in degrees. Azimuth 0 = the object faces the camera
 * (front = −y); it grows counter-clockwise seen from above, so 90 = front points to +x (the
 * camera's right), 180 = facing away, 270 = front points to −x. Elevation 0 = horizontal,
 * +90 = straight up.
 */
export function frontFromAngles(azimuthDeg: number, elevationDeg = 0): Vec3 {
  if (!Number.isFinite(azimuthDeg)) {
    throw new InputError("azimuth", `must be a finite number, got ${azimuthDeg}`);
  }
  if (!Number.isFinite(elevationDeg) || Math.abs(elevationDeg) > 90) {
    throw new InputError("elevation", `must be in [-90, 90] degrees, got ${elevationDeg}`);
  }
  const a = azimuthDeg * Math.PI / 180;
  const e = elevationDeg * Math.PI / 180;
  return [Math.sin(a) * Math.cos(e), -Math.cos(a) * Math.cos(e), Math.sin(e)];
}

/** Inverse of {@link frontFromAngles}: azimuth in [0, 360), elevation in [−90, 90]. */
export function anglesFromFront(front: Vec3): { azimuthDeg: number; elevationDeg: number } {
  const n = Math.hypot(...front);
  if (!(n > 1e-9)) throw new InputError("front", "zero vector has no direction");
  const [x, y, z] = [front[0] / n, front[1] / n, front[2] / n];
  const az = Math.atan2(x, -y) * 180 / Math.PI;
  return {
    azimuthDeg: (az + 360) % 360,
    elevationDeg: Math.asin(Math.max(-1, Math.min(1, z))) * 180 / Math.PI,
  };
}
