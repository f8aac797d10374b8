import assert from "node:assert/strict";
import { project } from "../core/pinhole.ts";
import { gravityAlign } from "../core/frame.ts";
import { norm, sub, type Vec3 } from "../core/vec.ts";
import { iou } from "../models/boxes.ts";
import { configurePerception } from "../models/config.ts";
import { loadDepthMap } from "../models/depth_map.ts";
import { loadImage } from "../models/image.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { releaseSessions } from "../models/runtime.ts";
import { readKittiDir } from "../scene/kitti.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { defaultRegistry } from "../tools/index.ts";
import { createWorkspace } from "../tools/workspace.ts";
import { intrinsicsFromFov } from "../core/intrinsics.ts";
import { perceive } from "./perceive.ts";
import { newTrace } from "./trace.ts";

const reg = defaultRegistry();
const hasModel = hasShared("models/yolox_nano.onnx");
const hasRgbd = hasModel && hasShared("data/rgbd");
const hasKitti = hasModel && hasShared("data/kitti3d/000000/image.png");

async function withModels(fn: () => Promise<void>) {
  configurePerception({
    modelsDir: `${SHARED_DIR}/models`,
    executionProviders: ["cpu"],
    offline: true,
    depthBackend: "auto",
  });
  try {
    await fn();
  } finally {
    configurePerception({});
    clearResultCache();
    await releaseSessions();
  }
}

function traceFor(camera: ReturnType<typeof intrinsicsFromFov>) {
  return newTrace({ question: "(perceive)", intrinsics: camera, planner: "rules" });
}

Deno.test({
  name: "perceive dog.jpg: four recorded steps, dog/bicycle/truck in 3D, no invented fronts",
  ignore: !hasModel,
  fn: () =>
    withModels(async () => {
      const image = await loadImage(`${SHARED_DIR}/images/dog.jpg`);
      const camera = intrinsicsFromFov(image.width, image.height);
      const ws = createWorkspace({ camera, image });
      const trace = traceFor(camera);
      const events: string[] = [];
      const scene = await perceive(reg, { workspace: ws }, trace, (e) => events.push(e.type));
      assert.deepEqual(
        trace.events.map((e) => "tool" in e ? e.tool : e.type),
        ["detect", "estimate_depth", "back_project", "estimate_orientation"],
      );
      assert.deepEqual(events, ["perception", "perception", "computation", "perception"]);
      assert.equal(scene.intrinsics_source, "assumed_fov");
      assert.match(scene.frame!, /\+x right, \+y forward/);
      // dog, bicycle and truck stand on the ground: the pose is fitted, not assumed level
      assert.equal(scene.camera_pose?.source, "objects");
      assert.match(trace.frame.assumptions[0], /^camera pose objects: fitted to \d+ ground/);
      assert.ok(!trace.frame.assumptions.some((a) => /^level camera/.test(a)));
      const labels = scene.objects.map((o) => o.label);
      assert.ok(labels.includes("dog") && labels.includes("bicycle"), labels.join());
      assert.ok(labels.includes("car") || labels.includes("truck"), labels.join());
      const by = (l: string[]) => scene.objects.find((o) => l.includes(o.label))!;
      const dog = by(["dog"]);
      const truck = by(["car", "truck"]);
      // the dog is in front of the bicycle, the truck far behind both; the truck is right
      assert.ok(dog.center[1] < by(["bicycle"]).center[1]);
      assert.ok(truck.center[1] > 3 * dog.center[1] && truck.center[0] > 0);
      for (const o of scene.objects) {
        assert.equal(o.front, undefined);
        assert.equal(o.orientation_confidence, 0);
        // the centre, rotated back into the camera's own (pitched) axes, re-projects to the box centre
        const body = gravityAlign(o.center, {
          pitchDeg: -scene.camera_pose!.pitch_deg,
          rollDeg: 0,
        });
        const p = project(scene.camera!, body);
        assert.ok(Math.abs(p.u - (o.box![0] + o.box![2]) / 2) < 1e-6);
      }
    }),
});

/** Median of the valid depth pixels in the inner 60 % of a box, every pixel (no sampling). */
function innerMedian(map: { width: number; data: Float32Array }, b: number[]): number {
  const [w, h] = [b[2] - b[0], b[3] - b[1]];
  const vals: number[] = [];
  for (let v = Math.ceil(b[1] + 0.2 * h); v < b[3] - 0.2 * h; v++) {
    for (let u = Math.ceil(b[0] + 0.2 * w); u < b[2] - 0.2 * w; u++) {
      const d = map.data[v * map.width + u];
      if (d > 0) vals.push(d);
    }
  }
  vals.sort((a, c) => a - c);
  return vals[Math.floor(vals.length / 2)];
}

