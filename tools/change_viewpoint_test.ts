import assert from "node:assert/strict";
import { defaultRegistry } from "./index.ts";
import { fixtureWorkspace } from "./test_workspace.ts";
import { distance, type Vec3 } from "../core/vec.ts";

const reg = defaultRegistry();

async function view(observer: unknown, points: unknown[], directions?: unknown[]) {
  const r = await reg.call("change_viewpoint", { observer, points, directions }, {
    workspace: fixtureWorkspace(),
  });
  if (!r.ok) throw new Error(r.error);
  return r.output as {
    points: { local: Vec3; bearing_deg: number; distance: number }[];
    directions: { local: Vec3 }[];
    observer: { left: Vec3; right: Vec3 };
  };
}

Deno.test("camera viewpoint: local = our frame", async () => {
  const out = await view("camera", ["dog_1"]);
  assert.deepEqual(out.points[0].local, [1, 7, -0.5]);
});

Deno.test("person's viewpoint (facing +x): the dog is ahead-left, the chair behind", async () => {
  const out = await view({ object_id: "person_1" }, ["dog_1", "chair_1"], ["dog_1"]);
  const [dog, chair] = out.points;
  // Facing +x, right is −y; the dog at Δ = (1, 2) is ahead (+1) and to the left (−2 right).
  assert.ok(Math.abs(dog.local[0] + 2) < 1e-12 && Math.abs(dog.local[1] - 1) < 1e-12);
  assert.ok(dog.bearing_deg < 0);
  assert.ok(chair.local[1] < 0);
  // Facing +x, the person's left is +y (away from the camera).
  assert.deepEqual(out.observer.left.map((x) => x + 0), [0, 1, 0]);
  assert.ok(
    Math.abs(out.directions[0].local[1] - 1) < 1e-12,
    "dog faces the same way as the person",
  );
});

Deno.test("distances are preserved, and standing at A facing B works with literal points", async () => {
  const ws = fixtureWorkspace();
  const out = await view({ position: "chair_1", facing: [5, 5, 0] }, ["dog_1", "person_1"]);
  const [d, p] = out.points;
  const expected = distance(ws.objects.get("dog_1")!.center!, ws.objects.get("person_1")!.center!);
  assert.ok(Math.abs(distance(d.local, p.local) - expected) < 1e-9);
});

Deno.test("unknown front, no points, and a vertical facing are clear errors", async () => {
  await assert.rejects(
    view({ object_id: "chair_1" }, ["dog_1"]),
    /orientation of "chair_1" is unknown/,
  );
  await assert.rejects(view("camera", []), /at least one point/);
  await assert.rejects(
    view({ position: [0, 0, 0], facing: [0, 0, 5] }, ["dog_1"]),
    /no horizontal direction/,
  );
});
