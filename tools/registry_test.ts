import assert from "node:assert/strict";
import { defaultRegistry } from "./index.ts";
import { fixtureWorkspace } from "./test_workspace.ts";

const NAMES = ["back_project", "change_viewpoint", "compare_vectors", "calculate"];

Deno.test("registry: JSON Schemas come from the zod inputs", () => {
  const schemas = defaultRegistry().functionSchemas();
  for (const name of NAMES) {
    const s = schemas.find((x) => x.function.name === name);
    assert.ok(s, `${name} listed`);
    assert.equal(s.type, "function");
    assert.equal(s.function.parameters.type, "object");
    assert.ok(s.function.description.length > 40);
    assert.equal(s.function.parameters.$schema, undefined);
  }
  const calc = schemas.find((x) => x.function.name === "calculate")!;
  assert.deepEqual((calc.function.parameters as { required: string[] }).required, ["expression"]);
});

Deno.test("registry: unknown tool, bad arguments, and a throwing tool all become error results", async () => {
  const reg = defaultRegistry();
  const ctx = { workspace: fixtureWorkspace() };
  const unknown = await reg.call("teleport", {}, ctx);
  assert.equal(unknown.ok, false);
  assert.match(
    !unknown.ok ? unknown.error : "",
    /unknown tool "teleport"; available tools: .*calculate/,
  );
  const bad = await reg.call("compare_vectors", { a: "dog_1", b: [1, 2] }, ctx);
  assert.match(!bad.ok ? bad.error : "", /invalid arguments for compare_vectors: b/);
  const nan = await reg.call("calculate", { expression: "1", variables: { x: NaN } }, ctx);
  assert.match(!nan.ok ? nan.error : "", /variables\.x/);
  const missing = await reg.call("compare_vectors", { a: "dog_1", b: "cat_9" }, ctx);
  assert.match(
    !missing.ok ? missing.error : "",
    /b: no object with id "cat_9" \(hint: known ids: person_1, dog_1, chair_1\)/,
  );
  const good = await reg.call("calculate", { expression: "2 * x", variables: { x: 4 } }, ctx);
  assert.deepEqual(good.ok && good.output, { expression: "2 * x", value: 8 });
});
