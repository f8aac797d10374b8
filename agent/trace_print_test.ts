import assert from "node:assert/strict";
import { addEvent, newTrace } from "./trace.ts";
import { formatTrace, streamPrinter } from "./trace_print.ts";

function sample() {
  const t = newTrace({
    question: "Which is closer, the dog or the bike?",
    image: { path: "dog.jpg", width: 768, height: 576 },
    intrinsics: { fx: 665.1, fy: 665.1, cx: 384, cy: 288, source: "assumed_fov", note: "60°" },
    planner: "rules",
  });
  addEvent(t, {
    type: "perception",
    tool: "detect",
    input: {},
    ok: true,
    output: {
      model: "yolox-nano",
      method: "yolox-nano, score ≥ 0.3",
      uncertainty: "score per object",
      objects: [{ id: "dog_1", label: "dog", box: [61.7, 262.9, 200.3, 348.6], score: 0.8349 }],
      not_detectable: [],
      cached: false,
    },
    duration_ms: 70.4,
    models: ["yolox-nano"],
  });
  addEvent(t, {
    type: "computation",
    tool: "compare_vectors",
    input: { a: "dog_1", b: "x" },
    ok: false,
    error: 'no object with id "x"',
    duration_ms: 0.2,
  });
  addEvent(t, {
    type: "computation",
    tool: "back_project",
    input: { object_ids: ["dog_1"] },
    ok: true,
    output: {
      objects: [{
        id: "dog_1",
        label: "dog",
        center: [-0.41234, 1.4712, -0.2],
        size: [0.5, 0.5, 0.4],
        distance: 1.54098,
        method: "size-prior",
      }],
      points: [],
      intrinsics_source: "assumed_fov",
    },
    duration_ms: 0,
    cached: true,
  });
  addEvent(t, { type: "reasoning", text: "The dog is nearer.", source: "rules" });
  addEvent(t, { type: "answer", answer: "dog", value: "dog" });
  return t;
}

Deno.test("trace print: perception → computation → reasoning → answer, with the numbers", () => {
  const text = formatTrace(sample());
  const order = [
    "Question",
    "Intrinsics",
    "assumed_fov",
    "Perception",
    "detect",
    "yolox-nano",
    "→ 1 found: dog_1 (dog 0.83)",
    "Computation",
    "✗ no object",
    "cached",
    "→ dog_1 at (-0.41, 1.47, -0.20), 1.54 m away",
    "Reasoning",
    "The dog is nearer.",
    "Answer",
    "dog",
  ];
  let at = 0;
  for (const word of order) {
    const i = text.indexOf(word, at);
    assert.ok(i >= at, `"${word}" after position ${at} in:\n${text}`);
    at = i;
  }
  assert.ok(!text.includes('"objects"'), "tool outputs read as summaries, not JSON dumps");
  assert.ok(!text.includes("\x1b["), "no colour unless asked");
  assert.ok(formatTrace(sample(), { color: true }).includes("\x1b[1m"));
});

Deno.test("trace print: the stream printer heads each change of section once", () => {
  const out: string[] = [];
  const print = streamPrinter((t) => out.push(t));
  for (const e of sample().events) print.onEvent(e);
  const headings = out.filter((l) => /^[A-Z][a-z]+\n$/.test(l)).map((l) => l.trim());
  assert.deepEqual(headings, ["Perception", "Computation", "Reasoning", "Answer"]);
});

Deno.test("trace print: a summary of several parts prints one part per line, indented", () => {
  const t = sample();
  addEvent(t, {
    type: "computation",
    tool: "calculate",
    input: { expression: "a + 1", variables: { a: 1 } },
    ok: true,
    output: { expression: "a + 1", value: 2 },
    duration_ms: 0.1,
  });
  addEvent(t, {
    type: "perception",
    tool: "estimate_depth",
    input: {},
    ok: true,
    output: {
      model: "size-prior",
      method: "m",
      uncertainty: "u",
      objects: [{ id: "dog_1", label: "dog", depth: 1.47, uncertainty: 0.5, method: "m" }],
      skipped: [{ id: "cup_1", reason: "no box" }],
    },
    duration_ms: 1,
  });
  const lines = formatTrace(t).split("\n");
  const at = lines.findIndex((l) => l.includes("estimate_depth"));
  assert.deepEqual(lines.slice(at + 1, at + 3), [
    "     → dog_1 1.47 ± 0.50 m (size-prior)",
    "       skipped: cup_1 (no box)",
  ]);
  assert.ok(lines.includes("     → a + 1 = 2.00 with a = 1.00"), lines.join("\n"));
});
