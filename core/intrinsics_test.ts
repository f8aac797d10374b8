import assert from "node:assert/strict";
import {
  intrinsicsFor,
  intrinsicsFromExif35mm,
  intrinsicsFromFov,
  resolveIntrinsics,
} from "./intrinsics.ts";

Deno.test("field of view: 90° gives f = width / 2", () => {
  const k = intrinsicsFromFov(640, 480, 90);
  assert.ok(Math.abs(k.fx - 320) < 1e-9);
  assert.equal(k.source, "assumed_fov");
  assert.equal(k.cx, 320);
  assert.equal(k.cy, 240);
});

Deno.test("EXIF 35 mm: 36 mm equivalent maps the long side to f = long side", () => {
  const k = intrinsicsFromExif35mm(4000, 3000, 36);
  assert.equal(k.fx, 4000);
  assert.equal(k.source, "exif");
});

Deno.test("resolve order: given → scene → EXIF → assumed", () => {
  const scene = { fx: 500, fy: 500, cx: 300, cy: 200 };
  assert.equal(resolveIntrinsics(640, 480, { given: { fx: 800 }, scene, focal35mm: 28 }).fx, 800);
  assert.equal(resolveIntrinsics(640, 480, { given: { fx: 800 } }).fy, 800);
  assert.equal(resolveIntrinsics(640, 480, { scene, focal35mm: 28 }).source, "scene");
  assert.equal(resolveIntrinsics(640, 480, { focal35mm: 28 }).source, "exif");
  assert.equal(resolveIntrinsics(640, 480).source, "assumed_fov");
});

Deno.test("bad intrinsics name the field", () => {
  assert.throws(() => resolveIntrinsics(640, 480, { given: { fx: 0 } }), /fx: focal length/);
  assert.throws(() => resolveIntrinsics(640, 480, { given: { cx: NaN } }), /cx/);
  assert.throws(() => intrinsicsFromFov(0, 480), /width/);
  assert.throws(() => intrinsicsFromFov(640, 480, 180), /hfov/);
  assert.throws(() => intrinsicsFromExif35mm(640, 480, -1), /FocalLength/);
});

Deno.test("intrinsicsFor: image size first, then the scene camera, a full user set, else unknown", () => {
  const scene = { fx: 500, fy: 500, cx: 300, cy: 200 };
  assert.equal(intrinsicsFor({ width: 640, height: 480, scene }).source, "scene");
  assert.equal(intrinsicsFor({ width: 640, height: 480 }).source, "assumed_fov");
  assert.equal(intrinsicsFor({ scene }).fx, 500);
  const given = intrinsicsFor({ given: { fx: 800, cx: 320, cy: 240 } });
  assert.deepEqual([given.fx, given.fy, given.cx, given.source], [800, 800, 320, "given"]);
  assert.equal(intrinsicsFor({ given: { fx: 800 } }).source, "unknown");
});
