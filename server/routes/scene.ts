/**
 * `POST /api/scene` `{scene: text, viewpoint?}`: reads the text of a scene file — scene JSON or a
 * SpatialLM layout (scene/load.ts) — and returns the scene in our frame with its floor plan (walls
 * and doors/windows as segments, scene/floor_plan.ts), for the page to draw before any question.
 * A malformed layout is a 400 naming the line and field, e.g. `scene:3 scale_z: missing: …`.
 *
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import { InputError, inputErrorFromZod } from "../../core/errors.ts";
import { floorPlan } from "../../scene/floor_plan.ts";
import { parseSceneText } from "../../scene/load.ts";

const Body = z.strictObject({
  scene: z.string().describe("a scene file's text: JSON or a SpatialLM layout"),
  viewpoint: z.string().max(200).optional().describe('for a layout: "A->B" or "doorway"'),
});

/** Adds the route to `app`. */
export function sceneRoute(app: Hono): void {
  app.post("/api/scene", async (c) => {
    const raw = await c.req.json().catch(() => {
      throw new InputError("body", "is not valid JSON", 'send {"scene": "<file text>"}');
    });
    const parsed = Body.safeParse(raw);
    if (!parsed.success) throw inputErrorFromZod(parsed.error);
    const { scene: text, viewpoint } = parsed.data;
    const scene = parseSceneText(text, "scene", viewpoint ? { viewpoint } : {});
    return c.json({ scene, plan: floorPlan(scene) });
  });
}
