import assert from "node:assert/strict";
import { ask } from "../../agent/ask.ts";
import { createApp } from "../app.ts";
import { fakeAsk, readSse, testDeps } from "../test_util.ts";
import { hasShared, SHARED_DIR } from "../../tests/shared.ts";

const ROOM = await Deno.readTextFile(
  new URL("../../tests/fixtures/room_layout.txt", import.meta.url),
);

const post = (app: ReturnType<typeof createApp>, path: string, body: unknown) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

Deno.test("POST /api/scene reads a layout: scene objects and the floor plan", async () => {
  const app = createApp(testDeps(fakeAsk().ask));
  const res = await post(app, "/api/scene", { scene: ROOM });
  assert.equal(res.status, 200);
  const { scene, plan } = await res.json();
  assert.equal(scene.no_camera, true);
  assert.equal(plan.walls.length, 4);
  assert.deepEqual(plan.openings.map((o: { id: string }) => o.id), ["door_0", "window_0"]);
  const seen = await (await post(app, "/api/scene", { scene: ROOM, viewpoint: "door_0->sofa_0" }))
    .json();
  assert.equal(seen.scene.viewpoint, "door_0->sofa_0");
  const bad = await post(app, "/api/scene", { scene: "wall_0=Wall(0,0,0,1,0,0,2)\n" });
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error.message, /^scene:1 thickness: missing/);
});

Deno.test("POST /api/ask answers about a scene instead of an image, from its viewpoint", async () => {
  const app = createApp(testDeps(ask));
  const answer = async (body: object) => {
    const res = await post(app, "/api/ask", { planner: "rules", scene: ROOM, ...body });
    assert.equal(res.status, 200);
    const last = (await readSse(res)).at(-1)!;
    assert.equal(last.event, "answer");
    return JSON.parse(last.data);
  };
  // Door (1, 0) facing the sofa (2.5, 3.5): the chair (0.6, 2.5) is on the left (see
  // agent/ask_layout_test.ts); as the camera at the door, it is left of the tv (4.7, 1.5) too.
  const left = await answer({
    question: "If I stand at the door facing the sofa, is the chair on my left?",
  });
  assert.equal(left.value, true, left.answer);
  assert.equal(left.image, undefined);
  const seen = await answer({
    question: "Is the chair on the left of the tv in the image?",
    viewpoint: "door_0->sofa_0",
  });
  assert.equal(seen.value, true, seen.answer);
  const refused = await answer({ question: "Is the chair on the left of the tv in the image?" });
  assert.equal(refused.status, "unanswerable");
  assert.match(refused.answer, /no camera/);
  for (
    const [body, re] of [
      [{ question: "q", scene: ROOM, image_id: "a".repeat(64) }, /image or a scene, not both/],
      [{ question: "q", viewpoint: "door_0->sofa_0", image_id: "a".repeat(64) }, /^viewpoint/],
      [{ question: "q", scene: "bbox_0=Bbox(tv,1,2)" }, /^scene:1 position_z: missing/],
    ] as [object, RegExp][]
  ) {
    const r = await post(app, "/api/ask", body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match((await r.json()).error.message, re);
  }
});

Deno.test("POST /api/ask on a Blender-unit scene: live summaries and views name its units", async () => {
  const street = JSON.parse(
    await Deno.readTextFile(new URL("../../tests/fixtures/street.json", import.meta.url)),
  );
  const app = createApp(testDeps(ask));
  const stream = async (scene: object, question = "How far is the dog from the bicycle?") => {
    const res = await post(app, "/api/ask", {
      planner: "rules",
      scene: JSON.stringify(scene),
      question,
    });
    assert.equal(res.status, 200);
    return (await readSse(res)).map((e) => ({ event: e.event, data: JSON.parse(e.data) }));
  };
  const events = await stream({ ...street, units: "Blender units" });
  const summaries = events.filter((e) => e.data.summary).map((e) => e.data.summary).join("\n");
  assert.match(summaries, /\d Blender units away/);
  assert.match(summaries, /\d Blender units apart/);
  assert.doesNotMatch(JSON.stringify(events), /\bmet(?:er|re)s?\b|\d m\b/i);
  assert.ok(events.every((e) => e.data.view.units === "Blender units"), "every view says so");
  assert.match(events.at(-1)!.data.answer, /^\d+\.\d\d Blender units\b/);
  // The page's scene view names the units before any question.
  const loaded = await (await post(app, "/api/scene", {
    scene: JSON.stringify({ ...street, units: "Blender units" }),
  })).json();
  assert.equal(loaded.view.units, "Blender units");
  // A metric scene's stream says metres and carries no units field.
  const metric = await stream(street);
  assert.match(metric.map((e) => e.data.summary ?? "").join("\n"), /\d m apart/);
  assert.ok(metric.every((e) => e.data.view.units === undefined));
  // A Super-CLEVR scene file, as it comes.
  const file = `${SHARED_DIR}/data/superclevr/scenes/superCLEVR_new_000000.json`;
  if (hasShared("data/superclevr/scenes/superCLEVR_new_000000.json")) {
    const clevr = await stream(
      JSON.parse(await Deno.readTextFile(file)),
      "How far is the road bike from the articulated bus?",
    );
    assert.match(clevr.map((e) => e.data.summary ?? "").join("\n"), /\d Blender units apart/);
    assert.doesNotMatch(JSON.stringify(clevr), /\bmet(?:er|re)s?\b|\d m\b/i);
  }
});
