import assert from "node:assert/strict";
import { distance, norm, type Vec3 } from "../../core/vec.ts";
import { readKittiDir } from "../../scene/kitti.ts";
import type { NormalizedScene } from "../../scene/schema.ts";
import { loadSceneFile } from "../../scene/load.ts";
import { defaultRegistry } from "../../tools/index.ts";
import { createWorkspace } from "../../tools/workspace.ts";
import { hasShared, SHARED_DIR } from "../../tests/shared.ts";
import { newTrace, type ToolEvent, type Trace } from "../trace.ts";
import { executeQuery } from "./execute.ts";
import { runRulePlanner } from "./planner.ts";
import type { Query } from "./query.ts";

const FIXTURES = new URL("../../tests/fixtures/", import.meta.url).pathname;
const street = await loadSceneFile(`${FIXTURES}street.json`);
const parking = await loadSceneFile(`${FIXTURES}parking.json`);
const registry = defaultRegistry();

function center(scene: NormalizedScene, id: string): Vec3 {
  return scene.objects.find((o) => o.id === id)!.center as Vec3;
}

function env(scene: NormalizedScene, question: string) {
  const workspace = createWorkspace({ camera: { ...scene.camera!, source: "scene" }, scene });
  const trace = newTrace({ question, intrinsics: workspace.camera, planner: "rules" });
  return { registry, ctx: { workspace }, trace };
}

async function ask(question: string, scene = street, options?: string[]) {
  const e = env(scene, question);
  const out = await runRulePlanner({ question, options }, e);
  return { ...out, trace: e.trace };
}

function outputs(trace: Trace, tool: string): Record<string, unknown>[] {
  return trace.events.filter((e): e is ToolEvent => e.type !== "reasoning" && "tool" in e)
    .filter((e) => e.tool === tool && e.ok).map((e) => e.output as Record<string, unknown>);
}

/** Counts of the SR-CoT ingredients the trace's tool outputs hold (see issue 5). */
function ingredients(trace: Trace) {
  const located = new Set<string>();
  for (const o of outputs(trace, "back_project")) {
    for (const obj of o.objects as { id: string }[]) located.add(obj.id);
  }
  let distToCamera = 0, distBetween = 0, vectors = 0, fronts = 0, lefts = 0, cosines = 0;
  for (const o of outputs(trace, "compare_vectors")) {
    if (o.kind === "points") {
      distToCamera += 2;
      distBetween += o.reference ? 2 : 1;
      vectors++;
      const f = o.a_front as Record<string, unknown> | undefined;
      if (f) {
        fronts++;
        lefts++;
        cosines += 2;
      }
    } else {
      cosines++;
      fronts += 2;
    }
  }
  for (const o of outputs(trace, "change_viewpoint")) {
    const observer = o.observer as { forward?: unknown; left?: unknown };
    if (observer.forward) fronts++;
    if (observer.left) lefts++;
  }
  return { locations: located.size, distToCamera, distBetween, vectors, fronts, lefts, cosines };
}

function atLeast(trace: Trace, want: Partial<ReturnType<typeof ingredients>>) {
  const have = ingredients(trace);
  for (const [k, v] of Object.entries(want)) {
    assert.ok(have[k as keyof typeof have] >= v!, `${k}: ${have[k as keyof typeof have]} < ${v}`);
  }
}

Deno.test("rules: height_higher — which and yes/no phrasings, tops compared", async () => {
  for (
    const q of [
      "Which is higher, the person or the dog?",
      "Which object is higher in the 3D world space, the dog or the person?",
    ]
  ) {
    const r = await ask(q);
    assert.equal(r.value, "person", q);
    atLeast(r.trace, { locations: 2 });
  }
  assert.equal((await ask("Is the dog higher than the person?")).value, false);
  assert.equal(
    (await ask("Which one is lower, the traffic light or the bicycle?")).value,
    "bicycle",
  );
});

Deno.test("rules: location_above — centres compared, ambiguity refused", async () => {
  const r = await ask("Is the traffic light above the bicycle?");
  assert.equal(r.value, center(street, "traffic_light_1")[2] > center(street, "bicycle_1")[2]);
  atLeast(r.trace, { locations: 2 });
  assert.equal((await ask("Is the bicycle below the traffic light?")).value, true);
  // Car centres share a height: inside the margin, no guess.
  const same = await ask("Is the truck above the leftmost car?");
  assert.equal(same.status, "answered");
  const tie = await ask("Is the leftmost car above the rightmost car?");
  assert.equal(tie.status, "unanswerable");
  assert.equal(tie.value, null);
  assert.match(tie.answer, /ambiguity margin/);
});

