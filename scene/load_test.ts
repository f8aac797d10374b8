import assert from "node:assert/strict";
import { loadSceneFile } from "./load.ts";
import { DOORWAY } from "./spatiallm_scene.ts";

const ROOM = new URL("../tests/fixtures/room_layout.txt", import.meta.url).pathname;
const STREET = new URL("../tests/fixtures/street.json", import.meta.url).pathname;

Deno.test("loadSceneFile tells a SpatialLM layout from scene JSON by content", async () => {
  const layout = await loadSceneFile(ROOM);
  assert.equal(layout.no_camera, true);
  assert.ok(layout.objects.some((o) => o.id === "sofa_0"));
  const json = await loadSceneFile(STREET);
  assert.equal(json.no_camera, undefined);
  // The extension does not matter.
  const tmp = await Deno.makeTempFile({ suffix: ".scene" });
  await Deno.copyFile(ROOM, tmp);
  assert.equal((await loadSceneFile(tmp)).objects.length, layout.objects.length);
  await Deno.writeTextFile(tmp, "wall_0=Wall(0,0,0,4,0,0,2.8,0.2)\nlamp_0=Lamp(1,2,3)\n");
  assert.deepEqual((await loadSceneFile(tmp)).skipped_lines, [
    {
      line: 2,
      text: "lamp_0=Lamp(1,2,3)",
      reason: 'unknown entity kind "Lamp" (known: ' +
        "Wall, Door, Window, Bbox)",
    },
  ]);
  await Deno.writeTextFile(tmp, "wall_0=Wall(0,0,0,4,0,0,2.8\n");
  await assert.rejects(loadSceneFile(tmp), /\.scene:1: truncated line/);
  await Deno.writeTextFile(tmp, "not a scene");
  await assert.rejects(loadSceneFile(tmp), /neither scene JSON nor a SpatialLM layout/);
  await Deno.remove(tmp);
  await assert.rejects(loadSceneFile("/nonexistent/room.txt"), /scene file not found/);
});

Deno.test("loadSceneFile: viewpoints apply to layouts only; the default one only to layouts", async () => {
  const seen = await loadSceneFile(ROOM, { viewpoint: "door_0->sofa_0" });
  assert.deepEqual(seen.objects.find((o) => o.id === "door_0")!.center, [0, 0, 0]);
  await assert.rejects(
    loadSceneFile(STREET, { viewpoint: "door_0->sofa_0" }),
    /--viewpoint: applies to SpatialLM layouts only/,
  );
  assert.equal((await loadSceneFile(STREET, { defaultViewpoint: DOORWAY })).viewpoint, undefined);
  // The doorway: door_0 at (1, 0, 1) facing the walls' centre (2.5, 2): that centre is ahead.
  const door = await loadSceneFile(ROOM, { defaultViewpoint: DOORWAY });
  const sofa = door.objects.find((o) => o.id === "sofa_0")!.center;
  const ahead = Math.hypot(1.5, 2);
  const [fx, fy] = [1.5 / ahead, 2 / ahead];
  // sofa (2.5, 3.5) − door (1, 0) = (1.5, 3.5), in the door's axes (right = (fy, −fx)).
  assert.ok(Math.abs(sofa[0] - (1.5 * fy - 3.5 * fx)) < 1e-9);
  assert.ok(Math.abs(sofa[1] - (1.5 * fx + 3.5 * fy)) < 1e-9);
});
