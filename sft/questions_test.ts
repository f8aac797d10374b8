import assert from "node:assert/strict";
import { ALL_CATEGORIES, type ObjectRef } from "../agent/rules/query.ts";
import { parseQuestion } from "../agent/rules/parse.ts";
import { generateForScene } from "./generate.ts";
import { sceneWorkspace } from "./inputs.ts";
import { ARITY, plural, STYLES, template } from "./questions.ts";
import { assertRecord, randomScene } from "./testing.ts";

const refs: ObjectRef[] = [
  { label: "dog", text: "the dog", id: "dog_1" },
  {
    label: "car",
    text: "the leftmost car",
    id: "car_1",
    selector: { kind: "extreme", by: "leftmost" },
  },
  { label: "person", text: "the person", id: "person_1" },
];

Deno.test("plural", () => {
  assert.deepEqual(
    ["dog", "person", "bus", "sports ball", "knife", "sheep", "strawberry"].map(plural),
    ["dogs", "people", "buses", "sports balls", "knives", "sheep", "strawberries"],
  );
});

Deno.test("every category and style: flip changes the text, swap the option order", () => {
  for (const cat of ALL_CATEGORIES) {
    for (const style of STYLES[cat]) {
      const t = template(cat, refs.slice(0, ARITY[cat]), style);
      assert.equal(t.category, cat);
      const base = t.build({ flip: false, swap: false });
      assert.equal(base.query.category, cat);
      if (t.flippable) {
        assert.notEqual(t.build({ flip: true, swap: false }).text, base.text, `${cat} ${style}`);
      }
      if (t.steer === "swap") {
        assert.deepEqual(
          t.build({ flip: false, swap: true }).options,
          [...base.options!].reverse(),
        );
      }
      // which_one picks among all objects of a class: no fixed options to list.
      if (t.form === "number" || cat === "which_one") assert.equal(base.options, undefined);
      else assert.equal(base.options?.length, 2);
    }
  }
});

Deno.test("the rule planner's parser reads every template back to the same category", () => {
  for (const cat of ALL_CATEGORIES) {
    for (const style of STYLES[cat]) {
      for (const flip of [false, true]) {
        const t = template(cat, refs.slice(0, ARITY[cat]), style);
        if (flip && !t.flippable) continue;
        const d = t.build({ flip, swap: false });
        const parsed = parseQuestion(d.text, {
          options: d.options,
          labels: ["dog", "car", "person"],
        });
        assert.ok(parsed.ok, `${cat}: "${d.text}" — ${!parsed.ok && parsed.reason}`);
        assert.equal(parsed.query.category, cat, d.text);
      }
    }
  }
});

Deno.test("extra kinds generate end to end: executor, SR-CoT steps and oracle agree", async () => {
  let n = 0;
  for (const seed of [1, 2, 3, 4]) {
    const scene = randomScene(seed);
    const { records } = await generateForScene(
      { key: `r${seed}`, workspace: sceneWorkspace(scene), scene, perceptionEvents: [] },
      {
        seed,
        perImage: 12,
        frame: "ours",
        circular: false,
        flip: false,
        // which_one has no fixed options for the generator to balance: not generated.
        categories: ["size_compare", "image_left_right"],
      },
      {},
    );
    for (const r of records) assertRecord(r, scene);
    n += records.length;
  }
  assert.ok(n >= 10, `${n} records`);
});
