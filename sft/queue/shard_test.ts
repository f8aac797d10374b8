import assert from "node:assert/strict";
import { randomScene } from "../testing.ts";
import { sceneWorkspace } from "../inputs.ts";
import { parseScene } from "../../scene/schema.ts";
import { readShard, restoreInput, shardPath, storeInput, writeShard } from "./shard.ts";

Deno.test("shards keep every number bit for bit and are published whole", async () => {
  const scene = parseScene(randomScene(1), "s.json");
  const workspace = sceneWorkspace(scene);
  workspace.depthMap = {
    width: 2,
    height: 1,
    data: new Float32Array([0.1, 3.3]),
    source: "test",
  };
  // every other workspace field travels too (back_project reads the estimated ground plane)
  workspace.ground = {
    cameraHeight: 1.6,
    cameraHeightLogSigma: 0.1,
    pitchDeg: -3,
    pitchSigmaDeg: 1,
    horizonRow: 200,
    source: "objects",
    objectsUsed: 3,
    note: "fitted",
  };
  delete workspace.image; // a scene workspace has no pixels; an image one loses them
  const first = [...workspace.objects.values()][0];
  first.center = [-0, 1e-300, Number.MAX_VALUE];
  const input = { key: "s.json", workspace, scene, perceptionEvents: [], scenePath: "s.json" };
  const dir = await Deno.makeTempDir();
  const path = shardPath(dir, 7, "abc");
  assert.match(path, /000007-abc\.shard$/);
  assert.equal(await readShard(path), undefined);
  await writeShard(path, {
    runId: "r",
    jobId: "abc",
    units: [{ key: "s.json", input: storeInput(input) }, { key: "b", error: "bad: why" }],
  });
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["000007-abc.shard"]);
  const back = (await readShard(path))!;
  assert.deepEqual(back.units[1], { key: "b", error: "bad: why" });
  const restored = restoreInput((back.units[0] as { input: ReturnType<typeof storeInput> }).input);
  assert.deepEqual(restored, input);
  assert.ok(Object.is(restored.workspace.objects.get(first.id)!.center![0], -0));
  assert.ok(restored.workspace.depthMap!.data instanceof Float32Array);
  await Deno.remove(dir, { recursive: true });
});
