import assert from "node:assert/strict";
import { intrinsicsFromFov } from "../core/intrinsics.ts";
import { COCO_LABELS } from "./coco.ts";
import { ASSUMED_FOV_SPREAD, SIZE_PRIORS, sizePriorDepth } from "./size_prior.ts";

const camera = { fx: 1000, fy: 1000, cx: 500, cy: 400, source: "given" as const };
const image = { width: 1000, height: 800 };

Deno.test("every COCO class has a size prior with positive sizes and spreads", () => {
  for (const l of COCO_LABELS) {
    const p = SIZE_PRIORS[l];
    assert.ok(p, l);
    assert.ok(p.h > 0 && p.w > 0 && p.sh > 0 && p.sw > 0, l);
  }
});

Deno.test("size prior: a 1.7 m person 170 px tall is ~10 m away, height dominating", () => {
  // 60 px wide = 0.6 m at 10 m: both sides agree
  const d = sizePriorDepth("person", [400, 300, 460, 470], camera, image)!;
  assert.ok(Math.abs(d.value - 10) < 1e-9);
  assert.equal(d.used, "height+width");
  const only = 1 / Math.sqrt(1 / 0.12 ** 2 + 1 / 0.45 ** 2);
  assert.ok(Math.abs(d.uncertainty - 10 * only) < 1e-9);
  // a wider box pulls the estimate only slightly: the width spread is larger
  const wide = sizePriorDepth("person", [400, 300, 500, 470], camera, image)!;
  assert.ok(wide.value < 10 && wide.value > 8.5, String(wide.value));
});

Deno.test("size prior skips a side cut by the border and widens the spread when both are", () => {
  // box touches the bottom: only the width is used (0.6 m over 60 px at f = 1000 → 10 m)
  const cut = sizePriorDepth("person", [400, 700, 460, 800], camera, image)!;
  assert.ok(Math.abs(cut.value - 10) < 1e-9);
  assert.equal(cut.used, "width (height cut by the image border)");
  const both = sizePriorDepth("car", [0, 0, 1000, 800], camera, image)!;
  assert.match(both.used, /upper bound/);
  assert.ok(Math.abs(both.uncertainty / both.value - 2 * 0.12) < 1e-9);
  assert.equal(sizePriorDepth("unicorn", [0, 0, 1, 1], camera, image), undefined);
});

Deno.test("size prior adds the focal-length spread when the field of view was assumed", () => {
  const assumed = intrinsicsFromFov(1000, 800);
  const a = sizePriorDepth("car", [400, 300, 500, 400], assumed, image)!;
  const g = sizePriorDepth("car", [400, 300, 500, 400], { ...assumed, source: "given" }, image)!;
  assert.equal(a.value, g.value);
  const rel = (x: { value: number; uncertainty: number }) => (x.uncertainty / x.value) ** 2;
  assert.ok(Math.abs(rel(a) - rel(g) - ASSUMED_FOV_SPREAD ** 2) < 1e-12);
});