Deno.test("rules: location_closer_to_camera — matches the distances from the camera", async () => {
  const dDog = norm(center(street, "dog_1"));
  const dBike = norm(center(street, "bicycle_1"));
  for (
    const q of [
      "Which is closer to the camera, the dog or the bicycle?",
      "Which object is nearer to me, the bike or the dog?",
    ]
  ) {
    const r = await ask(q);
    assert.equal(r.value, dDog < dBike ? "dog" : q.includes("bike or") ? "bike" : "bicycle");
    atLeast(r.trace, { locations: 2, distToCamera: 2 });
  }
  assert.equal((await ask("Is the dog nearer to me than the bike?")).value, dDog < dBike);
  assert.equal((await ask("Is the truck farther from the camera than the bench?")).value, true);
  const mc = await ask("Which is closer to the camera?", street, ["the bicycle", "the dog"]);
  assert.equal(mc.value, "the dog");
});

Deno.test("rules: location_next_to — contact distance with margins", async () => {
  const r = await ask("Is the bicycle next to the person?");
  assert.equal(r.value, true);
  atLeast(r.trace, { locations: 2, distBetween: 1 });
  const d = distance(center(street, "bicycle_1"), center(street, "person_1"));
  assert.ok(r.answer.includes(d.toFixed(2)), r.answer);
  assert.equal((await ask("Is the truck next to the dog?")).value, false);
  assert.equal((await ask("Is the truck far from the dog?")).value, true);
  const which = await ask(
    "Are the truck and the dog next to each other or far away from each other?",
    street,
    ["next to each other", "far away from each other"],
  );
  assert.equal(which.value, "far away from each other");
  const amb = await ask("Is the dog next to the person?");
  assert.equal(amb.status, "unanswerable");
});

Deno.test("rules: orientation_in_front_of — the reference object's own front", async () => {
  // The person faces −x; the dog is at −x of the person: in front of it.
  const r = await ask("Is the dog in front of the person?");
  assert.equal(r.value, true);
  atLeast(r.trace, { locations: 2, vectors: 1, fronts: 1, cosines: 1 });
  assert.equal((await ask("Is the bicycle behind the person?")).value, true);
  const which = await ask("Is the bicycle in front of or behind the person?");
  assert.equal(which.value, "behind");
  // car_1 faces the camera (−y); the truck is far behind it (+y).
  assert.equal((await ask("Is the truck in front of the leftmost car?")).value, false);
});

Deno.test("rules: orientation_on_the_left — the reference object's own left", async () => {
  // car_2 faces +x: its left is +y (away from the camera), so car_3 at larger y is on its left.
  const r = await ask("Is the rightmost car on the left of the second car from the left?");
  assert.equal(r.value, true);
  atLeast(r.trace, { locations: 2, vectors: 1, lefts: 1, cosines: 1 });
  const which = await ask("Is the bench on the left or right of the couch?");
  // The couch faces −x: its left is −y; the bench (y 5 = couch y) is straight ahead: ambiguous.
  assert.equal(which.status, "unanswerable");
  const tv = await ask("Is the tv to the left of the couch?");
  // tv at +y of the couch, the couch faces −x: +y is its right.
  assert.equal(tv.value, false);
  // In the image (camera's left = −x): the dog (x −1.5) is left of the person (x 0).
  const img = await ask("Is the dog to the left of the person in the image?");
  assert.equal(img.value, true);
  assert.match(img.answer, /Seen from the camera/);
});

Deno.test("rules: orientation_viewpoint — observer's front and left both recorded", async () => {
  // The dog faces +x: the person (at +x) is in front; the bench (−x, y 5) is behind-right.
  const r = await ask("From the dog's perspective, is the person in front of it or behind it?");
  assert.equal(r.value, "in front");
  atLeast(r.trace, { locations: 2, vectors: 1, fronts: 1, lefts: 1, cosines: 2 });
  const lr = await ask("From the couch's viewpoint, is the tv on its left or right?");
  assert.equal(lr.value, "right");
  const yn = await ask(
    "You are standing at the couch's position, facing where it is facing. Is the tv on your left?",
  );
  assert.equal(yn.value, false);
  const amb = await ask("From the person's viewpoint, is the dog on their left or right?");
  assert.equal(amb.status, "unanswerable");
  assert.match(amb.answer, /ambiguity margin/);
});

