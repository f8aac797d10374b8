/**
 * The one place a scene file is read: our scene JSON, a Super-CLEVR scene JSON, or a SpatialLM
 * layout text — told apart by content, not by extension. Used by `ask --scene`, `generate
 * --scenes` and `eval`.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { readInputText } from "../core/input_file.ts";
import { type NormalizedScene, parseScene } from "./schema.ts";
import { isLayoutText, parseLayout } from "./spatiallm.ts";
import { layoutToScene } from "./spatiallm_scene.ts";
import { superClevrToScene } from "./superclevr.ts";

/** Options for {@link loadSceneFile}. */
export interface LoadSceneOptions {
  /**
   * For SpatialLM layouts: where the observer stands, "A->B" or "doorway" (see
   * `layoutToScene`). Without one a layout has no camera. Other scenes have their own camera,
   * so a viewpoint there is an error.
   */
  viewpoint?: string;
  /** The viewpoint for a layout when `viewpoint` is absent; ignored for other scenes. */
  defaultViewpoint?: string;
}

/** True when parsed JSON is a Super-CLEVR scene (objects with `3d_coords`). */
function isSuperClevr(json: unknown): boolean {
  const objects = (json as { objects?: unknown })?.objects;
  return Array.isArray(objects) && objects.length > 0 &&
    objects.every((o) => o && typeof o === "object" && "3d_coords" in o);
}

/** Reads a scene file in any of the formats above; every problem is an {@link InputError}. */
export async function loadSceneFile(
  path: string,
  opts: LoadSceneOptions = {},
): Promise<NormalizedScene> {
  // A regular file under the size cap: a FIFO or /dev/zero is refused before any read.
  const text = await readInputText(path, { what: "scene" });
  return parseSceneText(text, path, opts);
}

/** A scene file's content in any of the formats above; `path` names it in errors. */
export function parseSceneText(
  text: string,
  path: string,
  opts: LoadSceneOptions = {},
): NormalizedScene {
  if (isLayoutText(text)) {
    return layoutToScene(parseLayout(text, path), {
      viewpoint: opts.viewpoint ?? opts.defaultViewpoint,
      source: path,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    if (/^\s*[{[]/.test(text)) {
      throw new InputError(
        path,
        `not valid JSON: ${msg}`,
        "see docs/CONVENTIONS.md for the format",
      );
    }
    throw new InputError(
      path,
      `neither scene JSON nor a SpatialLM layout: ${msg}`,
      "a layout's lines read like wall_0=Wall(0,0,0,4,0,0,2.8,0.2)",
    );
  }
  if (opts.viewpoint !== undefined) {
    throw new InputError(
      "--viewpoint",
      "applies to SpatialLM layouts only",
      `${path} is a scene with its own camera`,
    );
  }
  return isSuperClevr(json) ? superClevrToScene(json, path) : parseScene(json, path);
}
