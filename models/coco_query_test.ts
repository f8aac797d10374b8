import assert from "node:assert/strict";
import { COCO_LABELS } from "./coco.ts";
import { cocoLabelFor, mapQueries } from "./coco_query.ts";

Deno.test("cocoLabelFor maps synonyms, plurals and phrases to COCO labels", () => {
  // deno-fmt-ignore
  const cases: [string, string][] = [
    ["sofa", "couch"],
    ["sofas", "couch"],
    ["people", "person"],
    ["persons", "person"],
    ["man", "person"],
    ["Women", "person"],
    ["children", "person"],
    ["TV", "tv"],
    ["television", "tv"],
    ["table", "dining table"],
    ["tables", "dining table"],
    ["bike", "bicycle"],
    ["motorbike", "motorcycle"],
    ["the dogs", "dog"],
    ["a red car", "car"],
    ["buses", "bus"],
    ["benches", "bench"],
    ["knives", "knife"],
    ["wine glasses", "wine glass"],
    ["potted plants", "potted plant"],
    ["Horse.", "horse"],
    ["cell phones", "cell phone"],
    ["skis", "skis"],
    ["boxes of pizza", "pizza"],
  ];
  for (const [q, want] of cases) assert.equal(cocoLabelFor(q), want, q);
  for (const label of COCO_LABELS) assert.equal(cocoLabelFor(label), label);
});

Deno.test("cocoLabelFor returns undefined for things COCO-80 cannot see", () => {
  for (const q of ["lamp", "window", "tree", "the door", "building", "", "  "]) {
    assert.equal(cocoLabelFor(q), undefined, q);
  }
});

Deno.test("mapQueries splits lists and groups phrases by label", () => {
  const m = mapQueries(["dog and people", "man; lamp", "sofa"]);
  assert.deepEqual([...m.labels.entries()], [
    ["dog", ["dog"]],
    ["person", ["people", "man"]],
    ["couch", ["sofa"]],
  ]);
  assert.deepEqual(m.unknown, ["lamp"]);
});
