import assert from "node:assert/strict";
import { addEvent, newTrace } from "./trace.ts";
import { compactJson, formatTrace, streamPrinter } from "./trace_print.ts";

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
    output: { objects: [{ id: "dog_1" }] },
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
    output: { d: 1.23456 },
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
    "Computation",
    "✗ no object",
    "cached",
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
  assert.ok(text.includes('{"d":1.23}'), "numbers rounded for reading");
  assert.ok(!text.includes("\x1b["), "no colour unless asked");
  assert.ok(formatTrace(sample(), { color: true }).includes("\x1b[1m"));
});

Deno.test("trace print: the stream printer heads each change of section once", () => {
  const out: string[] = [];
  const print = streamPrinter((t) => out.push(t));
  for (const e of sample().events) print(e);
  const headings = out.filter((l) => /^[A-Z][a-z]+\n$/.test(l)).map((l) => l.trim());
  assert.deepEqual(headings, ["Perception", "Computation", "Reasoning", "Answer"]);
});

Deno.test("trace print: compactJson cuts long values", () => {
  const s = compactJson({ xs: Array.from({ length: 500 }, (_, i) => i) }, 50);
  assert.equal(s.length, 50);
  assert.ok(s.endsWith("…"));
});
