import assert from "node:assert/strict";
import { parseScene } from "./schema.ts";
import { loadSceneFile } from "./load.ts";

const ok = {
  camera: { fx: 500, fy: 500, cx: 320, cy: 240 },
  objects: [{ label: "dog", center: [0, 3, 0] }],
};

Deno.test("ids are assigned per label and kept when given", () => {
  const s = parseScene({
    objects: [
      { label: "dog", center: [0, 1, 0] },
      { label: "dog", center: [1, 1, 0] },
      { id: "dog_1b", label: "dining table", center: [2, 1, 0] },
      { label: "dining table", center: [2, 1, 0] },
    ],
  });
  assert.deepEqual(s.objects.map((o) => o.id), ["dog_1", "dog_2", "dog_1b", "dining_table_1"]);
});

Deno.test("unknown fields are kept, not lost", () => {
  const s = parseScene({ objects: [{ label: "cube", center: [0, 1, 0], color: "red" }], extra: 1 });
  assert.equal((s.objects[0] as Record<string, unknown>).color, "red");
  assert.equal((s as Record<string, unknown>).extra, 1);
});

Deno.test("malformed scenes: each error names the field", () => {
  const cases: [unknown, RegExp][] = [
    [{}, /scene\.objects/],
    [{ objects: [{ center: [0, 1, 0] }] }, /scene\.objects\[0\]\.label/],
    [{ objects: [{ label: "a", center: [0, 1] }] }, /scene\.objects\[0\]\.center/],
    [{ objects: [{ label: "a", center: [0, NaN, 1] }] }, /scene\.objects\[0\]\.center\[1\]/],
    [{ objects: [{ label: "a", center: [0, Infinity, 1] }] }, /center\[1\]/],
    [{ ...ok, camera: { fx: 0, fy: 500, cx: 1, cy: 1 } }, /scene\.camera\.fx/],
    [{ objects: [{ label: "a", center: [0, 1, 0], box: [10, 10, 5, 5] }] }, /box/],
    [
      { objects: [{ label: "a", center: [0, 1, 0], orientation_confidence: 2 }] },
      /orientation_confidence/,
    ],
    [{
      objects: [{ id: "x", label: "a", center: [0, 1, 0] }, {
        id: "x",
        label: "b",
        center: [0, 1, 0],
      }],
    }, /objects\[1\]\.id: duplicate/],
  ];
  for (const [json, re] of cases) assert.throws(() => parseScene(json), re, JSON.stringify(json));
});

Deno.test("scene files: missing file and bad JSON are clear errors", async () => {
  await assert.rejects(loadSceneFile("/nonexistent/scene.json"), /scene file not found/);
  const tmp = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(tmp, "{ not json");
  await assert.rejects(loadSceneFile(tmp), /not valid JSON/);
  await Deno.writeTextFile(tmp, JSON.stringify(ok));
  assert.equal((await loadSceneFile(tmp)).objects[0].id, "dog_1");
  await Deno.remove(tmp);
});

Deno.test("camera_pose: optional, kept when valid, a bad field is named", () => {
  const pose = {
    camera_height: 1.6,
    camera_height_sigma: 0.1,
    pitch_deg: -3,
    pitch_sigma_deg: 1,
    horizon_row: 200,
    source: "objects",
    note: "fitted to 3 ground-standing objects",
  };
  const objects = [{ label: "car", center: [0, 10, -1] }];
  assert.deepEqual(parseScene({ camera_pose: pose, objects }).camera_pose, pose);
  assert.equal(parseScene({ objects }).camera_pose, undefined);
  assert.throws(
    () => parseScene({ camera_pose: { ...pose, camera_height: -1 }, objects }),
    /scene\.camera_pose\.camera_height/,
  );
});
