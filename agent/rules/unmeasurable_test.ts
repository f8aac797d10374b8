import assert from "node:assert/strict";
import { analyse } from "./clause.ts";
import type { ObjectRef } from "./query.ts";
import { unmeasurable } from "./unmeasurable.ts";

const REFS: Record<string, ObjectRef> = {
  "0": {
    label: "person",
    text: "the shortest person",
    selector: { kind: "extreme", by: "shortest" },
  },
  "1": { label: "dog", text: "the dog" },
  "2": { label: "cat", text: "the cat" },
  "3": { label: "car", text: "the car" },
};

/** The reason normalised text is refused, or undefined. */
function why(s: string, unknown: string[] = []): string | undefined {
  return unmeasurable(s, analyse(s), (k) => REFS[k], unknown);
}

Deno.test("unmeasurable: what one photo cannot show is refused with its reason", () => {
  assert.match(why("is <1> going to jump ABOVE <3>")!, /what will happen/);
  assert.match(why("why is <2> ABOVE <3>")!, /asks why/);
  assert.match(why("how much closer to CAM is <1> than <2>")!, /a difference/);
  assert.match(why("is <1> twice as far as <2>")!, /a ratio/);
  assert.match(why("how many pixels wide is <3>")!, /pixels/);
  assert.match(why("if <1> ran to <2> how long would it take")!, /has not happened/);
  assert.match(why("which is closer to <1> , <2> , <3> or <0>")!, /chooses among 3 objects/);
  assert.match(why("how far is <3> from the house", ["house"])!, /cannot be located/);
});

Deno.test("unmeasurable: measurable questions pass, including a who that picks one", () => {
  assert.equal(why("is <1> closer to CAM than <2>"), undefined);
  assert.equal(why("which is closest to CAM , <1> , <2> or <3>"), undefined);
  assert.equal(why("who is <0> here"), undefined);
  assert.match(why("who is <3>")!, /who someone is/);
  assert.equal(why("is <1> in the house closer than <2>", ["house"]), undefined);
});
