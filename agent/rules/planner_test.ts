import assert from "node:assert/strict";
import { readSceneFile } from "../../scene/schema.ts";
import { defaultRegistry } from "../../tools/index.ts";
import { createWorkspace } from "../../tools/workspace.ts";
import { newTrace } from "../trace.ts";
import { type PlannerQuestion, runRulePlanner } from "./planner.ts";

const street = await readSceneFile(
  new URL("../../tests/fixtures/street.json", import.meta.url).pathname,
);

async function ask(q: PlannerQuestion) {
  const workspace = createWorkspace({
    camera: { ...street.camera!, source: "scene" },
    scene: street,
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
