/// <reference lib="dom" />
/**
 * Scene files the page takes besides photos — a SpatialLM layout (`wall_0=Wall(…)` lines, `.txt`)
 * or scene JSON: the file's text goes to `POST /api/scene`, which answers with the scene, its
 * floor plan and its objects; questions then send the same text as `scene` instead of an image,
 * with the viewpoint ("door_0->sofa_0") when one is set.
 *
 * @module
 */
import { api } from "./api.js";

/**
 * True for a file the page reads as a scene rather than an image.
 *
 * @param {File} file
 */
export function isSceneFile(file) {
  return /\.(txt|json)$/i.test(file.name) || ["text/plain", "application/json"].includes(file.type);
}

/**
 * @typedef {{
 *   text: string,
 *   name: string,
 *   viewpoint: string,
 *   scene: { no_camera?: boolean, viewpoint?: string, skipped_lines?: { line: number, reason: string }[] },
 *   plan: import("./draw_plan.js").FloorPlan,
 *   view: import("./draw_image.js").SceneView,
 * }} LoadedScene
 */

/**
 * Reads a scene file's text through the server (errors name the line, e.g. `scene:3 scale_z`).
 *
 * @param {string} text
 * @param {string} name
 * @param {string} viewpoint "" for none
 * @returns {Promise<LoadedScene>}
 */
export async function loadScene(text, name, viewpoint) {
  const res = await api("/api/scene", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ scene: text, ...(viewpoint ? { viewpoint } : {}) }),
  });
  return { text, name, viewpoint, ...(await res.json()) };
}

/**
 * The `/api/ask` request for a question about a loaded scene.
 *
 * @param {LoadedScene} loaded
 * @param {Record<string, unknown>} fields question, planner, options, history
 * @returns {RequestInit}
 */
export function sceneRequest(loaded, fields) {
  return {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      ...fields,
      scene: loaded.text,
      ...(loaded.viewpoint ? { viewpoint: loaded.viewpoint } : {}),
    }),
  };
}

/**
 * A question's view over a loaded scene: every object of the scene, with the numbers the tools
 * reported replacing the file's, and the answer's used objects.
 *
 * @param {LoadedScene} loaded
 * @param {import("./draw_image.js").SceneView | null} view
 * @returns {import("./draw_image.js").SceneView}
 */
export function sceneView(loaded, view) {
  const byId = new Map((view?.objects ?? []).map((o) => [o.id, o]));
  return {
    objects: loaded.view.objects.map((o) => ({ ...o, ...byId.get(o.id) })),
    used: view?.used ?? [],
    ...(loaded.view.units ? { units: loaded.view.units } : {}),
  };
}
