import assert from "node:assert/strict";
import { defaultRegistry } from "./index.ts";
import { fixtureWorkspace } from "./test_workspace.ts";

const reg = defaultRegistry();
// deno-lint-ignore no-explicit-any
async function compare(args: unknown): Promise<any> {
  const r = await reg.call("compare_vectors", args, { workspace: fixtureWorkspace() });
  if (!r.ok) throw new Error(r.error);
  return r.output;
}

Deno.test("points: vector, distance and camera-relative relations", async () => {
  const out = await compare({ a: "person_1", b: "dog_1" });
  assert.deepEqual(out.vector, [1, 2, -0.5]);
  assert.ok(Math.abs(out.distance - Math.sqrt(5.25)) < 1e-12);
  assert.equal(out.relations.left_right, "right");
  assert.equal(out.relations.front_behind, "behind");
  assert.equal(out.relations.above_below, "below");
  assert.equal(out.relations.closer_to_camera, "a");
  assert.equal(out.observer, "the camera");
});

Deno.test("points from the person's viewpoint: left/right flips to the observer's", async () => {
  const out = await compare({ a: "chair_1", b: "dog_1", observer: { object_id: "person_1" } });
  // Facing +x, the dog (y = 7) is on the person's left of the chair (y = 4).
  assert.equal(out.relations.left_right, "left");
});

Deno.test("a with a front: cosines with its front and left", async () => {
  const out = await compare({ a: "dog_1", b: "person_1" });
  // Dog faces +x; the person is at Δ = (−1, −2, 0.5) — behind-right of the dog.
  assert.ok(out.a_front.cosine_front < 0);
  assert.equal(out.a_front.b_in_front_of_a, "no");
  assert.ok(out.a_front.cosine_left < 0, "dog's left is +y; the person is toward −y");
  assert.equal(out.a_front.b_on_left_of_a, "no");
  assert.equal((await compare({ a: "chair_1", b: "dog_1" })).a_front, undefined);
});

Deno.test("reference: which of a, b is closer to a third object", async () => {
  const out = await compare({ a: "chair_1", b: "dog_1", reference: [-2, 5, 0] });
  assert.equal(out.relations.closer_to_reference, "a");
  assert.ok(out.reference.a_distance < out.reference.b_distance);
});

Deno.test("directions: fronts compared; unknown front and zero vectors are errors", async () => {
  const out = await compare({ a: "person_1", b: "dog_1", kind: "directions" });
  assert.equal(out.cosine, 1);
  assert.equal(out.parallel, "yes");
  assert.equal(out.same_direction, "yes");
  const opposite = await compare({ a: [1, 0, 0], b: [-1, 0, 0], kind: "directions" });
  assert.equal(opposite.angle_deg, 180);
  assert.equal(opposite.parallel, "yes");
  assert.equal(opposite.same_direction, "no");
  await assert.rejects(compare({ a: "chair_1", b: "dog_1", kind: "directions" }), /orientation/);
  await assert.rejects(compare({ a: [0, 0, 0], b: [1, 0, 0], kind: "directions" }), /zero/);
});

Deno.test("closer to the camera is ambiguous inside the objects' depth uncertainty", async () => {
  const ws = fixtureWorkspace();
  const call = async () => {
    const r = await reg.call("compare_vectors", { a: "person_1", b: "dog_1" }, { workspace: ws });
    if (!r.ok) throw new Error(r.error);
    return (r.output as { relations: { closer_to_camera: string } }).relations.closer_to_camera;
  };
  assert.equal(await call(), "a");
  // estimated depths of ±2 m each: the 2 m difference lies inside their combined sigma
  ws.objects.get("person_1")!.depth = { value: 5, uncertainty: 2, method: "size-prior" };
  ws.objects.get("dog_1")!.depth = { value: 7, uncertainty: 2, method: "size-prior" };
  assert.equal(await call(), "ambiguous");
});
