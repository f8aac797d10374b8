/**
 * Reads a scene file in any format the project knows — our scene JSON or a Super-CLEVR scene —
 * with the input-file checks (a regular file, size-capped). The one reader for `ask --scene`,
 * `generate --scenes` and `eval`.
 *
 * @module
 */
import { readInputJson } from "../core/input_file.ts";
import { type NormalizedScene, parseScene } from "./schema.ts";
import { superClevrToScene } from "./superclevr.ts";

/** True when parsed JSON is a Super-CLEVR scene (objects with `3d_coords`). */
export function isSuperClevr(json: unknown): boolean {
  const objects = (json as { objects?: unknown })?.objects;
  return Array.isArray(objects) && objects.length > 0 &&
    objects.every((o) => o && typeof o === "object" && "3d_coords" in o);
}

/** Reads a scene JSON file in our format or Super-CLEVR's. */
export async function readAnyScene(path: string): Promise<NormalizedScene> {
  const json = await readInputJson(path, { what: "scene" });
  return isSuperClevr(json) ? superClevrToScene(json, path) : parseScene(json, path);
}
