import assert from "node:assert/strict";
import { ask } from "./ask.ts";

const ROOM = new URL("../tests/fixtures/room_layout.txt", import.meta.url).pathname;

// The fixture's positions on the floor plan (x, y), copied from the file by hand, so the expected
// answers below do not go through the reader.
const P = {
  door: [1, 0],
  sofa: [2.5, 3.5],
  tv: [4.7, 1.5],
  chair: [0.6, 2.5],
} as const;
type Name = keyof typeof P;

/** Standing at `at` facing `to`: is `target` on the left? (2D cross product, z up.) */
function onLeft(at: Name, to: Name, target: Name): boolean {
  const [ax, ay] = P[at];
  const d = [P[to][0] - ax, P[to][1] - ay];
  const t = [P[target][0] - ax, P[target][1] - ay];
  return d[0] * t[1] - d[1] * t[0] > 0;
}

const rules = (question: string, viewpoint?: string) =>
  ask({ question, scenePath: ROOM, planner: "rules", ...(viewpoint ? { viewpoint } : {}) });

Deno.test("a SpatialLM layout answers viewpoint questions computed independently", async () => {
  const cases: [string, Name, Name, Name][] = [
    ["If I stand at the door facing the sofa, is the TV on my left?", "door", "sofa", "tv"],
    ["If I stand at the door facing the sofa, is the chair on my left?", "door", "sofa", "chair"],
    ["If I stand at the door facing the tv, is the sofa on my left?", "door", "tv", "sofa"],
    ["If I stand at the sofa facing the tv, is the chair on my left?", "sofa", "tv", "chair"],
  ];
  for (const [q, at, to, target] of cases) {
    const r = await rules(q);
    assert.equal(r.status, "answered", `${q}: ${r.answer}`);
    assert.equal(r.value, onLeft(at, to, target), `${q}: ${r.answer}`);
  }
  assert.deepEqual(cases.map(([, a, b, c]) => onLeft(a, b, c)), [false, true, true, false]);
  // The door faces into the room: +y, away from its wall (y = 0) toward the room's centre
  // (2.5, 2); its right is then +x, where the tv (x 4.7 > 1) is.
  const fromDoor = await rules("From the door's viewpoint, is the TV on the left?");
  assert.equal(fromDoor.value, false, fromDoor.answer);
  // Box fronts are a convention (SpatialLM folds yaw modulo π): not used as viewpoints.
  const facing = await rules("Is the tv facing the sofa?");
  assert.equal(facing.status, "unanswerable");
  assert.match(facing.answer, /too uncertain \(confidence 0\.30/);
  const d = await rules("How far apart are the sofa and the tv?");
  const expected = Math.hypot(4.7 - 2.5, 1.5 - 3.5, 1.0 - 0.4);
  assert.ok(Math.abs((d.value as number) - expected) <= 0.005, d.answer);
});

Deno.test("camera questions on a layout are refused, naming the viewpoint forms that work", async () => {
  for (
    const q of [
      "Which is closer to the camera, the chair or the tv?",
      "How far is the sofa from the camera?",
      "Is the chair on the left of the tv in the image?",
    ]
  ) {
    const r = await rules(q);
    assert.equal(r.status, "unanswerable", q);
    assert.match(r.answer, /no camera.*If I stand at the door facing the sofa.*--viewpoint/, q);
    assert.equal(
      r.trace.events.filter((e) => e.type === "perception" || e.type === "computation").length,
      0,
      q,
    );
  }
});

Deno.test("with --viewpoint the observer is the camera: camera questions are answered", async () => {
  const r = await rules("Which is closer to the camera, the chair or the tv?", "door_0->sofa_0");
  // From the door centre (1, 0, 1): chair (0.6, 2.5, 0.45), tv (4.7, 1.5, 1.0).
  const chair = Math.hypot(0.6 - 1, 2.5, 0.45 - 1);
  const tv = Math.hypot(4.7 - 1, 1.5, 0);
  assert.equal(r.status, "answered", r.answer);
  assert.equal(r.value, chair < tv ? "chair" : "tv");
  const side = await rules("Is the chair on the left of the tv in the image?", "door_0->sofa_0");
  assert.equal(side.value, true, side.answer);
});
