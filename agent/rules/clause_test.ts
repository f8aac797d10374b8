import assert from "node:assert/strict";
import { analyse, type Clause } from "./clause.ts";

/** Checks the roles of normalised text (object tokens `<k>`, markers as `parse.ts` writes them). */
function roles(text: string, want: Partial<Clause>) {
  const c = analyse(text);
  for (const [k, v] of Object.entries(want)) {
    assert.deepEqual(c[k as keyof Clause], v, `${text}: ${k}`);
  }
}

Deno.test("clause: yes/no comparisons find subject, relation object and comparand in any order", () => {
  roles("is <0> closer to CAM than <1>", {
    form: "yes_no",
    subject: "0",
    rel: { word: "closer", superlative: false, arg: "CAM" },
    than: { arg: "1", to: false },
  });
  roles("is <0> closer than <1> to CAM", { subject: "0", than: { arg: "1", to: false } });
  roles("is <0> closer to <1> than to <2>", {
    subject: "0",
    rel: { word: "closer", superlative: false, arg: "1" },
    than: { arg: "2", to: true },
  });
  roles("am i closer to <0> than <1>", { subject: "CAM", than: { arg: "1", to: false } });
});

Deno.test("clause: choices are candidates, never the relation's own object", () => {
  roles("<0> or <1> , which is closer to CAM", { form: "which", choice: ["0", "1"] });
  roles("which is closer to <2> , <0> or <1>", {
    choice: ["0", "1"],
    rel: { word: "closer", superlative: false, arg: "2" },
  });
  roles("what 's closer <2> , <0> or <1>", { choice: ["0", "1"] });
  roles("which is <0> FACING <1> , <2> or <3>", { subject: "0", choice: ["1", "2", "3"] });
  roles("between <0> and <1> which is higher", { choice: ["0", "1"], pair: ["0", "1"] });
  roles("of <0> and <1> , which one is closest", {
    choice: ["0", "1"],
    rel: { word: "closer", superlative: true },
  });
  roles("is <0> closer to <1> or <2>", { subject: "0", choice: ["1", "2"] });
});

Deno.test("clause: alternatives of one relation make a which-question", () => {
  roles("is <0> BEHIND <1> or FRONTOF it", {
    rel: { word: "BEHIND", superlative: false, arg: "1", alt: "FRONTOF" },
  });
  roles("which side of <0> is <1> on", {
    subject: "1",
    rel: { word: "LEFTORRIGHT", superlative: false, arg: "0" },
    askSide: true,
  });
});

Deno.test("clause: viewpoint clauses are taken out, a facing question is not one", () => {
  roles("standing at <0> FACING <1> , is <2> ONLEFT", {
    frame: { position: "0", facing: "1" },
    subject: "2",
    objects: ["2"],
  });
  roles("if i stand at <0> 's position and FACING <1> , is <2> LEFTORRIGHT", {
    frame: { position: "0", facing: "1" },
  });
  roles("from <0> 's VIEW , is <1> ONLEFT", { frame: { object: "0" }, subject: "1" });
  roles("if you were <0> , would <1> be ONRIGHT", { frame: { object: "0" }, subject: "1" });
  roles("is <0> FACING <1>", { frame: undefined, subject: "0" });
  roles("is <1> ONLEFT CAMVIEW", { cameraView: true });
});

Deno.test("clause: how-questions name the quantity", () => {
  roles("how far apart are <0> and <1>", { form: "how", how: "far", pair: ["0", "1"] });
  roles("what is the distance between CAM and <0>", { how: "far", objects: ["0"] });
  roles("how many feet away is <0>", { how: "far" });
  roles("how many <0> are there", { how: "many" });
  roles("how tall is <0>", { how: "tall" });
  roles("which is taller , <0> or <1>", { how: undefined, form: "which" });
});
