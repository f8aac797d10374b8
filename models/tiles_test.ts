import assert from "node:assert/strict";
import type { Detection } from "./boxes.ts";
import { cropPixels } from "./pixels.ts";
import { dropCutBoxes, MAX_TILES, mergeTiled, MIN_OVERLAP, planTiles } from "./tiles.ts";

const d = (label: string, score: number, box: [number, number, number, number]): Detection => ({
  label,
  score,
  box,
});
const OPTS = { nmsIou: 0.45, maxDetections: 100, duplicateIou: 0.85 };

Deno.test("planTiles: auto tiles only wide images; on tiles large ones; off never", () => {
  // KITTI 1242×375: squares of the image height, ≥ 20 % overlap, covering the width
  const kitti = planTiles(1242, 375, 416, "auto");
  assert.equal(kitti.length, 4);
  assert.ok(kitti.every((t) => t.side === 375 && t.top === 0));
  assert.equal(kitti[0].left, 0);
  assert.equal(kitti.at(-1)!.left + 375, 1242);
  for (let i = 1; i < kitti.length; i++) {
    assert.ok(kitti[i - 1].left + 375 - kitti[i].left >= MIN_OVERLAP * 375);
  }
  // an ordinary photo, even a large one, is not tiled in auto
  assert.deepEqual(planTiles(1920, 1440, 416, "auto"), []);
  assert.deepEqual(planTiles(768, 576, 416, "auto"), []);
  // on: tiles of at most twice the input, objects ≥ 1.5× larger
  const big = planTiles(1920, 1440, 416, "on");
  assert.ok(big.length > 1 && big.length <= MAX_TILES);
  assert.ok(big.every((t) => t.side <= 832 && t.left + t.side <= 1920 && t.top + t.side <= 1440));
  // on, but tiles would not enlarge anything enough
  assert.deepEqual(planTiles(768, 576, 416, "on"), []);
  assert.deepEqual(planTiles(1242, 375, 416, "off"), []);
  // a huge photo: tiles grow so that at most MAX_TILES run
  assert.ok(planTiles(8000, 6000, 416, "on").length <= MAX_TILES);
});

Deno.test("dropCutBoxes: a box touching an inner tile side is cut; the image border is not", () => {
  const tile = { left: 300, top: 0, side: 375 };
  const image = { width: 1242, height: 375 };
  const kept = dropCutBoxes(
    [
      d("car", 0.9, [301, 100, 340, 140]), // touches the inner left side
      d("car", 0.9, [600, 100, 675, 140]), // touches the inner right side (675)
      d("car", 0.9, [400, 300, 450, 375]), // bottom on the image border: kept
      d("car", 0.9, [400, 100, 450, 140]), // inside
    ],
    tile,
    image,
  );
  assert.deepEqual(kept.map((k) => k.box[0]), [400, 400]);
});

Deno.test("mergeTiled: tile boxes map back, duplicates of whole-image boxes merge, cut ones go", () => {
  const image = { width: 1242, height: 375 };
  const whole = [d("car", 0.6, [100, 150, 300, 250])];
  const tiles = [
    // the same car seen in the first tile, better scored: it wins
    { tile: { left: 0, top: 0, side: 375 }, detections: [d("car", 0.8, [102, 151, 301, 252])] },
    {
      tile: { left: 289, top: 0, side: 375 },
      detections: [
        d("car", 0.7, [0, 150, 11, 250]), // the car's right end, cut by the tile's left side
        d("person", 0.5, [300, 160, 312, 190]), // a small far person only the tile finds
      ],
    },
  ];
  const out = mergeTiled(whole, tiles, image, OPTS);
  assert.deepEqual(out.map((x) => [x.label, x.score]), [["car", 0.8], ["person", 0.5]]);
  assert.deepEqual(out[1].box, [589, 160, 601, 190]);
});

Deno.test("cropPixels copies the region row by row and refuses one outside the image", () => {
  const px = { width: 4, height: 3, data: Uint8Array.from({ length: 36 }, (_, i) => i) };
  const c = cropPixels(px, { left: 1, top: 1, width: 2, height: 2 });
  assert.deepEqual([...c.data], [15, 16, 17, 18, 19, 20, 27, 28, 29, 30, 31, 32]);
  assert.throws(() => cropPixels(px, { left: 3, top: 0, width: 2, height: 1 }), RangeError);
});
