/**
 * Every tool the agent can call, in the order the model sees them, and the default registry.
 *
 * @module
 */
import type { Tool } from "./tool.ts";
import { createRegistry, type Registry } from "./registry.ts";
import { backProjectTool } from "./back_project.ts";
import { detectTool } from "./detect.ts";
import { estimateDepthTool } from "./estimate_depth.ts";
import { estimateOrientationTool } from "./estimate_orientation.ts";
import { changeViewpoint } from "./change_viewpoint.ts";
import { compareVectors } from "./compare_vectors.ts";
import { calculate } from "./calculate.ts";

/** All tools: perception first, then computation. */
export const ALL_TOOLS: readonly Tool[] = [
  detectTool,
  estimateDepthTool,
  backProjectTool,
  estimateOrientationTool,
  changeViewpoint,
  compareVectors,
  calculate,
];

/** A registry of {@link ALL_TOOLS}. */
export function defaultRegistry(): Registry {
  return createRegistry(ALL_TOOLS);
}
