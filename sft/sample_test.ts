import assert from "node:assert/strict";
import { newTrace } from "../agent/trace.ts";
import { canonicalTrace, goldAnswer, modelsOf } from "./sample.ts";

Deno.test("goldAnswer: option letter for yes/no and picks, numbers with units, counts bare", () => {
  assert.deepEqual(goldAnswer(true, ["no", "yes"]), { answer: "B", answer_text: "yes" });
  assert.deepEqual(goldAnswer("the car", ["the dog", "the car"]), {
    answer: "B",
    answer_text: "the car",
  });
  assert.equal(goldAnswer("the cat", ["the dog", "the car"]), null);
  assert.equal(goldAnswer(null, ["yes", "no"]), null);
  assert.deepEqual(goldAnswer(2.345, undefined, "distance_between"), {
    answer: "2.35 meters",
    answer_text: "2.35 meters",
  });
  assert.deepEqual(goldAnswer(3, undefined, "count"), { answer: "3", answer_text: "3" });
});

Deno.test("canonicalTrace drops what differs between runs; modelsOf skips 'none'", () => {
  const t = newTrace({
    question: "q",
    intrinsics: { fx: 1, fy: 1, cx: 0, cy: 0, source: "given" },
    planner: "rules",
  });
  t.events.push(
    {
      type: "perception",
      step: 1,
      tool: "detect",
      input: {},
      ok: true,
      duration_ms: 12.5,
      models: ["yolox-nano"],
    },
    {
      type: "perception",
      step: 2,
      tool: "estimate_orientation",
      input: {},
      ok: true,
      duration_ms: 1,
      models: ["none"],
    },
  ); // deno-fmt-ignore
  const c = canonicalTrace(t, "x:original");
  assert.equal(c.id, "x:original");
  assert.equal(c.created, "");
  assert.ok(c.events.every((e) => "duration_ms" in e && e.duration_ms === 0));
  assert.equal((t.events[0] as { duration_ms: number }).duration_ms, 12.5, "input untouched");
  assert.deepEqual(modelsOf(t), ["yolox-nano"]);
});

Deno.test("canonicalTrace: a result served from a cache reads the same as a fresh one", () => {
  const make = (cached: boolean) => {
    const t = newTrace({
      question: "q",
      intrinsics: { fx: 1, fy: 1, cx: 0, cy: 0, source: "given" },
      planner: "rules",
    });
    t.events.push({
      type: "perception",
      step: 1,
      tool: "detect",
      input: {},
      ok: true,
      output: { objects: [], cached },
      duration_ms: cached ? 0.1 : 30,
      cached,
    });
    return canonicalTrace(t, "x:original");
  };
  assert.equal(JSON.stringify(make(true)), JSON.stringify(make(false)));
  assert.deepEqual((make(true).events[0] as { output: unknown }).output, { objects: [] });
});
