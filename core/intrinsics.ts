/**
 * Pinhole intrinsics and where they come from: given (user or scene) → EXIF 35 mm-equivalent
 * focal length → an assumed horizontal field of view. Every result records its source.
 *
 * @module
 */
import { z } from "zod";
import { InputError } from "./errors.ts";

/**
 * Where a set of intrinsics came from, in order of preference; `unknown` only for a scene with
 * neither a camera nor an image size, whose 3D centres need no projection.
 */
export const IntrinsicsSource = z.enum(["given", "scene", "exif", "assumed_fov", "unknown"]);
/** Where a set of intrinsics came from. */
export type IntrinsicsSource = z.infer<typeof IntrinsicsSource>;

/** Pinhole intrinsics in pixels of the (EXIF-rotated) image. */
export const Camera = z.object({
  fx: z.number().positive().finite().describe("focal length along x, pixels"),
  fy: z.number().positive().finite().describe("focal length along y, pixels"),
  cx: z.number().finite().describe("principal point x, pixels"),
  cy: z.number().finite().describe("principal point y, pixels"),
});
/** Pinhole intrinsics in pixels. */
export type Camera = z.infer<typeof Camera>;

/** Intrinsics with their provenance, as recorded in every trace and scene. */
export const Intrinsics = Camera.extend({
  source: IntrinsicsSource,
  note: z.string().optional().describe("how they were obtained, e.g. the assumed field of view"),
});
/** Intrinsics with their provenance. */
export type Intrinsics = z.infer<typeof Intrinsics>;

/** Horizontal field of view assumed when nothing better is known (a typical phone main camera). */
export const DEFAULT_HFOV_DEGREES = 60;

/** Width of a full-frame 35 mm sensor, which the EXIF 35 mm-equivalent focal length refers to. */
const FULL_FRAME_WIDTH_MM = 36;

function checkSize(width: number, height: number): void {
  if (!(Number.isFinite(width) && width > 0)) {
    throw new InputError("width", `must be a positive number of pixels, got ${width}`);
  }
  if (!(Number.isFinite(height) && height > 0)) {
    throw new InputError("height", `must be a positive number of pixels, got ${height}`);
  }
}

/** Intrinsics from a horizontal field of view, principal point at the image centre. */
export function intrinsicsFromFov(
  width: number,
  height: number,
  hfovDegrees = DEFAULT_HFOV_DEGREES,
): Intrinsics {
  checkSize(width, height);
  if (!(hfovDegrees > 0 && hfovDegrees < 180)) {
    throw new InputError("hfov", `must be in (0, 180) degrees, got ${hfovDegrees}`);
  }
  const f = (width / 2) / Math.tan((hfovDegrees * Math.PI / 180) / 2);
  return {
    fx: f,
    fy: f,
    cx: width / 2,
    cy: height / 2,
    source: "assumed_fov",
    note: `assumed horizontal field of view of ${hfovDegrees} degrees; level camera`,
  };
}

/**
 * Intrinsics from the EXIF 35 mm-equivalent focal length. The equivalent focal length maps the
 * image's longer side to the 36 mm side of a full-frame sensor.
 */
export function intrinsicsFromExif35mm(
  width: number,
  height: number,
  focal35mm: number,
): Intrinsics {
  checkSize(width, height);
  if (!(Number.isFinite(focal35mm) && focal35mm > 0)) {
    throw new InputError("FocalLengthIn35mmFormat", `must be positive, got ${focal35mm}`);
  }
  const f = focal35mm / FULL_FRAME_WIDTH_MM * Math.max(width, height);
  return {
    fx: f,
    fy: f,
    cx: width / 2,
    cy: height / 2,
    source: "exif",
    note: `EXIF 35 mm-equivalent focal length ${focal35mm} mm`,
  };
}

/** What is known when choosing intrinsics. */
export interface IntrinsicsHints {
  /** Intrinsics from the user (CLI flags, API fields); partial values complete from the default. */
  given?: Partial<Camera>;
  /** Intrinsics from a scene file. */
  scene?: Camera;
  /** EXIF FocalLengthIn35mmFormat, when the image has it. */
  focal35mm?: number;
  /** Field of view to assume when nothing else is known. */
  hfovDegrees?: number;
}

/**
 * Largest focal length or principal-point offset accepted from a user, pixels: far above any
 * real camera (a 12 000-pixel-wide telephoto frame has fx ≈ 10⁵), far below where arithmetic
 * on it overflows.
 */
export const MAX_CAMERA_PIXELS = 1e7;

/** Picks intrinsics in the documented order: given → scene → EXIF → assumed field of view. */
export function resolveIntrinsics(
  width: number,
  height: number,
  hints: IntrinsicsHints = {},
): Intrinsics {
  const fallback = hints.focal35mm
    ? intrinsicsFromExif35mm(width, height, hints.focal35mm)
    : intrinsicsFromFov(width, height, hints.hfovDegrees);
  const given = hints.given;
  if (given && Object.values(given).some((v) => v !== undefined)) {
    for (const key of ["fx", "fy", "cx", "cy"] as const) {
      const v = given[key];
      if (v !== undefined && !(Math.abs(v) <= MAX_CAMERA_PIXELS)) {
        throw new InputError(
          key,
          `must be a finite number of pixels within ±${MAX_CAMERA_PIXELS}, got ${v}`,
        );
      }
      if ((key === "fx" || key === "fy") && v !== undefined && !(v > 0)) {
        throw new InputError(key, `focal length must be positive, got ${v}`);
      }
    }
    const fx = given.fx ?? given.fy ?? fallback.fx;
    return {
      fx,
      fy: given.fy ?? fx,
      cx: given.cx ?? width / 2,
      cy: given.cy ?? height / 2,
      source: "given",
    };
  }
  if (hints.scene) return { ...Camera.parse(hints.scene), source: "scene" };
  return fallback;
}

/** What a question brings: an image or scene size, user intrinsics, a scene camera, EXIF. */
export interface IntrinsicsInputs extends IntrinsicsHints {
  /** Image width in pixels, when there is an image or the scene gives it. */
  width?: number;
  /** Image height in pixels. */
  height?: number;
}

/**
 * Intrinsics for one question: {@link resolveIntrinsics} over the image size; without a size, the
 * scene's camera, or a complete user set, or else `unknown` (nothing is projected then).
 */
export function intrinsicsFor(inputs: IntrinsicsInputs): Intrinsics {
  const { width, height, ...hints } = inputs;
  if (width !== undefined && height !== undefined) return resolveIntrinsics(width, height, hints);
  if (hints.scene) return { ...Camera.parse(hints.scene), source: "scene" };
  const g = hints.given ?? {};
  if (g.fx !== undefined && g.cx !== undefined && g.cy !== undefined) {
    return resolveIntrinsics(2 * g.cx, 2 * g.cy, { given: g });
  }
  return {
    fx: 1,
    fy: 1,
    cx: 0,
    cy: 0,
    source: "unknown",
    note: "scene without camera or image size: intrinsics unknown and unused",
  };
}
