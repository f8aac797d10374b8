import assert from "node:assert/strict";
import {
  DEFAULT_THRESHOLDS,
  type FilterObject,
  nameObjects,
  objectFilterReason,
  orientationFilterReason,
} from "./filters.ts";

const scene = { width: 1000, height: 500 };
const obj = (id: string, label: string, box?: [number, number, number, number], extra = {}) => ({
  id,
  label,
  center: [0, 5, 0] as [number, number, number],
  ...(box ? { box } : {}),
  ...extra,
});

Deno.test("objectFilterReason: tiny, truncated at the border or by the reader, no 3D location", () => {
  assert.equal(objectFilterReason(obj("a", "dog", [100, 100, 200, 200]), scene), undefined);
  assert.equal(objectFilterReason(obj("a", "dog", [100, 100, 105, 200]), scene), "tiny_box");
  assert.equal(objectFilterReason(obj("a", "dog", [100, 100, 130, 130]), scene), "tiny_box");
  assert.equal(objectFilterReason(obj("a", "dog", [0, 100, 200, 200]), scene), "truncated_box");
  assert.equal(objectFilterReason(obj("a", "dog", [100, 100, 200, 500]), scene), "truncated_box");
  assert.equal(
    objectFilterReason(obj("a", "car", undefined, { kitti: { truncated: 0.5 } }), scene),
    "truncated_box",
  );
  assert.equal(objectFilterReason({ id: "a", label: "dog" }, scene), "no_3d_location");
});

Deno.test("orientationFilterReason: no meaningful front, none, or below the threshold", () => {
  const f = { front: [0, -1, 0] as [number, number, number] };
  assert.equal(orientationFilterReason(obj("b", "bottle", undefined, f)), "no_meaningful_front");
  assert.equal(orientationFilterReason(obj("d", "dog")), "no_orientation");
  assert.equal(
    orientationFilterReason(obj("d", "dog", undefined, { ...f, orientation_confidence: 0.2 })),
    "low_orientation_confidence",
  );
  assert.equal(
    orientationFilterReason(obj("d", "dog", undefined, {
      ...f,
      orientation_confidence: DEFAULT_THRESHOLDS.minOrientationConfidence,
    })),
    undefined,
  );
});

Deno.test("nameObjects: unique labels plainly, duplicates by left-to-right place, close ones not", () => {
  const objects: FilterObject[] = [
    obj("dog_1", "dog", [400, 100, 500, 200]),
    obj("car_1", "car", [100, 100, 200, 200]),
    obj("car_2", "car", [300, 100, 400, 200]),
    obj("car_3", "car", [700, 100, 800, 200]),
    obj("chair_1", "chair", [100, 300, 200, 400]),
    obj("chair_2", "chair", [110, 300, 210, 400]),
  ];
  const refs = nameObjects(objects, scene);
  assert.equal(refs.get("dog_1")?.text, "the dog");
  assert.deepEqual(refs.get("car_1")?.selector, { kind: "extreme", by: "leftmost" });
  assert.equal(refs.get("car_2")?.text, "the second car from the left");
  assert.deepEqual(refs.get("car_2")?.selector, { kind: "ordinal", n: 2, from: "left" });
  assert.equal(refs.get("car_3")?.text, "the rightmost car");
  assert.ok(!refs.has("chair_1") && !refs.has("chair_2"), "10 px apart cannot be told apart");
  // Without boxes the order is the bearing seen from the camera.
  const noBoxes = nameObjects([
    { id: "a", label: "cup", center: [1, 5, 0] },
    { id: "b", label: "cup", center: [-1, 5, 0] },
  ], {});
  assert.equal(noBoxes.get("b")?.text, "the leftmost cup");
  assert.equal(noBoxes.get("a")?.text, "the rightmost cup");
});
