import assert from "node:assert/strict";
import { packChw, resizeIntoChw, type RgbPixels } from "./pixels.ts";

const RAW_RGB = { scale: 1, mean: [0, 0, 0], std: [1, 1, 1], order: "rgb" } as const;

/** A w × h image whose red channel is x·10 + y, green 100 + x, blue 200 − y. */
function ramp(w: number, h: number): RgbPixels {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) data.set([x * 10 + y, 100 + x, 200 - y], (y * w + x) * 3);
  }
  return { width: w, height: h, data };
}

Deno.test("resizeIntoChw at the same size equals packChw", () => {
  const px = ramp(7, 5);
  for (const order of ["rgb", "bgr"] as const) {
    const norm = { scale: 1 / 255, mean: [0.1, 0.2, 0.3], std: [0.5, 0.6, 0.7], order } as const;
    const a = resizeIntoChw(
      px,
      7,
      5,
      { ...norm, mean: [...norm.mean], std: [...norm.std] },
      new Float32Array(3 * 35),
    );
    const b = packChw(
      px,
      { ...norm, mean: [...norm.mean], std: [...norm.std] },
      new Float32Array(3 * 35),
    );
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5, `${order} ${i}: ${v} vs ${b[i]}`));
  }
});

Deno.test("resizeIntoChw halving averages 2×2 blocks (pixel centres, as cv2 INTER_LINEAR)", () => {
  const px = ramp(8, 6);
  const out = resizeIntoChw(
    px,
    4,
    3,
    { ...RAW_RGB, mean: [0, 0, 0], std: [1, 1, 1] },
    new Float32Array(3 * 12),
  );
  for (let y = 0; y < 3; y++) {
    for (let x = 0; x < 4; x++) {
      // red = x·10 + y is linear, so the block mean is at (2x + 0.5, 2y + 0.5)
      assert.ok(Math.abs(out[y * 4 + x] - ((2 * x + 0.5) * 10 + 2 * y + 0.5)) < 1e-4);
      assert.ok(Math.abs(out[24 + y * 4 + x] - (200 - (2 * y + 0.5))) < 1e-4);
    }
  }
});

Deno.test("resizeIntoChw writes only its w × h corner of a larger canvas; edges clamp", () => {
  const px = ramp(3, 3);
  const out = new Float32Array(3 * 25).fill(-1);
  resizeIntoChw(px, 4, 2, { ...RAW_RGB, mean: [0, 0, 0], std: [1, 1, 1] }, out, 5, 5);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 5; x++) {
        const v = out[c * 25 + y * 5 + x];
        assert.equal(v === -1, x >= 4 || y >= 2, `c${c} (${x},${y}) = ${v}`);
      }
    }
  }
  // Column 0 samples left of pixel 0's centre and column 3 right of pixel 2's: both clamp.
  // Row 0 samples y = 0.25 (red = x·10 + y).
  assert.ok(Math.abs(out[0] - 0.25) < 1e-5, `${out[0]}`);
  assert.ok(Math.abs(out[3] - 20.25) < 1e-5, `${out[3]}`);
});
