import assert from "node:assert/strict";
import {
  checkFormat,
  checkSteps,
  countSteps,
  extractAnswer,
  matchAnswer,
  normalizeAnswer,
  optionIndex,
  REQUIRED_STEPS,
  splitResponse,
  STEP_KINDS,
  type StepKind,
  yesNo,
} from "./checks.ts";
import { ALL_CATEGORIES } from "../agent/rules/query.ts";

/** One well-formed sentence of each kind. */
const SENTENCE: Record<StepKind, string> = {
  location: "The 3D location of the dog is (1.20, 3.40, -0.50).",
  vector: "The vector from the dog to the red car is (-0.30, 2.00, 0.10).",
  distance_to_camera: "The distance from the dog to the camera is 3.64.",
  distance_between: "The distance between the dog and the red car is 2.03.",
  front: "The front direction of the dog is (0.00, -1.00, 0.00).",
  left: "The left direction of the dog is (1.00, 0.00, 0.00).",
  cosine:
    "The cosine similarity between the front direction of the dog and the vector from the dog to the red car is -0.98.",
  angle: "The angle between the front direction of the dog and the vector is 171 degrees.",
  dimension: "The height of the dog is 0.60.",
  count: "The number of dogs is 2.",
};

Deno.test("checkFormat accepts think then answer, with whitespace between", () => {
  assert.ok(checkFormat("<think>a</think><answer>B</answer>"));
  assert.ok(checkFormat("<think>line 1\nline 2</think>\n\n<answer>yes\n</answer>"));
  assert.ok(checkFormat("<think></think><answer></answer>"));
});

Deno.test("checkFormat rejects missing, reordered, surrounded or doubled blocks", () => {
  for (
    const bad of [
      "<answer>B</answer>",
      "<think>a</think>",
      "<answer>B</answer><think>a</think>",
      " <think>a</think><answer>B</answer>",
      "<think>a</think><answer>B</answer> trailing",
      "<think>a</think>text<answer>B</answer>",
      "<think>a<answer>B</answer>",
      "",
    ]
  ) assert.equal(checkFormat(bad), false, bad);
});

Deno.test("splitResponse and extractAnswer", () => {
  assert.deepEqual(splitResponse("<think> x </think> <answer> B </answer>"), {
    think: "x",
    answer: "B",
  });
  assert.equal(splitResponse("<answer>B</answer>"), null);
  assert.equal(extractAnswer("blah <answer>A</answer> then <answer> C </answer>"), "C");
  assert.equal(extractAnswer("no tags"), null);
});

Deno.test("countSteps counts each sentence kind once and nothing else", () => {
  for (const kind of STEP_KINDS) {
    const counts = countSteps(`${SENTENCE[kind]} ${SENTENCE[kind]}`);
    for (const other of STEP_KINDS) {
      assert.equal(counts[other], other === kind ? 2 : 0, `${kind} text counted as ${other}`);
    }
  }
});

Deno.test("countSteps rejects malformed sentences", () => {
  const bad = [
    "The 3D location of the dog is (1.20, 3.40).", // two components
    "The 3D location of the dog is 1.20, 3.40, 0.5.", // no parentheses
    "The distance from the dog to the camera is far.",
    "The angle between a and b is 30.", // no unit
    "The cosine similarity between a and b is high.",
    "The front direction of the dog is forward.",
  ].join(" ");
  assert.ok(Object.values(countSteps(bad)).every((n) => n === 0));
});

Deno.test("checkSteps: every category passes with its steps and fails with one missing", () => {
  for (const category of ALL_CATEGORIES) {
    const reqs = REQUIRED_STEPS[category];
    const full = reqs.flatMap((r) => Array(r.min).fill(SENTENCE[r.kinds[0]])).join(" ");
    const ok = checkSteps(full, category);
    assert.ok(ok.ok, `${category}: ${JSON.stringify(ok.missing)}`);
    assert.equal(ok.fraction, 1);
    for (let i = 0; i < reqs.length; i++) {
      const partial = reqs.flatMap((r, j) =>
        Array(j === i ? r.min - 1 : r.min).fill(SENTENCE[r.kinds[0]])
      ).join(" ");
      const res = checkSteps(partial, category);
      assert.equal(res.ok, false, `${category} without one ${reqs[i].kinds}`);
      assert.ok(res.fraction < 1);
      assert.deepEqual(res.missing.map((m) => m.kinds), [reqs[i].kinds]);
    }
  }
});

