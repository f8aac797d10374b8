/**
 * A small scene for tool tests: a person facing +x (toward the camera's right), a dog on the
 * person's left-behind, a chair; built through the real scene parser.
 *
 * @module
 */
import { createWorkspace, type Workspace } from "./workspace.ts";
import { parseScene } from "../scene/schema.ts";

/** A fresh workspace holding the fixture scene. */
export function fixtureWorkspace(): Workspace {
  const scene = parseScene({
    camera: { fx: 500, fy: 500, cx: 320, cy: 240 },
    objects: [
      {
        id: "person_1",
        label: "person",
        center: [0, 5, 0],
        size: [0.5, 0.3, 1.7],
        front: [1, 0, 0],
      },
      {
        id: "dog_1",
        label: "dog",
        center: [1, 7, -0.5],
        size: [0.3, 0.8, 0.6],
        front: [1, 0, 0],
        orientation_confidence: 0.9,
      },
      { id: "chair_1", label: "chair", center: [-2, 4, -0.4] },
    ],
  });
  return createWorkspace({ camera: { ...scene.camera!, source: "scene" }, scene });
}
