import assert from "node:assert/strict";
import { editDistance } from "./edit_distance.ts";

Deno.test("edit distance: insertions, deletions and substitutions each count one", () => {
  assert.equal(editDistance("", ""), 0);
  assert.equal(editDistance("bicycle", "bicycle"), 0);
  assert.equal(editDistance("bycicle", "bicycle"), 2);
  assert.equal(editDistance("car", "cart"), 1);
  assert.equal(editDistance("--modle", "--model"), 2);
  assert.equal(editDistance("", "dog"), 3);
});
