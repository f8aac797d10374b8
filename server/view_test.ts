import assert from "node:assert/strict";
import { addEvent, newTrace } from "../agent/trace.ts";
import { intrinsicsFromFov } from "../core/intrinsics.ts";
import { FAKE_EVENTS } from "./test_util.ts";
import { cameraView, traceView, ViewBuilder } from "./view.ts";

Deno.test("ViewBuilder merges tool outputs by object id and marks ids used by computations", () => {
  const b = new ViewBuilder();
  b.add({
    type: "perception",
    step: 1,
    tool: "detect",
    input: {},
    ok: true,
    output: { objects: [{ id: "car_1", label: "car", box: [1, 2, 3, 4], score: 0.5 }] },
    duration_ms: 1,
  });
  b.add({
    type: "perception",
    step: 2,
    tool: "estimate_orientation",
    input: { object_ids: ["car_1"] },
    ok: true,
    output: {
      objects: [{ id: "car_1", label: "car", front: [1, 0, 0], azimuth_deg: 90, confidence: 0.7 }],
    },
    duration_ms: 1,
  });
  // Malformed values are ignored rather than drawn.
  b.add({
    type: "computation",
    step: 3,
    tool: "back_project",
    input: { object_ids: ["car_1", "ghost_1"] },
    ok: true,
    output: { objects: [{ id: "car_1", center: [0, 5, 0], size: [2, "x", 1], distance: 5 }] },
    duration_ms: 1,
  });
  b.add({
    type: "computation",
    step: 4,
    tool: "compare_vectors",
    input: { a: "car_1", b: [0, 1, 0] },
    ok: false,
    error: "boom",
    duration_ms: 1,
  });
  assert.deepEqual(b.snapshot(), {
    objects: [{
      id: "car_1",
      label: "car",
      box: [1, 2, 3, 4],
      score: 0.5,
      front: [1, 0, 0],
      azimuth_deg: 90,
      orientation_confidence: 0.7,
      center: [0, 5, 0],
      distance: 5,
    }],
    used: ["car_1"],
  });
  // A later orientation without a front (unknown) removes the drawn arrow.
  b.add({
    type: "perception",
    step: 5,
    tool: "estimate_orientation",
    input: {},
    ok: true,
    output: { objects: [{ id: "car_1", front: null, confidence: 0, source: "unknown" }] },
    duration_ms: 1,
  });
  const car = b.snapshot().objects[0];
  assert.equal(car.front, undefined);
  assert.equal(car.orientation_confidence, 0);
});

Deno.test("ViewBuilder: objects used are those named after the last perception step", () => {
  const b = new ViewBuilder();
  const tool = (type: "perception" | "computation", name: string, input: unknown, ids: string[]) =>
    b.add({
      type,
      step: 0,
      tool: name,
      input,
      ok: true,
      output: { objects: ids.map((id) => ({ id, label: id.split("_")[0] })) },
      duration_ms: 1,
    });
  tool("perception", "detect", {}, ["dog_1", "car_1", "bicycle_1"]);
  tool("computation", "back_project", { object_ids: ["dog_1", "car_1", "bicycle_1"] }, []);
  assert.deepEqual(b.snapshot().used, ["dog_1", "car_1", "bicycle_1"]);
  tool("perception", "estimate_orientation", {}, []);
  assert.deepEqual(b.snapshot().used, []);
  tool("computation", "compare_vectors", { a: "dog_1", b: "bicycle_1" }, []);
  assert.deepEqual(b.snapshot().used, ["dog_1", "bicycle_1"]);
});

Deno.test("ViewBuilder keeps depth with its uncertainty", () => {
  const b = new ViewBuilder();
  b.add({
    type: "perception",
    step: 1,
    tool: "estimate_depth",
    input: {},
    ok: true,
    output: {
      objects: [{ id: "dog_1", label: "dog", depth: 3.2, uncertainty: 0.8, method: "size-prior" }],
    },
    duration_ms: 1,
  });
  assert.deepEqual(b.snapshot().objects, [
    { id: "dog_1", label: "dog", depth: 3.2, depth_uncertainty: 0.8 },
  ]);
});

Deno.test("traceView and cameraView read a finished trace", () => {
  const trace = newTrace({
    question: "q",
    image: { width: 640, height: 480 },
    intrinsics: intrinsicsFromFov(640, 480, 90),
    planner: "rules",
  });
  for (const e of FAKE_EVENTS) addEvent(trace, structuredClone(e));
  const view = traceView(trace);
  assert.deepEqual(view.objects.map((o) => o.id), ["dog_1", "bicycle_1"]);
  assert.deepEqual(view.used, ["dog_1", "bicycle_1"]);
  const cam = cameraView(trace);
  assert.equal(cam.source, "assumed_fov");
  assert.ok(Math.abs(cam.hfov_deg! - 90) < 1e-9);
});

Deno.test("cameraView carries the camera height and horizon row when estimate_depth found them", () => {
  const trace = newTrace({
    question: "q",
    image: { width: 640, height: 480 },
    intrinsics: intrinsicsFromFov(640, 480, 90),
    planner: "rules",
  });
  assert.equal(cameraView(trace).height_m, undefined);
  addEvent(trace, {
    type: "perception",
    tool: "estimate_depth",
    input: {},
    ok: true,
    output: { objects: [], camera_pose: { camera_height: 1.52, horizon_row: 231.5 } },
    duration_ms: 1,
  });
  const cam = cameraView(trace);
  assert.equal(cam.height_m, 1.52);
  assert.equal(cam.horizon_y, 231.5);
});
