/**
 * Per-call cost of the computation tools through the registry (validation included), against a
 * baseline measured in the same run: a bare vector subtraction + norm, the least any of them does.
 * Run: `deno task bench`. Deno prints each case's time and the ratio to the baseline.
 */
import { defaultRegistry } from "../tools/index.ts";
import { fixtureWorkspace } from "../tools/test_workspace.ts";
import { distance, type Vec3 } from "../core/vec.ts";

const reg = defaultRegistry();
const ctx = { workspace: fixtureWorkspace() };
const a: Vec3 = [0, 5, 0], b: Vec3 = [1, 7, -0.5];

Deno.bench("baseline: distance(a, b)", { group: "computation", baseline: true }, () => {
  distance(a, b);
});

const calls: [string, string, unknown][] = [
  ["back_project (scene object)", "back_project", { object_ids: ["dog_1"] }],
  ["back_project (pixel)", "back_project", { pixels: [{ u: 10, v: 20, depth: 3 }] }],
  ["change_viewpoint (object observer)", "change_viewpoint", {
    observer: { object_id: "person_1" },
    points: ["dog_1", "chair_1"],
  }],
  ["compare_vectors (points)", "compare_vectors", { a: "person_1", b: "dog_1" }],
  ["compare_vectors (directions)", "compare_vectors", {
    a: "person_1",
    b: "dog_1",
    kind: "directions",
  }],
  ["calculate", "calculate", {
    expression: "acos(dot(u, v) / (norm(u) * norm(v))) / deg",
    variables: { u: [1, 0, 0], v: [1, 1, 0] },
  }],
];
for (const [name, tool, args] of calls) {
  Deno.bench(name, { group: "computation" }, async () => {
    const r = await reg.call(tool, args, ctx);
    if (!r.ok) throw new Error(r.error);
  });
}