Deno.test({
  name:
    "rgbd frames: object depths match GT depth, back-projected points re-project to their pixels",
  ignore: !hasRgbd,
  fn: () =>
    withModels(async () => {
      let objects = 0;
      for (const dir of ["nyu_00000", "kitti_0000000005", "unidepth_demo"]) {
        const root = `${SHARED_DIR}/data/rgbd/${dir}`;
        const cam = JSON.parse(await Deno.readTextFile(`${root}/camera.json`));
        const rgb = [...Deno.readDirSync(root)].find((e) => e.name.startsWith("rgb."))!.name;
        const image = await loadImage(`${root}/${rgb}`);
        const depthMap = await loadDepthMap(
          { path: `${root}/depth.png`, scale: cam.depth_png_scale },
          image,
        );
        const camera = { fx: cam.fx, fy: cam.fy, cx: cam.cx, cy: cam.cy, source: "given" as const };
        const ws = createWorkspace({ camera, image, depthMap });
        const scene = await perceive(reg, { workspace: ws }, traceFor(camera));
        // the scene is gravity-aligned by the estimated pitch; undo it to compare with the camera
        const pitchDeg = scene.camera_pose?.pitch_deg ?? 0;
        const toBody = (v: Vec3) => gravityAlign(v, { pitchDeg: -pitchDeg, rollDeg: 0 });
        for (const o of scene.objects) {
          const d = (o as { depth?: { value: number; method: string } }).depth!;
          if (d.method !== "rgbd") continue;
          objects++;
          const gt = innerMedian(depthMap, o.box!);
          assert.ok(Math.abs(d.value - gt) / gt < 0.05, `${dir} ${o.id}: ${d.value} vs GT ${gt}`);
          // forward coordinate in the camera's own axes = depth
          assert.ok(Math.abs(toBody(o.center)[1] - d.value) < 1e-9);
        }
        // pixels with GT depth → 3D points → back to the same pixels and the same depth
        const pixels = [];
        for (let v = 10; v < image.height; v += 97) {
          for (let u = 10; u < image.width; u += 131) {
            const z = depthMap.data[v * image.width + u];
            if (z > 0) pixels.push({ u, v, depth: z });
          }
        }
        assert.ok(pixels.length > 5);
        const r = await reg.call("back_project", { pixels }, { workspace: ws });
        assert.ok(r.ok);
        const pts = (r.output as {
          points: { u: number; v: number; depth: number; point: [number, number, number] }[];
        }).points;
        for (const p of pts) {
          const body = toBody(p.point);
          const back = project(camera, body);
          assert.ok(Math.abs(back.u - p.u) < 1e-6 && Math.abs(back.v - p.v) < 1e-6);
          assert.ok(Math.abs(back.depth - p.depth) < 1e-6 && Math.abs(body[1] - p.depth) < 1e-9);
        }
      }
      assert.ok(objects >= 3, `only ${objects} objects with rgbd depth`);
    }),
});

Deno.test({
  name: "KITTI: size-prior perceive matched to GT 3D boxes (centre and distance errors)",
  ignore: !hasKitti,
  fn: () =>
    withModels(async () => {
      const rows: string[] = [];
      let matched = 0;
      for (const f of ["000000", "000001"]) {
        const dir = `${SHARED_DIR}/data/kitti3d/${f}`;
        const gt = await readKittiDir(dir);
        const image = await loadImage(`${dir}/image.png`);
        const camera = { ...gt.camera!, source: "given" as const };
        const ws = createWorkspace({ camera, image });
        const scene = await perceive(reg, { workspace: ws }, traceFor(camera));
        for (const o of scene.objects) {
          const g = gt.objects.find((x) => x.box && iou(x.box, o.box!) >= 0.5);
          if (!g) continue;
          matched++;
          const dist = norm(o.center);
          const gdist = norm(g.center);
          const rel = Math.abs(dist - gdist) / gdist;
          const centreErr = norm(sub(o.center, g.center));
          const row =
            `${f} ${o.label}: distance ${dist.toFixed(2)} m vs GT ${gdist.toFixed(2)} m ` +
            `(${(rel * 100).toFixed(1)} %), centre error ${centreErr.toFixed(2)} m`;
          rows.push(row);
          assert.ok(rel < 0.3, row);
          assert.ok(centreErr < 0.3 * gdist, row);
        }
      }
      console.log(rows.join("\n"));
      assert.ok(matched >= 1, "no detection matched a KITTI GT box");
    }),
});

Deno.test({
  name:
    "perceive a chair photo: chairs oriented first, their measured pitch reaches the ground fit",
  ignore: !hasModel || !hasShared("data/chairs/arkit_612.172_00008260.jpg"),
  fn: () =>
    withModels(async () => {
      const image = await loadImage(`${SHARED_DIR}/data/chairs/arkit_612.172_00008260.jpg`);
      const camera = intrinsicsFromFov(image.width, image.height);
      const ws = createWorkspace({ camera, image });
      const trace = traceFor(camera);
      const scene = await perceive(reg, { workspace: ws }, trace);
      const tools = trace.events.map((e) => "tool" in e ? e.tool : e.type);
      assert.deepEqual(tools, [
        "detect",
        "estimate_orientation",
        "estimate_depth",
        "back_project",
        "estimate_orientation",
      ]);
      const first = trace.events[1] as { input: { object_ids: string[] }; output: unknown };
      assert.ok(first.input.object_ids.every((id) => id.startsWith("chair_")));
      // the chair's measured pitch (looking down) replaced the level prior, and the trace says so
      const pitch = ws.pitchEvidence!;
      assert.match(pitch.source, /^objectron chair_\d/);
      assert.ok(pitch.deg < -10, String(pitch.deg));
      assert.ok(scene.camera_pose!.source.endsWith(pitch.source), scene.camera_pose!.source);
      assert.ok(scene.camera_pose!.pitch_deg < -10);
      assert.match(trace.frame.assumptions[0], /objectron chair_/);
    }),
});
