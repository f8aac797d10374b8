import assert from "node:assert/strict";
import { toSpatialReasoner } from "../core/frame.ts";
import type { Vec3 } from "../core/vec.ts";
import { executeQuery } from "../agent/rules/execute.ts";
import type { Query } from "../agent/rules/query.ts";
import { newTrace, type Trace } from "../agent/trace.ts";
import { parseScene } from "../scene/schema.ts";
import { defaultRegistry } from "../tools/index.ts";
import { createWorkspace } from "../tools/workspace.ts";
import { checkFormat, checkSteps, countSteps } from "./checks.ts";
import { num2 } from "../agent/number_format.ts";
import { cotSentences, renderCot, vecText } from "./cot.ts";

const SCENE = parseScene(JSON.parse(
  await Deno.readTextFile(
    new URL("../tests/fixtures/street.json", import.meta.url),
  ),
));

/** Runs a query on the street fixture through the real executor and tools. */
async function traced(query: Query): Promise<Trace> {
  const workspace = createWorkspace({
    camera: { ...SCENE.camera!, source: "scene" },
    scene: SCENE,
  });
  const trace = newTrace({
    question: "q",
    options: query.options,
    intrinsics: workspace.camera,
    planner: "rules",
  });
  const out = await executeQuery(query, { registry: defaultRegistry(), ctx: { workspace }, trace });
  assert.equal(out.status, "answered", out.answer);
  return trace;
}

const ref = (id: string, label: string) => ({ id, label, text: `the ${label}` });
const dog = ref("dog_1", "dog");
const person = ref("person_1", "person");
const tv = ref("tv_1", "tv");

/** Every number a tool output holds, formatted as the CoT writes them, in both frames. */
function toolNumbers(trace: Trace): Set<string> {
  const out = new Set<string>();
  const walk = (x: unknown) => {
    if (typeof x === "number") {
      out.add(num2(x));
      out.add(String(Math.round(x)));
    } else if (Array.isArray(x)) {
      if (x.length === 3 && x.every((v) => typeof v === "number")) {
        for (const v of toSpatialReasoner(x as Vec3)) out.add(num2(v));
      }
      x.forEach(walk);
    } else if (x && typeof x === "object") Object.values(x).forEach(walk);
  };
  for (const e of trace.events) {
    if (e.type === "perception" || e.type === "computation") walk(e.output);
  }
  return out;
}

Deno.test("num2 and vecText: two decimals, no negative zero, SpatialReasoner axes", () => {
  assert.equal(num2(-0.001), "0.00");
  assert.equal(num2(1.005), (1.005).toFixed(2));
  assert.equal(vecText([1, 2, 3], "ours"), "(1.00, 2.00, 3.00)");
  // Ours (+x right, +y forward, +z up) → SpatialReasoner (+x left, +y up, +z forward).
  assert.equal(vecText([1, 2, 3], "spatialreasoner"), "(-1.00, 3.00, 2.00)");
});

Deno.test("every number in a chain of thought is a tool output", async () => {
  const queries: Query[] = [
    {
      category: "orientation_viewpoint",
      observer: { object: person },
      target: tv,
      axis: "left_right",
      relation: "left",
      form: "yes_no",
    },
    {
      category: "multi_object_viewpoint_towards_object",
      observer: { position: dog, facing: tv },
      target: person,
      axis: "left_right",
      relation: "left",
      form: "yes_no",
    },
    {
      category: "multi_object_closer_to",
      reference: tv,
      candidates: [dog, person],
      relation: "closer",
      form: "which",
      options: ["the dog", "the person"],
    },
    { category: "location_next_to", a: dog, b: tv, relation: "next_to", form: "yes_no" },
  ]; // deno-fmt-ignore
  for (const q of queries) {
    const trace = await traced(q);
    for (const frame of ["ours", "spatialreasoner"] as const) {
      const numbers = toolNumbers(trace);
      for (const s of cotSentences({ trace, category: q.category, query: q, answer: "A", frame })) {
        for (const n of s.match(/-?\d+\.\d+|\b\d+(?= degrees)/g) ?? []) {
          assert.ok(numbers.has(n), `${q.category} (${frame}): ${n} in "${s}" is no tool output`);
        }
      }
    }
  }
});

Deno.test("chains hold their category's steps and the format; names come from the query", async () => {
  const q: Query = {
    category: "orientation_on_the_left",
    observer: { object: { ...person, text: "the walking person" } },
    target: tv,
    axis: "left_right",
    relation: "left",
    form: "yes_no",
  };
  const trace = await traced(q);
  const cot = renderCot({
    trace,
    category: q.category,
    query: q,
    answer: "B",
    answerText: "B. no",
    frame: "ours",
  });
  assert.ok(checkFormat(cot));
  assert.ok(checkSteps(cot, "orientation_on_the_left").ok);
  assert.match(cot, /The left direction of the walking person is \(/);
  assert.match(cot, /Therefore, the answer is B\. no\.<\/think>\n<answer>B<\/answer>$/);
  // The category picks sentences: no front direction for a left question.
  assert.equal(countSteps(cot).front, 0);
});

Deno.test("frame spatialreasoner converts every vector and keeps distances", async () => {
  const q: Query = { category: "distance_between", a: dog, b: person };
  const trace = await traced(q);
  const ours = renderCot({ trace, category: q.category, query: q, answer: "x", frame: "ours" });
  const sr = renderCot({
    trace,
    category: q.category,
    query: q,
    answer: "x",
    frame: "spatialreasoner",
  });
  const dogCenter = SCENE.objects.find((o) => o.id === "dog_1")!.center;
  assert.ok(ours.includes(`The 3D location of the dog is ${vecText(dogCenter, "ours")}.`));
  assert.ok(
    sr.includes(`The 3D location of the dog is ${vecText(toSpatialReasoner(dogCenter), "ours")}.`),
  );
  const dist = (t: string) =>
    t.match(/The distance between the dog and the person is ([\d.]+)\./)![1];
  assert.equal(dist(ours), dist(sr));
});

Deno.test("without a category every sentence is written; without a query objects go by label", async () => {
  const q: Query = {
    category: "orientation_viewpoint",
    observer: { object: person },
    target: tv,
    axis: "left_right",
    relation: "left",
    form: "yes_no",
  }; // deno-fmt-ignore
  const trace = await traced(q);
  const free = cotSentences({ trace, answer: "yes", frame: "ours" });
  const counts = countSteps(free.join(" "));
  assert.ok(counts.distance_between >= 1 && counts.distance_to_camera >= 2);
  assert.ok(counts.front >= 1 && counts.left >= 1);
  assert.ok(free.some((s) => s.includes("the person is")), "a unique label names its object");
  // Several cars in the trace (ranked for "the leftmost car"): label and id tell them apart.
  const cars = await traced({
    category: "distance_to_camera",
    a: { label: "car", text: "the leftmost car", selector: { kind: "extreme", by: "leftmost" } },
  });
  const carSentences = cotSentences({ trace: cars, answer: "x", frame: "ours" }).join(" ");
  assert.match(carSentences, /The 3D location of the car car_1 is/);
  assert.match(carSentences, /The 3D location of the car car_3 is/);
});
