import assert from "node:assert/strict";
import { intrinsicsFromFov } from "../core/intrinsics.ts";
import { configurePerception } from "../models/config.ts";
import { loadImage } from "../models/image.ts";
import { getModelSpec } from "../models/registry.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { releaseSessions } from "../models/runtime.ts";
import { parseScene } from "../scene/schema.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { defaultRegistry } from "./index.ts";
import type { ToolResult } from "./registry.ts";
import { createWorkspace, type DepthMap } from "./workspace.ts";
import { IMAGENET } from "../models/pixels.ts";
import { writeFakeDepthModel, writeFakeOrientModel } from "../tests/onnx/fakes.ts";

const reg = defaultRegistry();
const present = hasShared("models/yolox_nano.onnx");

function out<T>(r: ToolResult): T {
  assert.ok(r.ok, r.ok ? "" : r.error);
  return r.output as T;
}

interface DetectOut {
  model: string;
  objects: { id: string; label: string; box: number[]; score: number }[];
  not_detectable: { query: string; reason: string }[];
  cached: boolean;
}

async function withModels(fn: () => Promise<void>, extra = {}) {
  configurePerception({
    modelsDir: `${SHARED_DIR}/models`,
    executionProviders: ["cpu"],
    offline: true,
    ...extra,
  });
  clearResultCache();
  try {
    await fn();
  } finally {
    configurePerception({});
    clearResultCache();
    await releaseSessions();
  }
}

Deno.test({
  name: "detect: query mapping, ids left to right, not-detectable phrases, cached reruns",
  ignore: !present,
  fn: () =>
    withModels(async () => {
      const image = await loadImage(`${SHARED_DIR}/images/person.jpg`);
      const ws = createWorkspace({ camera: intrinsicsFromFov(image.width, image.height), image });
      const ctx = { workspace: ws };
      const a = out<DetectOut>(await reg.call("detect", { query: ["puppies", "lamp"] }, ctx));
      assert.equal(a.model, "yolox-nano");
      assert.deepEqual(a.objects.map((o) => o.id), ["dog_1"]);
      assert.deepEqual(a.not_detectable, [{
        query: "lamp",
        reason: "not detectable by yolox-nano",
      }]);
      assert.equal(a.cached, false);
      const b = out<DetectOut>(await reg.call("detect", {}, ctx));
      assert.equal(b.cached, true); // same image, same options: the model ran once
      assert.deepEqual(b.objects.map((o) => o.id), ["dog_1", "person_1", "horse_1"]); // left→right
      assert.equal(ws.objects.size, 3); // the dog was not added twice
      const none = out<DetectOut>(await reg.call("detect", { query: "window" }, ctx));
      assert.deepEqual(none.objects, []);
      assert.equal(none.not_detectable[0].reason, "not detectable by yolox-nano");
      const strict = out<DetectOut>(await reg.call("detect", { score_threshold: 0.99 }, ctx));
      assert.deepEqual(strict.objects, []);
    }),
});

Deno.test("detect and estimate_depth: bad calls are errors the model can act on", async () => {
  const ws = createWorkspace({ camera: intrinsicsFromFov(100, 100) });
  const noImage = await reg.call("detect", {}, { workspace: ws });
  assert.ok(!noImage.ok && /no image/.test(noImage.error));
  const bad = await reg.call("detect", { score_threshold: 2 }, { workspace: ws });
  assert.ok(!bad.ok && /score_threshold/.test(bad.error));
  const empty = await reg.call("estimate_depth", {}, { workspace: ws });
  assert.ok(!empty.ok && /call detect first/.test(empty.error));
  const unknown = await reg.call("estimate_depth", { object_ids: ["cat_9"] }, { workspace: ws });
  assert.ok(!unknown.ok && /no object with id "cat_9"/.test(unknown.error));
  const orient = await reg.call("estimate_orientation", { object_ids: [3] }, { workspace: ws });
  assert.ok(!orient.ok && /object_ids/.test(orient.error));
});

const image = { width: 1000, height: 800, data: new Uint8Array(1000 * 800 * 3), sha256: "t" };
const camera = { fx: 1000, fy: 1000, cx: 500, cy: 400, source: "given" as const };

