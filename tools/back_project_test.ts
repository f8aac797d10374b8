import assert from "node:assert/strict";
import { defaultRegistry } from "./index.ts";
import { createWorkspace } from "./workspace.ts";
import { project } from "../core/pinhole.ts";

const reg = defaultRegistry();
const camera = { fx: 500, fy: 500, cx: 320, cy: 240, source: "given" as const };

Deno.test("pixels at depths become 3D points that re-project to the pixels", async () => {
  const ws = createWorkspace({ camera });
  const r = await reg.call("back_project", { pixels: [{ u: 100, v: 50, depth: 4 }] }, {
    workspace: ws,
  });
  assert.ok(r.ok);
  const p = (r.output as { points: { point: [number, number, number] }[] }).points[0].point;
  const back = project(camera, p);
  assert.ok(
    Math.abs(back.u - 100) < 1e-9 && Math.abs(back.v - 50) < 1e-9 &&
      Math.abs(back.depth - 4) < 1e-9,
  );
});

Deno.test("object box + per-object depth → centre and metric size, stored on the object", async () => {
  const ws = createWorkspace({ camera });
  ws.objects.set("dog_1", {
    id: "dog_1",
    label: "dog",
    box: [270, 190, 370, 290],
    depth: { value: 5, uncertainty: 0.5, method: "size-prior" },
  });
  const r = await reg.call("back_project", { object_ids: ["dog_1"] }, { workspace: ws });
  assert.ok(r.ok, !r.ok ? r.error : "");
  const o =
    (r.output as { objects: { center: number[]; size: number[]; distance: number }[] }).objects[0];
  assert.deepEqual(o.center, [0, 5, -0]);
  assert.deepEqual(o.size, [1, 1, 1]); // 100 px at 5 m with f = 500
  assert.deepEqual(ws.objects.get("dog_1")!.center, o.center);
});

Deno.test("a depth map overrides the per-object estimate (median over the inner box)", async () => {
  const width = 640, height = 480;
  const data = new Float32Array(width * height).fill(10);
  for (let v = 200; v < 280; v++) for (let u = 280; u < 360; u++) data[v * width + u] = 2;
  const ws = createWorkspace({ camera, depthMap: { width, height, data, source: "test" } });
  ws.objects.set("cup_1", { id: "cup_1", label: "cup", box: [270, 190, 370, 290] });
  const r = await reg.call("back_project", { object_ids: ["cup_1"] }, { workspace: ws });
  assert.ok(r.ok);
  assert.equal((r.output as { objects: { center: number[] }[] }).objects[0].center[1], 2);
});

Deno.test("missing depth, missing box, no arguments: clear errors", async () => {
  const ws = createWorkspace({ camera });
  ws.objects.set("cat_1", { id: "cat_1", label: "cat", box: [0, 0, 10, 10] });
  ws.objects.set("ghost_1", { id: "ghost_1", label: "ghost" });
  const call = (args: unknown) => reg.call("back_project", args, { workspace: ws });
  const noDepth = await call({ object_ids: ["cat_1"] });
  assert.match(
    !noDepth.ok ? noDepth.error : "",
    /object_ids\[0\]: object "cat_1" has no depth.*estimate_depth/,
  );
  const noBox = await call({ object_ids: ["ghost_1"] });
  assert.match(!noBox.ok ? noBox.error : "", /no 2D box/);
  const none = await call({});
  assert.match(!none.ok ? none.error : "", /give object_ids or pixels/);
  const zeroDepth = await call({ pixels: [{ u: 1, v: 1, depth: 0 }] });
  assert.match(!zeroDepth.ok ? zeroDepth.error : "", /pixels\[0\]\.depth/);
});