Deno.test("rules: multi_object_viewpoint_towards_object — standing at A facing B", async () => {
  const r = await ask("If I stand at the couch facing the TV, is the person on my left?");
  assert.equal(r.value, true);
  atLeast(r.trace, { locations: 3, vectors: 2, fronts: 1, lefts: 1, cosines: 2 });
  const which = await ask(
    "Standing at the couch facing the tv, is the traffic light on my left or right?",
    street,
    ["left", "right"],
  );
  // The light (x 3) is left of the couch (x 4) when facing +y.
  assert.equal(which.value, "left");
  const fb = await ask(
    "If I stand at the tv facing the couch, is the person in front of me or behind me?",
  );
  // Facing −y from (4, 9): the person at y 6 is ahead.
  assert.equal(fb.value, "in front");
});

Deno.test("rules: multi_object_closer_to — two distances to the reference", async () => {
  const dDog = distance(center(street, "dog_1"), center(street, "person_1"));
  const dBike = distance(center(street, "bicycle_1"), center(street, "person_1"));
  const r = await ask("Which is closer to the person, the dog or the bicycle?");
  assert.equal(r.value, dDog < dBike ? "dog" : "bicycle");
  atLeast(r.trace, { locations: 3, distBetween: 2 });
  assert.equal(
    (await ask("Is the dog closer to the person than the bicycle?")).value,
    dDog < dBike,
  );
  assert.equal(
    (await ask("Which is farther from the person, the dog or the truck?")).value,
    "truck",
  );
});

