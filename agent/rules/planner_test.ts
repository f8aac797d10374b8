import assert from "node:assert/strict";
import { loadSceneFile } from "../../scene/load.ts";
import { parseScene } from "../../scene/schema.ts";
import { defaultRegistry } from "../../tools/index.ts";
import { createWorkspace } from "../../tools/workspace.ts";
import { ask as askAgent } from "../ask.ts";
import { newTrace } from "../trace.ts";
import { type PlannerQuestion, runRulePlanner } from "./planner.ts";

const street = await loadSceneFile(
  new URL("../../tests/fixtures/street.json", import.meta.url).pathname,
);

async function ask(q: PlannerQuestion, scene = street) {
  const workspace = createWorkspace({
    camera: { ...scene.camera!, source: "scene" },
    scene,
  });
  const trace = newTrace({ question: q.question, intrinsics: workspace.camera, planner: "rules" });
  const out = await runRulePlanner(q, { registry: defaultRegistry(), ctx: { workspace }, trace });
  return { ...out, trace };
}

Deno.test("planner: follow-ups from the conversation's earlier user turns", async () => {
  const history = [
    { role: "user" as const, content: "How tall is the dog?" },
    { role: "assistant" as const, content: "0.60 m." },
  ];
  const far = await ask({ question: "How far is it?", history });
  assert.equal(far.status, "answered");
  assert.match(far.answer, /The dog's centre is/);
  const and = await ask({ question: "And the person?", history });
  assert.match(and.answer, /^1\.70 m\./);
  const note = and.trace.events.find((e) => e.type === "reasoning");
  assert.ok(note && "text" in note && /follow-up of “How tall is the dog\?”/.test(note.text));
  // Without the history the same words cannot be read.
  assert.equal((await ask({ question: "How far is it?" })).status, "unanswerable");
});

Deno.test("planner: a refusal names the closest form with this image's objects", async () => {
  const r = await ask({ question: "Is the dog to the left or what?" });
  assert.equal(r.value, null);
  assert.match(r.answer, /closest supported form is .*e\.g\. “.+\?”$/);
  // The example uses objects of this scene that need no "which one" (3 cars: not the car).
  const example = r.answer.match(/“([^”]+)”$/)![1];
  assert.doesNotMatch(example, /\bthe car\b/);
  assert.match(example, /the (truck|person|dog|bicycle|bench|couch|tv|traffic light)/);
  const colour = await ask({ question: "What colour is the sky?" });
  assert.match(colour.answer, /closest supported form is a comparison of distances/);
});

Deno.test("planner: a missing name suggests the nearest present label", async () => {
  const r = await ask({ question: "Is the bycicle next to the bench?" });
  assert.match(r.answer, /(did you mean|bicycle)/);
  const horse = await ask({ question: "How tall is the horse?" });
  assert.match(horse.answer, /no horse was found.*did you mean the dog\?$/);
});

/** The street scene with a photo: cars 1 and 3 red, car 2 blue, each in its own box. */
function colourWorld() {
  const width = 300, height = 100;
  const data = new Uint8Array(width * height * 3).fill(128);
  const paint = (x1: number, rgb: number[]) => {
    for (let y = 0; y < height; y++) {
      for (let x = x1; x < x1 + 100; x++) data.set(rgb, (y * width + x) * 3);
    }
  };
  paint(0, [200, 30, 30]);
  paint(100, [30, 50, 200]);
  paint(200, [210, 20, 40]);
  const workspace = createWorkspace({
    camera: { ...street.camera!, source: "scene" },
    scene: street,
    image: { width, height, data, sha256: "" },
  });
  ["car_1", "car_2", "car_3"].forEach((id, i) => {
    workspace.objects.get(id)!.box = [i * 100, 0, i * 100 + 100, 100];
  });
  return workspace;
}

async function askColour(question: string) {
  const workspace = colourWorld();
  const trace = newTrace({ question, intrinsics: workspace.camera, planner: "rules" });
  return await runRulePlanner({ question }, {
    registry: defaultRegistry(),
    ctx: { workspace },
    trace,
  });
}

Deno.test("planner: colours pick objects from the pixels in their boxes", async () => {
  assert.match((await askColour("How many red cars are there?")).answer, /^2\. 2 red cars were/);
  assert.match(
    (await askColour("How many green cars are there?")).answer,
    /^0\. No green cars were found\.$/,
  );
  const blue = await askColour("How far away is the blue car?");
  assert.match(blue.answer, /The blue car's centre is 12\.\d\d m/);
  const red = await askColour("How far away is the red car?");
  assert.equal(red.value, null);
  assert.match(red.answer, /there are 2 cars \(car_1, car_3\); say which one/);
  const green = await askColour("How far away is the green car?");
  assert.match(green.answer, /no green car was found \(car_1 is mostly red, car_2 is mostly blue/);
  // A scene file alone has no pixels: colours cannot be told.
  const scene = await ask({ question: "How far away is the red car?" });
  assert.match(scene.answer, /needs the photo/);
});

Deno.test("planner: relations to another object say which one", async () => {
  // chair_2 is 1.24 m from the bench, chair_1 2.00 m.
  const tall = await ask({ question: "How tall is the chair next to the bench?" });
  assert.equal(tall.value, 0.9);
  const note = tall.trace.events.find((e) =>
    e.type === "reasoning" && /distances from the bench/.test(e.text)
  );
  assert.ok(note && "text" in note && /chair_2 1\.24 m, chair_1 2\.00 m/.test(note.text));
  const car = await ask({
    question: "Is the car next to the dog closer to the camera than the truck?",
  });
  assert.equal(car.value, true);
  // As a whole question the same words are the next-to relation, and two chairs need a choice.
  const which = await ask({ question: "Is the chair next to the bench?" });
  assert.match(which.answer, /there are 2 chairs/);
});

Deno.test("planner: ask() hands the conversation's history to the rule planner", async () => {
  const r = await askAgent({
    question: "And the person?",
    scene: street,
    planner: "rules",
    history: [{ role: "user", content: "How tall is the dog?" }],
  });
  assert.equal(r.status, "answered");
  assert.equal(r.value, 1.7);
});

Deno.test("planner: holding, riding, on and with pick the object whose box touches the other's", async () => {
  // In 3D the kite is nearer person_2, but its box overlaps only person_1's: the one holding it.
  const park = parseScene({
    camera: { fx: 600, fy: 600, cx: 320, cy: 240 },
    width: 640,
    height: 480,
    objects: [
      {
        id: "person_1",
        label: "person",
        center: [0, 5, 0],
        size: [0.5, 0.3, 1.8],
        box: [100, 100, 200, 400],
      },
      {
        id: "person_2",
        label: "person",
        center: [1.2, 5.2, 0],
        size: [0.5, 0.3, 1.6],
        box: [400, 100, 500, 400],
      },
      {
        id: "kite_1",
        label: "kite",
        center: [1, 5, 0.5],
        size: [0.8, 0.1, 0.8],
        box: [150, 50, 250, 150],
      },
    ],
  });
  const holding = await ask({ question: "How tall is the man holding the kite?" }, park);
  assert.equal(holding.value, 1.8);
  assert.ok(
    holding.trace.events.some((e) => e.type === "reasoning" && /boxes overlapping/.test(e.text)),
  );
  const next = await ask({ question: "How tall is the man next to the kite?" }, park);
  assert.equal(next.value, 1.6);
  // "Tallest" ranks by 3D height, not by box size.
  assert.equal((await ask({ question: "Which person is the tallest?" }, park)).value, "person_1");
  assert.equal((await ask({ question: "which person is shortest" }, park)).value, "person_2");
});
