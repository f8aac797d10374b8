import assert from "node:assert/strict";
import { configurePerception } from "../models/config.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { releaseSessions } from "../models/runtime.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { defaultRegistry } from "../tools/index.ts";
import { generateForScene } from "./generate.ts";
import { listImages, listScenes, prepareUnit } from "./inputs.ts";
import { assertRecord } from "./testing.ts";

Deno.test("listScenes finds scene JSON and KITTI folders, recursively and sorted", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/b/kitti`, { recursive: true });
  await Deno.writeTextFile(`${dir}/b/kitti/label.txt`, "");
  await Deno.writeTextFile(`${dir}/b/kitti/calib.txt`, "");
  await Deno.writeTextFile(`${dir}/z.json`, "{}");
  await Deno.writeTextFile(`${dir}/a.json`, "{}");
  await Deno.writeTextFile(`${dir}/notes.txt`, "");
  const units = await listScenes(dir);
  assert.deepEqual(units.map((u) => [u.key, u.kind]), [
    ["a.json", "scene-json"],
    ["b/kitti", "kitti-dir"],
    ["z.json", "scene-json"],
  ]);
  await Deno.writeTextFile(`${dir}/b/photo.JPG`, "");
  assert.deepEqual((await listImages(dir)).map((u) => u.key), ["b/photo.JPG"]);
  await assert.rejects(() => listImages(`${dir}/missing`), /directory not found/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a bad scene file is a clear error naming the file", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/bad.json`, '{"objects": [{"label": "dog"}]}');
  const [unit] = await listScenes(dir);
  await assert.rejects(() => prepareUnit(unit, defaultRegistry(), dir), /bad\.json.*center/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test({
  name: "images: perception once, then records that pass the checks and match the perceived scene",
  ignore: !hasShared("models/yolox_nano.onnx") || !hasShared("images/dog.jpg"),
  async fn() {
    configurePerception({
      modelsDir: `${SHARED_DIR}/models`,
      executionProviders: ["cpu"],
      offline: true,
    });
    try {
      const units = (await listImages(`${SHARED_DIR}/images`)).filter((u) =>
        ["dog.jpg", "person.jpg"].includes(u.key)
      );
      assert.equal(units.length, 2);
      for (const unit of units) {
        const input = await prepareUnit(unit, defaultRegistry(), `${SHARED_DIR}/images`);
        assert.equal(input.imagePath, unit.key);
        assert.ok(
          input.perceptionEvents.some((e) => e.type === "perception" && e.tool === "detect"),
        );
        const { records } = await generateForScene(input, {
          seed: 1,
          perImage: 12,
          frame: "ours",
          circular: true,
          flip: true,
        }, {});
        assert.ok(records.length > 0, `${unit.key}: no records`);
        for (const r of records) {
          assertRecord(r, input.scene);
          assert.ok(r.models.includes("yolox-nano"));
          assert.equal(r.image, unit.key);
          // Each question's trace starts with the one perception run of its image.
          assert.deepEqual(
            r.trace.events.slice(0, input.perceptionEvents.length).map((e) => e.type),
            input.perceptionEvents.map((e) => e.type),
          );
        }
      }
    } finally {
      configurePerception({});
      clearResultCache();
      await releaseSessions();
    }
  },
});

Deno.test("listScenes takes .txt files that hold SpatialLM layouts, seen from the doorway", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.copyFile(
    new URL("../tests/fixtures/room_layout.txt", import.meta.url),
    `${dir}/room.txt`,
  );
  await Deno.writeTextFile(`${dir}/notes.txt`, "scanned on Monday");
  const units = await listScenes(dir);
  assert.deepEqual(units.map((u) => [u.key, u.kind]), [["room.txt", "layout"]]);
  const input = await prepareUnit(units[0], defaultRegistry(), dir);
  assert.equal(input.scene.viewpoint, "doorway");
  assert.ok(input.workspace.objects.has("sofa_0"));
  await Deno.remove(dir, { recursive: true });
});
