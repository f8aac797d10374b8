/**
 * Flags shared by the commands that read one photo (`ask`, `perceive`): a registered depth map
 * and the camera intrinsics the user knows — given one by one (`--fx --fy --cx --cy
 * --depth-scale`) or read from a `--camera` file; a flag given on its own wins over the file.
 *
 * @module
 */
import { z } from "zod";
import { InputError } from "../core/errors.ts";
import { readInputJson } from "../core/input_file.ts";
import { type Camera, MAX_CAMERA_PIXELS } from "../core/intrinsics.ts";
import { type FlagSpec, type Parsed, positiveFlag, rangeFlag, stringFlag } from "./args.ts";

/** Flag specs to merge into a command's own. */
export const IMAGE_FLAGS: FlagSpec = {
  rgbd: { type: "string" },
  "depth-scale": { type: "string" },
  camera: { type: "string" },
  fx: { type: "string" },
  fy: { type: "string" },
  cx: { type: "string" },
  cy: { type: "string" },
};

/** Help lines for {@link IMAGE_FLAGS}. */
export const IMAGE_HELP =
  `  --rgbd FILE           depth map registered to the image: 16-bit PNG (with --depth-scale) or
                        raw little-endian float32 metres (width × height × 4 bytes)
  --depth-scale N       PNG value per metre (1000 for millimetres, 256 for KITTI)
  --camera FILE         JSON with fx, fy, cx, cy and optionally depth_png_scale (or depth_scale),
                        as in ../shared/data/rgbd/*/camera.json; the flags below override it
  --fx F --fy F         focal lengths in pixels (default: scene, EXIF, else a 60° field of view)
  --cx C --cy C         principal point in pixels (default: image centre)`;

/** A `--camera` file: intrinsics and, for RGB-D frames, the depth PNG's value per metre. */
const CameraFile = z.object({
  fx: z.number().positive().finite().optional(),
  fy: z.number().positive().finite().optional(),
  cx: z.number().finite().optional(),
  cy: z.number().finite().optional(),
  depth_png_scale: z.number().positive().finite().optional(),
  depth_scale: z.number().positive().finite().optional(),
});

/** The intrinsics given by `--fx --fy --cx --cy`; absent ones are undefined. */
export function cameraFlags(values: Parsed["values"]): Partial<Camera> {
  return {
    fx: positiveFlag(values, "fx", "pixels", MAX_CAMERA_PIXELS),
    fy: positiveFlag(values, "fy", "pixels", MAX_CAMERA_PIXELS),
    cx: rangeFlag(values, "cx", {
      min: -MAX_CAMERA_PIXELS,
      max: MAX_CAMERA_PIXELS,
      unit: "pixels",
    }),
    cy: rangeFlag(values, "cy", {
      min: -MAX_CAMERA_PIXELS,
      max: MAX_CAMERA_PIXELS,
      unit: "pixels",
    }),
  };
}

/** What the camera flags give: intrinsics (any subset) and the depth PNG scale. */
export interface CameraGiven {
  camera: Partial<Camera>;
  depthScale?: number;
}

/**
 * The intrinsics and depth scale from `--camera FILE` overlaid with the single flags. A missing
 * or malformed file is an {@link InputError} naming `--camera` (or the field inside it).
 */
export async function readCameraFlags(values: Parsed["values"]): Promise<CameraGiven> {
  const flags = cameraFlags(values);
  const flagScale = positiveFlag(values, "depth-scale", "PNG units per metre");
  const path = stringFlag(values, "camera");
  if (path === undefined) return { camera: flags, depthScale: flagScale };
  let raw: unknown;
  try {
    // A regular file under the size cap, like every file input.
    raw = await readInputJson(path, { what: "camera" });
  } catch (e) {
    const reason = e instanceof InputError ? e.reason : String(e);
    throw new InputError(
      "--camera",
      `${path}: ${reason === "camera file not found" ? "no such file" : reason}`,
      '{"fx": 518.9, "fy": 519.5, "cx": 325.6, "cy": 253.7}',
    );
  }
  const parsed = CameraFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `--camera ${path}`,
      `${issue.path.join(".") || "(file)"}: ${issue.message}`,
    );
  }
  const file = parsed.data;
  const pick = (k: keyof Camera) => flags[k] ?? file[k];
  return {
    camera: { fx: pick("fx"), fy: pick("fy"), cx: pick("cx"), cy: pick("cy") },
    depthScale: flagScale ?? file.depth_png_scale ?? file.depth_scale,
  };
}