Deno.test("REQUIRED_STEPS covers exactly the rule planner's categories", () => {
  assert.deepEqual(Object.keys(REQUIRED_STEPS).sort(), [...ALL_CATEGORIES].sort());
});

Deno.test("checkSteps: an angle stands in for a cosine", () => {
  const text = [SENTENCE.front, SENTENCE.front, SENTENCE.angle].join(" ");
  assert.ok(checkSteps(text, "multi_object_parallel").ok);
  assert.equal(checkSteps(SENTENCE.front, "multi_object_parallel").ok, false);
});

Deno.test("normalizeAnswer drops case, punctuation and a leading article, keeps decimals", () => {
  assert.equal(normalizeAnswer("  The Dog. "), "dog");
  assert.equal(normalizeAnswer("(B)"), "b");
  assert.equal(normalizeAnswer("It is 3.25 m!"), "it is 3.25 m");
});

Deno.test("optionIndex by letter, by text, and refusing contradictions", () => {
  const opts = ["left", "right"];
  for (const a of ["A", "a", "(A)", "A.", "A)", "Option A", "Answer: A", "A. left", "Left."]) {
    assert.equal(optionIndex(a, opts), 0, a);
  }
  for (const a of ["B", "(b)", "B: right", "right", "The dog is on the right."]) {
    assert.equal(optionIndex(a, opts), 1, a);
  }
  assert.equal(optionIndex("A. right", opts), -1);
  assert.equal(optionIndex("C", opts), -1);
  assert.equal(optionIndex("left or right", opts), -1);
  assert.equal(optionIndex("up", opts), -1);
  // "A dog" is text, not option A.
  assert.equal(optionIndex("A dog", ["cat", "dog"]), 1);
});

Deno.test("yesNo", () => {
  assert.equal(yesNo("Yes."), true);
  assert.equal(yesNo("no, it is behind"), false);
  assert.equal(yesNo("maybe"), null);
  assert.equal(yesNo("nothing"), null);
});

Deno.test("matchAnswer: multiple choice with gold letter or gold text", () => {
  const options = ["the dog", "the bicycle"];
  assert.ok(matchAnswer("B", { answer: "B", options }));
  assert.ok(matchAnswer("the bicycle", { answer: "B", options }));
  assert.ok(matchAnswer("B", { answer: "The bicycle", options }));
  assert.ok(!matchAnswer("A", { answer: "B", options }));
  assert.ok(!matchAnswer("the dog", { answer: "the bicycle", options }));
  assert.ok(!matchAnswer("B", { answer: "E", options }), "a gold answer naming no option");
});

Deno.test("matchAnswer: yes/no, numbers and free text", () => {
  assert.ok(matchAnswer("Yes", { answer: true }));
  assert.ok(matchAnswer("yes.", { answer: "Yes" }));
  assert.ok(!matchAnswer("No", { answer: true }));
  assert.ok(!matchAnswer("unsure", { answer: false }));
  assert.ok(matchAnswer("about 2.2 meters", { answer: 2 }));
  assert.ok(!matchAnswer("2.6", { answer: 2 }));
  assert.ok(!matchAnswer("far", { answer: 2 }));
  assert.ok(matchAnswer("3", { answer: 3, tolerance: 0 }));
  assert.ok(!matchAnswer("4", { answer: 3, tolerance: 0 }));
  assert.ok(matchAnswer("Red car!", { answer: "red car" }));
  assert.ok(!matchAnswer("blue car", { answer: "red car" }));
});
