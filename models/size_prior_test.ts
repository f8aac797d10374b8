import assert from "node:assert/strict";
import { COCO_LABELS } from "./coco.ts";
import { borderEdges, PERSON_SHOULDERS, SIZE_PRIORS, sizeCue } from "./size_prior.ts";

const camera = { fx: 1000, fy: 1000, cx: 500, cy: 400 };
const image = { width: 1000, height: 800 };

Deno.test("every COCO class has a size prior with positive sizes and spreads", () => {
  for (const l of COCO_LABELS) {
    const p = SIZE_PRIORS[l];
    assert.ok(p, l);
    assert.ok(p.h > 0 && p.w > 0 && p.sh > 0 && p.sw > 0, l);
  }
});

Deno.test("size cue: a 1.7 m person 170 px tall is ~10 m away, height dominating", () => {
  // 60 px wide = 0.6 m at 10 m: both sides agree
  const d = sizeCue("person", [400, 300, 460, 470], camera, {})!;
  // 10 m to the front face, + half the typical depth extent (0.3 m) to the centre
  assert.ok(Math.abs(Math.exp(d.logDepth) - 10.3) < 1e-9);
  assert.equal(d.used, "height+width");
  const p = SIZE_PRIORS.person;
  assert.ok(Math.abs(d.variance - 1 / (1 / p.sh ** 2 + 1 / p.sw ** 2)) < 1e-12);
  // a wider box pulls the estimate only slightly: the width spread is larger
  const wide = sizeCue("person", [400, 300, 500, 470], camera, {})!;
  const v = Math.exp(wide.logDepth);
  assert.ok(v < 10 && v > 8.5, String(v));
});

Deno.test("size cue skips a hidden side; a person without legs is measured by the shoulders", () => {
  const box = [400, 700, 460, 800] as [number, number, number, number];
  const cut = sizeCue("person", box, camera, borderEdges(box, image))!;
  // 0.5 m shoulders over 60 px at f = 1000
  assert.ok(Math.abs(Math.exp(cut.logDepth) - (1000 * PERSON_SHOULDERS.w / 60 + 0.3)) < 1e-9);
  assert.match(cut.used, /^width, width of head and shoulders \(height cut or hidden\)/);
  // a car hidden at the bottom by another box: only its width is used
  const car = sizeCue("car", [100, 100, 380, 200], camera, { bottom: true })!;
  assert.equal(car.used, "width (height cut or hidden)");
  const both = sizeCue("car", [0, 0, 1000, 800], camera, borderEdges([0, 0, 1000, 800], image))!;
  assert.match(both.used, /upper bound/);
  assert.ok(Math.abs(Math.sqrt(both.variance) - 2 * SIZE_PRIORS.car.sh) < 1e-9);
  assert.equal(sizeCue("unicorn", [0, 0, 1, 1], camera, {}), undefined);
});