Deno.test("estimate_depth: size-prior by default, rgbd with a depth map, size-prior fallback", async () => {
  configurePerception({ depthBackend: "auto" });
  try {
    const ws = createWorkspace({ camera, image });
    ws.objects.set("person_1", { id: "person_1", label: "person", box: [400, 300, 460, 470] });
    ws.objects.set("lamp_1", { id: "lamp_1", label: "lamp", box: [10, 10, 20, 20] });
    const r = out<{
      model: string;
      objects: { id: string; depth: number; uncertainty: number }[];
      skipped: { id: string; reason: string }[];
    }>(await reg.call("estimate_depth", {}, { workspace: ws }));
    assert.equal(r.model, "size-prior");
    // size cue alone (one object: the camera pose stays at its priors, too vague for the ground
    // cue): 1.7 m over 170 px at f = 1000 is 10 m to the front face, + 0.3 m to the centre
    assert.ok(Math.abs(r.objects[0].depth - 10.3) < 1e-9);
    assert.equal(ws.objects.get("person_1")!.depth!.method, "size-prior");
    assert.deepEqual(r.skipped, [{ id: "lamp_1", reason: 'no typical size known for "lamp"' }]);

    // a depth map of 4 m, with no valid pixels over the lamp's corner
    const data = new Float32Array(1000 * 800).fill(4);
    for (let v = 0; v < 100; v++) data.fill(0, v * 1000, v * 1000 + 100);
    const depthMap: DepthMap = { width: 1000, height: 800, data, source: "rgbd:test" };
    const ws2 = createWorkspace({ camera, image, depthMap });
    ws2.objects.set("person_1", { id: "person_1", label: "person", box: [400, 300, 460, 470] });
    ws2.objects.set("cup_1", { id: "cup_1", label: "cup", box: [10, 10, 20, 20] });
    const r2 = out<{ model: string; objects: { id: string; depth: number; method: string }[] }>(
      await reg.call("estimate_depth", {}, { workspace: ws2 }),
    );
    assert.equal(r2.model, "rgbd");
    assert.equal(r2.objects[0].depth, 4);
    assert.equal(ws2.objects.get("person_1")!.depth!.method, "rgbd");
    assert.match(r2.objects[1].method, /no valid depth pixels in the box; size-prior/);
    assert.equal(ws2.objects.get("cup_1")!.depth!.method, "size-prior");

    configurePerception({ depthBackend: "rgbd" });
    const noMap = await reg.call("estimate_depth", {}, { workspace: ws });
    assert.ok(!noMap.ok && /rgbd needs a depth map/.test(noMap.error));
    configurePerception({ depthBackend: "depth-anything-v2-metric-indoor-small", offline: true });
    const noModel = await reg.call("estimate_depth", {}, { workspace: ws });
    assert.ok(
      !noModel.ok && /depth_anything_v2_metric_indoor_small\.onnx not found/.test(noModel.error),
    );
  } finally {
    configurePerception({});
  }
});

Deno.test("estimate_orientation for a class without an offline model: unknown with a reason", async () => {
  const modelsDir = await Deno.makeTempDir();
  configurePerception({ modelsDir });
  try {
    const ws = createWorkspace({ camera, image });
    ws.objects.set("dog_1", { id: "dog_1", label: "dog", box: [1, 1, 50, 50], front: [1, 0, 0] });
    const r = out<
      {
        model: string;
        objects: { front: null; confidence: number; reason: string }[];
        note: string;
      }
    >(
      await reg.call("estimate_orientation", {}, { workspace: ws }),
    );
    assert.equal(r.model, "none");
    assert.deepEqual(
      { ...r.objects[0], reason: undefined },
      {
        id: "dog_1",
        label: "dog",
        front: null,
        confidence: 0,
        source: "unknown",
        reason: undefined,
      },
    );
    assert.match(
      r.objects[0].reason,
      /no offline orientation model for "dog" \(offline: person, chair\)/,
    );
    assert.match(r.objects[0].reason, /Orient Anything/);
    assert.match(r.note, /person and chair only/);
    assert.equal(ws.objects.get("dog_1")!.front, undefined); // never invented
    assert.equal(ws.objects.get("dog_1")!.orientation_confidence, 0);
  } finally {
    configurePerception({});
  }
});

