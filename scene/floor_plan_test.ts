import assert from "node:assert/strict";
import { floorPlan } from "./floor_plan.ts";
import { parseLayout } from "./spatiallm.ts";
import { layoutToScene } from "./spatiallm_scene.ts";

const ROOM = await Deno.readTextFile(new URL("../tests/fixtures/room_layout.txt", import.meta.url));

const near = (p: number[], q: number[]) => p.every((v, i) => Math.abs(v - q[i]) < 1e-9);

Deno.test("floorPlan: walls end where the layout's walls end; openings span their width", () => {
  const plan = floorPlan(layoutToScene(parseLayout(ROOM)));
  const layout = parseLayout(ROOM);
  assert.equal(plan.walls.length, 4);
  plan.walls.forEach((w, i) => {
    const src = layout.walls[i];
    const [a, b] = [src.a.slice(0, 2), src.b.slice(0, 2)];
    assert.ok(near(w.a, a) && near(w.b, b) || near(w.a, b) && near(w.b, a), JSON.stringify(w));
  });
  const door = plan.openings.find((o) => o.id === "door_0")!;
  assert.equal(door.kind, "door");
  // door_0: centre (1, 0) on the wall along x, 0.9 m wide, facing into the room (+y).
  assert.ok(near([door.a[0], door.b[0]].sort(), [0.55, 1.45]), JSON.stringify(door));
  assert.ok(near(door.front!, [0, 1]));
  assert.equal(plan.openings.find((o) => o.id === "window_0")!.kind, "window");
});
