import assert from "node:assert/strict";
import { matchAnswer } from "../sft/checks.ts";
import { answerValue, matchOption } from "./answer_value.ts";

Deno.test("answer value: yes/no, numbers with units, plain text", () => {
  assert.equal(answerValue("Yes, it is."), true);
  assert.equal(answerValue("no"), false);
  assert.equal(answerValue("2.5 m"), 2.5);
  assert.equal(answerValue("about 150 cm"), 1.5);
  assert.equal(answerValue("3"), 3);
  assert.equal(answerValue("45 degrees"), 45);
  assert.equal(answerValue("the dog"), "the dog");
});

Deno.test("answer value: options by text, by letter, or contained once", () => {
  const options = ["the dog", "the bicycle"];
  assert.equal(answerValue("The Dog", options), "the dog");
  assert.equal(answerValue("B", options), "the bicycle");
  assert.equal(answerValue("(A)", options), "the dog");
  assert.equal(answerValue("B. the bicycle", options), "the bicycle");
  assert.equal(answerValue("I think the bicycle is closer", options), "the bicycle");
  assert.equal(matchOption("the dog and the bicycle", options), undefined);
  assert.equal(matchOption("C", options), undefined);
  assert.equal(answerValue("yes", ["yes", "no"]), "yes");
});

Deno.test("one matcher: the agent's pick and the scorer's verdict agree", () => {
  const options = ["the dog", "the bicycle"];
  for (const answer of ["B. the bicycle", "B", "(B)", "the bicycle", "I think the bicycle"]) {
    assert.equal(matchOption(answer, options), "the bicycle", answer);
    assert.ok(matchAnswer(answer, { answer: "B", options }), answer);
    assert.ok(matchAnswer(answer, { answer: "the bicycle", options }), answer);
  }
  for (const answer of ["A. the bicycle", "C", "the dog and the bicycle"]) {
    assert.equal(matchOption(answer, options), undefined, answer);
    assert.ok(!matchAnswer(answer, { answer: "B", options }), answer);
  }
  assert.equal(answerValue("5 feet"), 5 * 0.3048);
  assert.equal(answerValue("20 inches"), 20 * 0.0254);
});
