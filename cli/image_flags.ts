/**
 * Flags shared by the commands that read one photo (`ask`, `perceive`): a registered depth map
 * and the camera intrinsics the user knows.
 *
 * @module
 */
import { type Camera, MAX_CAMERA_PIXELS } from "../core/intrinsics.ts";
import { type FlagSpec, type Parsed, positiveFlag, rangeFlag } from "./args.ts";

/** Flag specs to merge into a command's own. */
export const IMAGE_FLAGS: FlagSpec = {
  rgbd: { type: "string" },
  "depth-scale": { type: "string" },
  fx: { type: "string" },
  fy: { type: "string" },
  cx: { type: "string" },
  cy: { type: "string" },
};

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

/** `--depth-scale N`: PNG depth units per metre, > 0 and ≤ 10⁹, or undefined when absent. */
export function depthScaleFlag(values: Parsed["values"]): number | undefined {
  return positiveFlag(values, "depth-scale", "PNG units per metre");
}
