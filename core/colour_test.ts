import assert from "node:assert/strict";
import { boxColours, colourWord, nameColour } from "./colour.ts";

Deno.test("nameColour: the documented bins", () => {
  const cases: [number[], string][] = [
    [[10, 10, 10], "black"],
    [[250, 250, 250], "white"],
    [[128, 128, 128], "gray"],
    [[220, 20, 30], "red"],
    [[250, 140, 20], "orange"],
    [[120, 70, 20], "brown"],
    [[240, 220, 30], "yellow"],
    [[30, 180, 40], "green"],
    [[30, 60, 220], "blue"],
    [[140, 40, 200], "purple"],
    [[240, 60, 180], "pink"],
  ];
  for (const [[r, g, b], want] of cases) assert.equal(nameColour(r, g, b), want, `${r},${g},${b}`);
});

Deno.test("boxColours: shares of the inner part of the box", () => {
  const width = 100, height = 50;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      // Left half red, right half blue, a white frame on three sides of the left box.
      const frame = x < 50 && (x < 5 || y < 5 || y > 44);
      data.set(frame ? [255, 255, 255] : x < 50 ? [200, 20, 20] : [20, 40, 200], i);
    }
  }
  const image = { width, height, data, sha256: "" };
  assert.deepEqual(boxColours(image, [0, 0, 50, 50]), { red: 1 });
  const both = boxColours(image, [25, 0, 75, 50]);
  assert.ok(Math.abs(both.red! - 0.5) < 0.05 && Math.abs(both.blue! - 0.5) < 0.05);
  assert.equal(colourWord("grey"), "gray");
  assert.equal(colourWord("wooden"), undefined);
});
