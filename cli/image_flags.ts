/**
 * Flags shared by the commands that read one photo (`ask`, `perceive`): a registered depth map
 * and the camera intrinsics the user knows.
 *
 * @module
 */
import type { Camera } from "../core/intrinsics.ts";
import { type FlagSpec, numberFlag, type Parsed } from "./args.ts";

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
    fx: numberFlag(values, "fx"),
    fy: numberFlag(values, "fy"),
    cx: numberFlag(values, "cx"),
    cy: numberFlag(values, "cy"),
  };
}