Deno.test("perception tools on a scene-file workspace return the scene's values, saying so", async () => {
  const scene = parseScene({
    camera: { fx: 500, fy: 500, cx: 320, cy: 240 },
    objects: [
      { label: "chair", center: [1, 3, 0], front: [0, -1, 0] },
      { label: "table", center: [-1, 4, 0] },
    ],
  });
  const ws = createWorkspace({ camera: { ...scene.camera!, source: "scene" }, scene });
  const ctx = { workspace: ws };
  const d = out<DetectOut & { note: string }>(
    await reg.call("detect", { query: ["chairs", "lamp"] }, ctx),
  );
  assert.equal(d.model, "scene");
  assert.deepEqual(d.objects.map((o) => o.id), ["chair_1"]);
  assert.equal(d.not_detectable[0].query, "lamp");
  const z = out<{ model: string; objects: { id: string; depth: number }[] }>(
    await reg.call("estimate_depth", {}, ctx),
  );
  assert.deepEqual(z.objects.map((o) => [o.id, o.depth]), [["chair_1", 3], ["table_1", 4]]);
  const o = out<{ objects: { id: string; front: number[] | null; source: string }[] }>(
    await reg.call("estimate_orientation", {}, ctx),
  );
  assert.deepEqual(o.objects.map((x) => [x.id, x.front, x.source]), [
    ["chair_1", [0, -1, 0], "scene"],
    ["table_1", null, "unknown"],
  ]);
});

Deno.test("estimate_depth with a metric-depth model and estimate_orientation with an orientation model (generated graphs)", async () => {
  const modelsDir = await Deno.makeTempDir();
  await writeFakeDepthModel(
    modelsDir,
    getModelSpec("depth-anything-v2-metric-indoor-small").files[0].name,
  );
  await writeFakeOrientModel(modelsDir, getModelSpec("orient-anything").files[0].name);
  await withModels(async () => {
    // black image: the stand-in depth model gives 3 + mean of normalised black everywhere
    const ws = createWorkspace({ camera, image });
    ws.objects.set("chair_1", { id: "chair_1", label: "chair", box: [400, 300, 600, 500] });
    const d = out<{ model: string; objects: { depth: number }[] }>(
      await reg.call("estimate_depth", {}, { workspace: ws }),
    );
    const black = [0, 1, 2].reduce((s, c) => s + (0 - IMAGENET.mean[c]) / IMAGENET.std[c], 0) / 3;
    assert.equal(d.model, "depth-anything-v2-metric-indoor-small");
    assert.ok(Math.abs(d.objects[0].depth - (3 + black)) < 1e-4);
    assert.equal(ws.depthMap?.source, "depth-anything-v2-metric-indoor-small");
    assert.equal(ws.objects.get("chair_1")!.depth!.model, "depth-anything-v2-metric-indoor-small");
    const bp = await reg.call("back_project", { object_ids: ["chair_1"] }, { workspace: ws });
    assert.ok(bp.ok);
    const o = out<
      { objects: { id: string; front: number[]; azimuth_deg: number; confidence: number }[] }
    >(
      await reg.call("estimate_orientation", {}, { workspace: ws }),
    );
    // azimuth 90, polar 10° seen on the optical axis: front to the right, tilted 10° down
    assert.equal(o.objects[0].azimuth_deg, 90);
    assert.ok(Math.abs(o.objects[0].confidence - 1 / (1 + Math.exp(-2))) < 1e-6);
    const f = ws.objects.get("chair_1")!.front!;
    assert.ok(f[0] > 0.98 && Math.abs(f[1]) < 1e-6 && f[2] < 0, String(f));
    assert.equal(ws.objects.get("chair_1")!.orientation_source, "orient-anything");
  }, { modelsDir, depthBackend: "depth-anything-v2-metric-indoor-small" });
});

