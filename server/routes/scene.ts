/**
 * `POST /api/scene` `{scene: text, viewpoint?}`: reads the text of a scene file — scene JSON or a
 * SpatialLM layout (scene/load.ts) — and returns the scene in our frame with its floor plan (walls
 * and doors/windows as segments, scene/floor_plan.ts) and its objects as the page's `view`, for
 * the page to draw before any question.
 * A malformed layout is a 400 naming the line and field, e.g. `scene:3 scale_z: missing: …`.
 *
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import { InputError, inputErrorFromZod } from "../../core/errors.ts";
import { anglesFromFront } from "../../core/frame.ts";
import { floorPlan } from "../../scene/floor_plan.ts";
import { parseSceneText } from "../../scene/load.ts";
import { unitsField } from "../view.ts";

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
    // The page's object view (server/view.ts's ObjectView), as the tools would report them.
    const objects = scene.objects.map((o) => ({
      id: o.id,
      label: o.label,
      center: o.center,
      ...(o.size ? { size: o.size } : {}),
      ...(o.front
        ? {
          front: o.front,
          orientation_confidence: o.orientation_confidence ?? 1,
          azimuth_deg: anglesFromFront(o.front).azimuthDeg,
        }
        : {}),
    }));
    return c.json({
      scene,
      plan: floorPlan(scene),
      view: { objects, used: [], ...unitsField(scene.units) },
    });
  });
}
