import assert from "node:assert/strict";
import { resolveFollowUp } from "./follow_up.ts";

Deno.test("follow-ups: an elided question reuses the previous one with its object replaced", () => {
  const earlier = ["Is the dog closer to the camera than the car?"];
  assert.deepEqual(resolveFollowUp("And the bicycle?", earlier), {
    question: "Is the bicycle closer to the camera than the car?",
    follows: earlier[0],
  });
  assert.equal(
    resolveFollowUp("What about the horse?", earlier)?.question,
    "Is the horse closer to the camera than the car?",
  );
  assert.equal(
    resolveFollowUp("and bikes?", ["How many dogs are there?"])?.question,
    "How many bikes are there?",
  );
});

Deno.test("follow-ups: a pronoun is the previous question's main object", () => {
  const earlier = ["Hello", "How tall is the man on the left?"];
  assert.equal(
    resolveFollowUp("How far is it?", earlier)?.question,
    "How far is the man on the left?",
  );
  assert.equal(
    resolveFollowUp("Is it next to the car?", ["How wide is the couch?"])?.question,
    "Is the couch next to the car?",
  );
});

Deno.test("follow-ups: not one without an earlier readable question, or when it reads alone", () => {
  assert.equal(resolveFollowUp("How far is it?", []), undefined);
  assert.equal(resolveFollowUp("How far is it?", ["Hello there"]), undefined);
  // "it" inside a complete question is part of it, not a follow-up.
  assert.equal(
    resolveFollowUp("Is the table in front of the chair or behind it?", ["How tall is the dog?"]),
    undefined,
  );
});

Deno.test("follow-ups: 'they' and a bare which-question use the previous two objects", () => {
  // The objects in the query's field order: the reference (bicycle) before the target (dog).
  const earlier = ["Is the dog left of the bicycle?"];
  assert.equal(
    resolveFollowUp("How far apart are they?", earlier)?.question,
    "How far apart are the bicycle and the dog?",
  );
  assert.equal(
    resolveFollowUp("Which is closer to the camera?", earlier)?.question,
    "Which is closer to the camera, the bicycle or the dog?",
  );
});