Deno.test("rules: multi_object_parallel and same_direction — two fronts and a cosine", async () => {
  const p = await ask("Is the leftmost car parallel to the truck?");
  assert.equal(p.value, true);
  atLeast(p.trace, { fronts: 2, cosines: 1 });
  assert.equal((await ask("Is the second car from the left parallel to the truck?")).value, false);
  const s = await ask("Are the two chairs facing the same way?");
  assert.equal(s.value, true);
  atLeast(s.trace, { fronts: 2, cosines: 1 });
  assert.equal(
    (await ask("Are the truck and the leftmost car facing the same direction?")).value,
    false,
  );
  assert.equal(
    (await ask("Are the truck and the leftmost car facing opposite directions?")).value,
    true,
  );
  const unknown = await ask("Is the bicycle parallel to the truck?");
  assert.equal(unknown.status, "unanswerable");
  assert.match(unknown.answer, /orientation of bicycle \(bicycle_1\) is unknown/);
  assert.match(unknown.answer, /offline, only people and chairs have an orientation model/);
  assert.doesNotMatch(unknown.answer, /In the picture/); // no camera-side twin for "parallel"
  // An object's own left, unknown: the refusal offers the question about the picture instead.
  const own = await ask("Is the truck on the left of the bicycle?");
  assert.equal(own.status, "unanswerable");
  assert.match(
    own.answer,
    /To ask about the picture instead: “In the picture, is the .* to the left of the bicycle\?”/,
  );
  const weak = await ask("Is the traffic light parallel to the truck?");
  assert.match(weak.answer, /too uncertain \(confidence 0\.20/);
});

Deno.test("rules: multi_object_facing — a front and a vector per candidate", async () => {
  const r = await ask("Which object is the dog facing, the person or the bench?");
  assert.equal(r.value, "person");
  atLeast(r.trace, { locations: 3, fronts: 1, vectors: 2, cosines: 2 });
  assert.equal((await ask("Is the person facing the dog?")).value, true);
  assert.equal((await ask("Is the person facing the truck?")).value, false);
  const mc = await ask("Which is the dog facing, the person or the bench?", street, [
    "bench",
    "person",
  ]);
  assert.equal(mc.value, "person");
});

Deno.test("rules: Basic3D — distances, sizes, counts equal the scene's numbers", async () => {
  const d = norm(center(street, "dog_1"));
  const r = await ask("How far is the dog from the camera?");
  assert.equal(r.value, Math.round(d * 100) / 100);
  atLeast(r.trace, { locations: 1 });
  assert.equal((await ask("How far away is the dog?")).value, Math.round(d * 100) / 100);
  const between = distance(center(street, "truck_1"), center(street, "dog_1"));
  assert.equal(
    (await ask("How far apart are the truck and the dog (in metres)?")).value,
    Math.round(between * 100) / 100,
  );
  assert.equal((await ask("How tall is the person?")).value, 1.7);
  assert.equal((await ask("How wide is the couch?")).value, 2);
  assert.equal((await ask("How long is the truck?")).value, 8);
  assert.equal((await ask("How many cars are there?")).value, 3);
  assert.equal((await ask("How many chairs are in the photo?")).value, 2);
  assert.equal((await ask("How many cats are there?")).value, 0);
});

Deno.test("rules: unanswerable — missing object, several without a selector, unparseable", async () => {
  const missing = await ask("Is the cat next to the dog?");
  assert.equal(missing.status, "unanswerable");
  assert.equal(missing.value, null);
  assert.match(missing.answer, /no cat was found in the scene/);
  const several = await ask("How far apart are the car and the truck?");
  assert.match(several.answer, /there are 3 cars \(car_1, car_2, car_3\); say which one/);
  const same = await ask("Is the leftmost car next to the third car from the right?");
  assert.match(same.answer, /are the same object \(car_1\)/);
  const tooFew = await ask("How far is the fifth car from the left?");
  assert.match(tooFew.answer, /only 3 cars were found/);
  const group = await ask("Are the two cars facing the same way?");
  assert.match(group.answer, /speaks of 2 cars but 3 were found/);
  const nonsense = await ask("What colour is the dog?");
  assert.match(nonsense.answer, /could not understand the question/);
  for (const r of [missing, several, same, tooFew, group, nonsense]) {
    assert.equal(r.trace.answer?.value, null);
    assert.equal(r.trace.events.at(-1)?.type, "answer");
  }
});

Deno.test("rules: selectors use image boxes when present, 3D otherwise", async () => {
  // parking.json: boxes order the cars left→right as car_b, car_a, car_c; car_c is nearest.
  const left = await ask("How far away is the leftmost car?", parking);
  assert.match(
    left.trace.events.find((e) => e.type === "reasoning" && /is car_b/.test(e.text))
      ?.type ?? "",
    /reasoning/,
  );
  const second = await ask("How tall is the second car from the left?", parking);
  assert.equal(second.value, 1.6);
  const nearest = await ask("How far away is the car closest to the camera?", parking);
  assert.equal(nearest.value, Math.round(norm(center(parking, "car_c")) * 100) / 100);
  const biggest = await ask("How long is the biggest car?", parking);
  assert.equal(biggest.value, 5);
});

Deno.test("rules: executeQuery takes queries built directly, with object ids", async () => {
  const q: Query = {
    category: "multi_object_closer_to",
    reference: { label: "person", text: "the person", id: "person_1" },
    candidates: [
      { label: "dog", text: "the dog", id: "dog_1" },
      { label: "truck", text: "the truck", id: "truck_1" },
    ],
    relation: "closer",
    form: "which",
  };
  const e = env(street, "generated");
  const out = await executeQuery(q, e);
  assert.equal(out.value, "dog");
  const bad = await executeQuery(
    { ...q, reference: { ...q.reference, id: "nope_9" } },
    env(street, "x"),
  );
  assert.match(bad.answer, /no object with id nope_9/);
});

const KITTI = "data/kitti3d/000001";
Deno.test({
  name: "rules: KITTI scene from labels — closer, count, distance, facing",
  ignore: !hasShared(KITTI),
  fn: async () => {
    const scene = await readKittiDir(`${SHARED_DIR}/${KITTI}`);
    const byLabel = (l: string) => scene.objects.filter((o) => o.label === l);
    const car = byLabel("car")[0];
    const truck = byLabel("truck")[0];
    const r = await ask("Which is closer to the camera, the car or the truck?", scene);
    assert.equal(r.value, norm(car.center as Vec3) < norm(truck.center as Vec3) ? "car" : "truck");
    assert.equal((await ask("How many cars are there?", scene)).value, byLabel("car").length);
    const d = await ask("How far apart are the car and the truck?", scene);
    assert.equal(
      d.value,
      Math.round(distance(car.center as Vec3, truck.center as Vec3) * 100) / 100,
    );
    const cyc = await ask("Is the cyclist parallel to the truck?", scene);
    assert.equal(cyc.status, "answered");
    assert.equal(typeof cyc.value, "boolean");
  },
});

const KITTI0 = "data/kitti3d/000000";
Deno.test({
  name: "rules: KITTI scene 000000 — a pedestrian's distance and height from the label",
  ignore: !hasShared(KITTI0),
  fn: async () => {
    const scene = await readKittiDir(`${SHARED_DIR}/${KITTI0}`);
    const p = scene.objects[0];
    const r = await ask("How far away is the pedestrian?", scene);
    assert.equal(r.value, Math.round(norm(p.center as Vec3) * 100) / 100);
    assert.equal((await ask("How tall is the person?", scene)).value, 1.89);
  },
});

Deno.test("size comparison: taller, bigger, which — from the 3D sizes, with the steps", async () => {
  const taller = await ask("Is the person taller than the dog?");
  assert.equal(taller.value, true);
  assert.match(taller.answer, /^Yes\. The person's height is 1\.70 m and the dog's height 0\.60 m/);
  assert.equal((await ask("Is the dog bigger than the truck?")).value, false);
  const which = await ask("Which is taller, the truck or the person?");
  assert.equal(which.value, "truck");
  // The two chairs have the same size: too close to call, never a guess.
  const same = await ask("Is the leftmost chair taller than the rightmost chair?");
  assert.equal(same.value, null);
  assert.match(same.answer, /too close to call/);
});

Deno.test("lengths are answered in the unit asked for; the value stays in metres", async () => {
  const d = norm(center(street, "dog_1"));
  const ft = await ask("How far away is the dog, in feet?");
  assert.equal(ft.value, Math.round(d * 100) / 100);
  assert.match(ft.answer, new RegExp(`^${(d / 0.3048).toFixed(2)} feet\\.`));
  const cm = await ask("How tall is the person in centimetres?");
  assert.match(cm.answer, /^170\.00 centimetres\./);
});

Deno.test("answers read as English: counts agree in number, no category names", async () => {
  const one = await ask("How many dogs are there?");
  assert.match(one.answer, /^1\. 1 dog was found\.$/);
  const two = await ask("How many chairs are there?");
  assert.match(two.answer, /2 chairs were found/);
  const reading = two.trace.events.find((e) => e.type === "reasoning")!;
  assert.ok("text" in reading && !/_/.test(reading.text), JSON.stringify(reading));
});

Deno.test("an object's own orientation threshold is honoured when present", async () => {
  const scene = structuredClone(street);
  const e = env(scene, "Is the dog in front of the car?");
  const car = [...e.ctx.workspace.objects.values()].find((o) => o.label === "car")!;
  Object.assign(car, { orientation_confidence: 0.7, min_orientation_confidence: 0.9 });
  const out = await runRulePlanner({ question: "Is the dog in front of the leftmost car?" }, e);
  assert.equal(out.value, null);
  assert.match(out.answer, /too uncertain \(confidence 0\.70, below 0\.9\)/);
});

Deno.test("execute: a choice among more than two objects compares them pair by pair", async () => {
  const dist = (id: string) => norm(center(street, id));
  const ids = ["truck_1", "bench_1", "person_1", "bicycle_1"];
  const want = ids.reduce((x, y) => (dist(y) < dist(x) ? y : x)).replace(/_1$/, "");
  const r = await ask(
    "Which is closest to the camera: the truck, the bench, the person or the bicycle?",
  );
  assert.equal(r.value, want);
  const rows = await ask(
    "Which is closer to the camera? A. the truck B. the bench C. the person D. the bicycle",
  );
  assert.equal(rows.value, `the ${want}`);
});

Deno.test("execute: the camera can be one of the things an object faces", async () => {
  // person_1 at (0, 6) faces −x: the bench at (−4, 5) is ahead of it, the camera beside it.
  const r = await ask("Which is the man facing, the camera or the bench?");
  assert.equal(r.value, "bench");
  assert.equal((await ask("Is the person looking at me?")).value, false);
  const back = await ask("Which is the man facing, the bench or the camera?");
  assert.equal(back.value, "bench");
});

Deno.test("execute: 'the same or different directions?' answers with the option that names it", async () => {
  // chair_1 faces (0, −1, 0), chair_2 (0.05, −1, 0): the same way; car_1 and car_3 face apart.
  const options = ["same or similar directions", "very different directions"];
  const same = await ask(
    "Are the two chairs facing the same or different directions?",
    street,
    options,
  );
  assert.equal(same.value, options[0]);
  const cars = await ask(
    "Are the leftmost car and the rightmost car facing the same or very different directions?",
    street,
    options,
  );
  assert.equal(cars.value, options[1]);
});

Deno.test("execute: 'parallel or perpendicular?' names the one that holds, or neither", async () => {
  // car_1 faces (0, −1, 0), car_2 (1, 0, 0), car_3 (0, 1, 0).
  const options = ["parallel", "perpendicular"];
  const q = (a: string, b: string) =>
    `Are the ${a} car and the ${b} car parallel or perpendicular?`;
  assert.equal((await ask(q("leftmost", "rightmost"), street, options)).value, "parallel");
  assert.equal((await ask(q("first", "second"), street, options)).value, "perpendicular");
});
