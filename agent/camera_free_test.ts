import assert from "node:assert/strict";
import { cameraRefusal, needsCamera } from "./camera_free.ts";
import { parseQuestion } from "./rules/parse.ts";

const LABELS = ["sofa", "tv", "chair", "chair", "door", "wall"];

const needs = (q: string) => {
  const p = parseQuestion(q, { labels: LABELS });
  assert.ok(p.ok, q);
  return needsCamera(p.query);
};

Deno.test("needsCamera: camera distances, the picture's sides and camera-relative picks", () => {
  assert.equal(needs("Which is closer to the camera, the sofa or the tv?"), true);
  assert.equal(needs("How far is the sofa from the camera?"), true);
  assert.equal(needs("Is the sofa on the left of the tv in the image?"), true);
  assert.equal(needs("Is the leftmost chair next to the sofa?"), true);
  assert.equal(needs("If I stand at the door facing the sofa, is the tv on my left?"), false);
  assert.equal(needs("How far apart are the sofa and the tv?"), false);
  assert.equal(needs("Is the sofa higher than the tv?"), false);
  assert.equal(needs("Is the largest chair next to the sofa?"), false);
});

Deno.test("cameraRefusal names the viewpoint forms; unreadable questions are left to the planner", () => {
  const r = cameraRefusal("Which is closer to me, the sofa or the tv?", undefined, LABELS);
  assert.match(r!, /no camera/);
  assert.match(r!, /--viewpoint "door_0->sofa_0"/);
  assert.equal(cameraRefusal("Is the sofa above the tv?", undefined, LABELS), undefined);
  assert.equal(cameraRefusal("Hello there", undefined, LABELS), undefined);
});