Deno.test("estimate_depth: camera pose from ground-standing boxes, both cues, back_project level", async () => {
  configurePerception({ depthBackend: "size-prior" });
  try {
    // level camera 1.6 m high (f = 1000, horizon at row 400): people 1.7 m and a car 1.5 m tall
    const row = (D: number, up: number) => 400 + 1000 * (1.6 - up) / D;
    const ws = createWorkspace({ camera, image });
    const put = (id: string, label: string, D: number, x: number, h: number, w: number) =>
      ws.objects.set(id, {
        id,
        label,
        box: [500 + 1000 * (x - w / 2) / D, row(D, h), 500 + 1000 * (x + w / 2) / D, row(D, 0)],
      });
    put("person_1", "person", 8, -1, 1.7, 0.6);
    put("car_1", "car", 15, 2, 1.5, 2.8);
    put("person_2", "person", 12, -3, 1.7, 0.6);
    const r = out<{
      camera_pose: {
        camera_height: number;
        pitch_deg: number;
        horizon_row: number;
        source: string;
      };
      objects: {
        id: string;
        depth: number;
        cues: { ground?: unknown; size?: unknown };
        notes?: string[];
      }[];
    }>(await reg.call("estimate_depth", {}, { workspace: ws }));
    assert.equal(r.camera_pose.source, "objects");
    assert.ok(
      Math.abs(r.camera_pose.camera_height / 1.6 - 1) < 0.05,
      String(r.camera_pose.camera_height),
    );
    assert.ok(
      Math.abs(r.camera_pose.pitch_deg) < 1 && Math.abs(r.camera_pose.horizon_row - 400) < 18,
    );
    // every object has its size cue; the near ones the ground cue too (a far contact near the
    // horizon is dropped while the pose is this uncertain, and the notes say so)
    for (const o of r.objects) {
      assert.ok(o.cues.size, o.id);
      assert.ok(o.cues.ground || o.notes!.some((n) => /ground cue unused/.test(n)), o.id);
    }
    assert.ok(r.objects.find((o) => o.id === "person_1")!.cues.ground);
    assert.equal(ws.ground?.source, "objects");
    const bp = out<{ objects: { id: string; center: number[] }[] }>(
      await reg.call("back_project", { object_ids: ["person_1"] }, { workspace: ws }),
    );
    // the person's centre: 8 m + 0.3 m (half its depth extent) ahead, 0.85 m above the ground
    const c = bp.objects[0].center;
    assert.ok(Math.abs(c[1] - 8.3) < 0.3 && Math.abs(c[2] - (0.85 - 1.6)) < 0.1, c.join());
  } finally {
    configurePerception({});
  }
});

Deno.test("estimate_depth: a pitch measured by estimate_orientation (a chair's box) feeds the ground fit", async () => {
  configurePerception({ depthBackend: "size-prior" });
  try {
    // a camera 1.6 m high looking 25° down at one chair 3 m ahead: one object cannot fix the
    // pitch, so without evidence the camera is taken as level and the chair misplaced
    const pitch = -25, H = 1.6, D = 3;
    const row = (up: number) =>
      camera.cy + camera.fy * Math.tan(Math.atan((H - up) / D) + pitch * Math.PI / 180);
    const half = 1000 * 0.25 / D;
    const put = (ws: ReturnType<typeof createWorkspace>) =>
      ws.objects.set("chair_1", {
        id: "chair_1",
        label: "chair",
        box: [500 - half, row(0.9), 500 + half, row(0)],
      });
    type Out = { camera_pose: { pitch_deg: number; source: string; note: string } };
    const level = createWorkspace({ camera, image });
    put(level);
    const a = out<Out>(await reg.call("estimate_depth", {}, { workspace: level }));
    assert.equal(a.camera_pose.source, "prior");
    assert.equal(a.camera_pose.pitch_deg, 0);
    const ws = createWorkspace({ camera, image });
    put(ws);
    ws.pitchEvidence = { deg: -24, sigmaDeg: 2, source: "objectron chair_1" };
    const b = out<Out>(await reg.call("estimate_depth", {}, { workspace: ws }));
    assert.equal(b.camera_pose.source, "prior+objectron chair_1");
    assert.equal(b.camera_pose.pitch_deg, -24);
    assert.match(b.camera_pose.note, /pitch from objectron chair_1/);
    const centre = async (w: typeof ws) =>
      out<{ objects: { center: number[] }[] }>(
        await reg.call("back_project", { object_ids: ["chair_1"] }, { workspace: w }),
      ).objects[0].center;
    // the chair's centre: 3 m + half its depth extent ahead, 0.45 m above the ground
    const [cl, cb] = [await centre(level), await centre(ws)];
    const err = (c: number[]) => Math.hypot(c[1] - (D + 0.25), c[2] - (0.45 - H));
    assert.ok(err(cb) < 0.3 && err(cb) < err(cl) / 2, `${cb} vs level ${cl}`);
  } finally {
    configurePerception({});
  }
});
