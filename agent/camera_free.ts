/**
 * Questions that need a camera, on a scene that has none (a SpatialLM layout without a
 * viewpoint): "closer to the camera", "on the left in the picture", "the leftmost chair" have no
 * meaning there, so the rule planner is not run and the answer names the forms that work.
 *
 * This is the one hook for camera-free scenes, kept apart from the rule planner: it reads the
 * question with the planner's parser and checks the typed query ({@link needsCamera}).
 *
 * @module
 */
import { parseQuestion } from "./rules/parse.ts";
import { type Query, queryObjects } from "./rules/query.ts";

/** True when answering `q` needs the camera's position or view. */
export function needsCamera(q: Query): boolean {
  if (
    q.category === "location_closer_to_camera" || q.category === "distance_to_camera" ||
    q.category === "image_left_right" || (q.category === "multi_object_facing" && q.camera)
  ) {
    return true;
  }
  if ("observer" in q && q.observer === "camera") return true;
  // "the leftmost / closest / second from the left" pick objects as the camera sees them.
  return queryObjects(q).some((r) =>
    r.selector !== undefined &&
    (r.selector.kind === "ordinal" ||
      r.selector.kind === "extreme" && !["largest", "smallest"].includes(r.selector.by))
  );
}

/** What works instead, for the refusal and the LLM's context. */
export const VIEWPOINT_FORMS = "ask from a viewpoint instead — “From the door's viewpoint, is " +
  "the TV on the left?”, “If I stand at the door facing the sofa, is the TV on my left?” — or " +
  'give one: --viewpoint "door_0->sofa_0" (standing at door_0 facing sofa_0), ' +
  '"x,y,z->sofa_0", or "doorway"';

/**
 * The refusal for a question that needs a camera on a camera-free scene, or undefined when the
 * question does not need one (or cannot be read; the planner then says why).
 */
export function cameraRefusal(
  question: string,
  options: string[] | undefined,
  labels: string[],
): string | undefined {
  const parsed = parseQuestion(question, { options, labels });
  if (!parsed.ok || !needsCamera(parsed.query)) return undefined;
  return "Cannot answer: this scene is a layout with no camera, so “the camera”, “the picture” " +
    `and “leftmost/closest” have no meaning here; ${VIEWPOINT_FORMS}.`;
}
