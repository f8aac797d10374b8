import assert from "node:assert/strict";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import type { Box } from "./boxes.ts";
import { configFromEnv } from "./config.ts";
import { loadImage } from "./image.ts";
import { releaseSessions } from "./runtime.ts";
import {
  decodeYolox,
  DEFAULT_DETECT_OPTIONS,
  detectYolox,
  letterbox,
  YOLOX_SIZE,
} from "./yolox.ts";

const present = hasShared("models/yolox_nano.onnx");
const cfg = () => ({
  ...configFromEnv(),
  modelsDir: `${SHARED_DIR}/models`,
  executionProviders: ["cpu"],
  offline: true,
});

/** The centre of `box` lies inside `region` (fractions of the image: x1, y1, x2, y2). */
function centreIn(box: Box, w: number, h: number, region: Box): boolean {
  const cx = (box[0] + box[2]) / 2 / w;
  const cy = (box[1] + box[3]) / 2 / h;
  return cx >= region[0] && cx <= region[2] && cy >= region[1] && cy <= region[3];
}

Deno.test({
  name: "YOLOX-nano on dog.jpg finds the dog, the bicycle and the truck where they are",
  ignore: !present,
  async fn() {
    try {
      const img = await loadImage(`${SHARED_DIR}/images/dog.jpg`);
      const { detections } = await detectYolox(img, DEFAULT_DETECT_OPTIONS, cfg());
      const find = (labels: string[]) => detections.find((d) => labels.includes(d.label));
      const dog = find(["dog"]);
      const bike = find(["bicycle"]);
      const truck = find(["car", "truck"]);
      assert.ok(dog && bike && truck, JSON.stringify(detections));
      // dog: lower left; bicycle: across the middle; truck: upper right
      assert.ok(centreIn(dog.box, img.width, img.height, [0.1, 0.5, 0.45, 0.9]));
      assert.ok(centreIn(bike.box, img.width, img.height, [0.25, 0.3, 0.65, 0.65]));
      assert.ok(centreIn(truck.box, img.width, img.height, [0.6, 0.1, 0.95, 0.35]));
      for (const d of detections) {
        assert.ok(
          d.box[0] >= 0 && d.box[2] <= img.width && d.box[1] >= 0 && d.box[3] <= img.height,
        );
      }
      // the dog's second label (cat, 0.39) is the same box: dropped as a duplicate
      assert.equal(detections.filter((d) => d.label === "cat").length, 0);
    } finally {
      await releaseSessions();
    }
  },
});

Deno.test({
  name: "YOLOX-nano on person.jpg: person in the middle, dog left, horse right; label filter",
  ignore: !present,
  async fn() {
    try {
      const img = await loadImage(`${SHARED_DIR}/images/person.jpg`);
      const { detections } = await detectYolox(img, DEFAULT_DETECT_OPTIONS, cfg());
      const by = (l: string) => detections.find((d) => d.label === l)!;
      assert.deepEqual(detections.map((d) => d.label).sort(), ["dog", "horse", "person"]);
      const cx = (b: Box) => (b[0] + b[2]) / 2;
      assert.ok(cx(by("dog").box) < cx(by("person").box));
      assert.ok(cx(by("person").box) < cx(by("horse").box));
      const only = await detectYolox(img, { ...DEFAULT_DETECT_OPTIONS, labels: ["horse"] }, cfg());
      assert.deepEqual(only.detections.map((d) => d.label), ["horse"]);
    } finally {
      await releaseSessions();
    }
  },
});

Deno.test({
  name: "YOLOX-nano on a KITTI frame: tiles find the far truck and car the whole image misses",
  ignore: !present || !hasShared("data/kitti3d/000001/image.png"),
  async fn() {
    try {
      const img = await loadImage(`${SHARED_DIR}/data/kitti3d/000001/image.png`);
      const near = (box: Box, gt: Box) => gt.every((v, i) => Math.abs(box[i] - v) < 6);
      // KITTI's own 2D labels: the truck at 69 m and the car at 58 m
      const truck: Box = [599.41, 156.4, 629.75, 189.25],
        car: Box = [387.63, 181.54, 423.81, 203.12];
      const found = (dets: { box: Box }[], gt: Box) => dets.some((d) => near(d.box, gt));
      const off = await detectYolox(img, { ...DEFAULT_DETECT_OPTIONS, tiling: "off" }, cfg());
      const auto = await detectYolox(img, { ...DEFAULT_DETECT_OPTIONS, tiling: "auto" }, cfg());
      assert.equal(off.timing.passes, 1);
      assert.equal(auto.timing.passes, 5); // the whole image + 4 tiles
      assert.ok(!found(off.detections, truck) && !found(off.detections, car));
      assert.ok(found(auto.detections, truck) && found(auto.detections, car), JSON.stringify(auto));
    } finally {
      await releaseSessions();
    }
  },
});

Deno.test("letterbox keeps aspect ratio at the top-left and pads bottom/right with 114", () => {
  const data = new Uint8Array(200 * 100 * 3);
  for (let i = 0; i < data.length; i += 3) data.set([10, 20, 30], i); // R G B
  const { tensor, scale } = letterbox({ width: 200, height: 100, data });
  assert.equal(scale, YOLOX_SIZE / 200);
  const plane = YOLOX_SIZE * YOLOX_SIZE;
  assert.deepEqual([tensor[0], tensor[plane], tensor[2 * plane]], [30, 20, 10]); // BGR
  const below = 300 * YOLOX_SIZE + 5; // row 300 > 208 rows of image
  assert.equal(tensor[below], 114);
});

Deno.test("decodeYolox: grid offsets, strides, score = obj × cls, boxes scaled back", () => {
  const out = new Float32Array(3549 * 85);
  // anchor at stride 16, grid (gx 3, gy 2): its row is 52² + 2·26 + 3
  const row = 52 * 52 + 2 * 26 + 3;
  out.set([0.5, 0.5, Math.log(4), Math.log(2), 0.9], row * 85);
  out[row * 85 + 5 + 16] = 0.8; // dog
  out[row * 85 + 5 + 15] = 0.1; // cat, lower
  const dets = decodeYolox(out, 0.5, 1000, 1000, DEFAULT_DETECT_OPTIONS);
  assert.equal(dets.length, 1);
  assert.equal(dets[0].label, "dog");
  assert.ok(Math.abs(dets[0].score - 0.72) < 1e-6);
  // centre (3.5·16, 2.5·16) = (56, 40), size 64×32 in network pixels; ÷ 0.5
  assert.deepEqual(dets[0].box.map((v) => Math.round(v * 1000) / 1000), [48, 48, 176, 112]);
  assert.equal(
    decodeYolox(out, 0.5, 1000, 1000, { ...DEFAULT_DETECT_OPTIONS, labels: ["cat"] }).length,
    0,
  );
});
