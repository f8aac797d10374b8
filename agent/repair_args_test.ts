import assert from "node:assert/strict";
import { defaultRegistry } from "../tools/index.ts";
import { expectedAt, repairArguments } from "./repair_args.ts";

const params = (name: string) =>
  defaultRegistry().functionSchemas().find((t) => t.function.name === name)!.function.parameters;

Deno.test("repairArguments: valid arguments are left alone, nothing recorded", () => {
  const args = { a: "dog_1", b: [1, 2, 3] };
  assert.deepEqual(repairArguments(args, params("compare_vectors")), { args, repairs: [] });
  const detect = { query: ["dog", "cat"], score_threshold: 0.4 };
  assert.deepEqual(repairArguments(detect, params("detect")).repairs, []);
});

Deno.test("repairArguments: only type changes that keep the content", () => {
  // A word where a number is expected is not a number: left for validation to report.
  const r = repairArguments({ score_threshold: "high", query: "dog" }, params("detect"));
  assert.deepEqual(r, { args: { score_threshold: "high", query: "dog" }, repairs: [] });
  // A JSON string of the whole arguments object is decoded.
  const s = repairArguments('{"object_ids": ["dog_1"]}', params("back_project"));
  assert.deepEqual(s.args, { object_ids: ["dog_1"] });
  assert.equal(s.repairs.length, 1);
  // A list in a string becomes the list, items typed by the schema.
  const v = repairArguments({ a: "[1, 2, 3]", b: "dog_1" }, params("compare_vectors"));
  assert.deepEqual(v.args, { a: [1, 2, 3], b: "dog_1" });
});

Deno.test("expectedAt: a union lists every alternative; a plain field its type", () => {
  assert.match(
    expectedAt(params("compare_vectors"), "a")!,
    /^one of \(1\) .*"string".* or \(2\) .*"array"/,
  );
  assert.equal(
    expectedAt(params("back_project"), "object_ids"),
    '{"type":"array","items":{"type":"string","minLength":1}}',
  );
  assert.equal(expectedAt(params("back_project"), "nope"), undefined);
});
