import assert from "node:assert/strict";
import type { Vec3 } from "../core/vec.ts";
import { parseScene } from "./schema.ts";
import { formatLayout, LAYOUT_DECIMALS, parseLayout } from "./spatiallm.ts";
import {
  BOX_FRONT_CONFIDENCE,
  fromSpatialLm,
  frontFromYaw,
  layoutToScene,
  OPENING_FRONT_CONFIDENCE,
  sceneToLayout,
  toSpatialLm,
  yawFromFront,
} from "./spatiallm_scene.ts";

const ROOM = await Deno.readTextFile(new URL("../tests/fixtures/room_layout.txt", import.meta.url));

const close = (a: readonly number[], b: readonly number[], tol: number, what = "") =>
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= tol, `${what} [${a}] vs [${b}]`));

Deno.test("fromSpatialLm: identity at the layout origin; a pose moves the observer there", () => {
  assert.deepEqual(fromSpatialLm([1.5, -2, 0.3]), [1.5, -2, 0.3]);
  // Standing at (1, 2, 0) facing the layout's −x (heading π/2): 1 m along −x is 1 m ahead,
  // the layout's +y is then on the right, and z stays up.
  const pose = { origin: [1, 2, 0] as Vec3, heading: Math.PI / 2 };
  close(fromSpatialLm([0, 2, 0], pose), [0, 1, 0], 1e-12);
  close(fromSpatialLm([1, 3, 0.5], pose), [1, 0, 0.5], 1e-12);
  close(fromSpatialLm([-1, 0, 0], pose, "direction"), [0, 1, 0], 1e-12);
  for (const p of [[0.3, -4, 2], [7, 1, -1]] as Vec3[]) {
    close(toSpatialLm(fromSpatialLm(p, pose), pose), p, 1e-12);
    close(toSpatialLm(fromSpatialLm(p, pose, "direction"), pose, "direction"), p, 1e-12);
  }
});

Deno.test("angle_z convention: 0 faces +y, counter-clockwise seen from above", () => {
  close(frontFromYaw(0), [0, 1, 0], 1e-12);
  close(frontFromYaw(Math.PI / 2), [-1, 0, 0], 1e-12);
  close(frontFromYaw(Math.PI), [0, -1, 0], 1e-12);
  close(frontFromYaw(-Math.PI / 2), [1, 0, 0], 1e-12);
  for (const a of [-3, -1, 0.2, 2.5]) {
    assert.ok(Math.abs(yawFromFront(frontFromYaw(a)) - a) < 1e-12);
  }
});

Deno.test("layoutToScene: walls, doors, windows and boxes become objects; no camera", () => {
  const s = layoutToScene(parseLayout(ROOM), { source: "room.txt" });
  assert.equal(s.no_camera, true);
  assert.deepEqual(s.objects.map((o) => o.id), [
    "wall_0",
    "wall_1",
    "wall_2",
    "wall_3",
    "door_0",
    "window_0",
    "sofa_0",
    "tv_0",
    "coffee_table_0",
    "chair_0",
  ]);
  const byId = new Map(s.objects.map((o) => [o.id, o]));
  const wall = byId.get("wall_0")!;
  assert.deepEqual(wall.center, [2.5, 0, 1.4]);
  assert.deepEqual(wall.size, [5, 0.2, 2.8]);
  close(wall.front!, [0, 1, 0], 1e-12, "wall_0 faces into the room");
  const door = byId.get("door_0")!;
  assert.equal(door.label, "door");
  assert.deepEqual(door.size, [0.9, 0.2, 2]);
  close(door.front!, [0, 1, 0], 1e-12, "door faces into the room");
  assert.equal(door.orientation_confidence, OPENING_FRONT_CONFIDENCE);
  assert.equal(door.wall_id, "wall_0");
  close(byId.get("window_0")!.front!, [-1, 0, 0], 1e-12, "window on the east wall faces west");
  const sofa = byId.get("sofa_0")!;
  close(sofa.front!, [0, -1, 0], 1e-4, "sofa at angle π faces −y");
  assert.equal(sofa.orientation_confidence, BOX_FRONT_CONFIDENCE);
  assert.deepEqual(sofa.size, [2, 0.9, 0.8]);
  assert.equal(byId.get("coffee_table_0")!.label, "coffee table");
});

Deno.test("layoutToScene: a viewpoint becomes the observer at the origin facing +y", () => {
  const s = layoutToScene(parseLayout(ROOM), { viewpoint: "door_0->sofa_0" });
  assert.equal(s.no_camera, undefined);
  assert.equal(s.viewpoint, "door_0->sofa_0");
  const at = (id: string) => s.objects.find((o) => o.id === id)!.center;
  close(at("door_0"), [0, 0, 0], 1e-12);
  // The sofa is straight ahead, at the horizontal distance from (1, 0) to (2.5, 3.5).
  close(at("sofa_0"), [0, Math.hypot(1.5, 3.5), -0.6], 1e-12);
  // Independently: with forward d = (1.5, 3.5), a point p is on the right when d × p < 0.
  const side = (x: number, y: number) => 1.5 * (y - 0) - 3.5 * (x - 1);
  assert.ok(side(4.7, 1.5) < 0 && at("tv_0")[0] > 0, "tv on the right");
  assert.ok(side(0.6, 2.5) > 0 && at("chair_0")[0] < 0, "chair on the left");
  const pointy = layoutToScene(parseLayout(ROOM), { viewpoint: "2.5,0.5,1.6->tv_0" });
  close(pointy.objects.find((o) => o.id === "tv_0")!.center, [0, Math.hypot(2.2, 1), -0.6], 1e-12);
  assert.throws(
    () => layoutToScene(parseLayout(ROOM), { viewpoint: "door_0->lamp_0" }),
    /--viewpoint: no object "lamp_0" in the layout/,
  );
  assert.throws(
    () => layoutToScene(parseLayout(ROOM), { viewpoint: "door_0" }),
    /--viewpoint: "door_0" is not A->B/,
  );
  assert.throws(
    () => layoutToScene(parseLayout(ROOM), { viewpoint: "1,2,x->sofa_0" }),
    /"1,2,x" is not a point x,y,z/,
  );
});

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const horizontalAngle = (a: Vec3, b: Vec3) =>
  Math.abs(Math.atan2(a[0] * b[1] - a[1] * b[0], a[0] * b[0] + a[1] * b[1]));

Deno.test("round trip scene → SpatialLM text → scene keeps centres, sizes and fronts", () => {
  const r = rng(17);
  const u = (lo: number, hi: number) => lo + (hi - lo) * r();
  const labels = ["chair", "dining table", "person", "tv", "potted plant"];
  const objects = Array.from({ length: 40 }, (_, i) => {
    const az = u(-Math.PI, Math.PI);
    const el = u(-0.5, 0.5);
    return {
      id: `o_${i}`,
      label: labels[i % labels.length],
      center: [u(-8, 8), u(0.5, 30), u(-2, 2)] as Vec3,
      size: [u(0.1, 3), u(0.1, 3), u(0.1, 3)] as Vec3,
      front: [-Math.sin(az) * Math.cos(el), Math.cos(az) * Math.cos(el), Math.sin(el)] as Vec3,
      orientation_confidence: 0.9,
    };
  });
  const scene = parseScene({ objects });
  const back = layoutToScene(parseLayout(formatLayout(sceneToLayout(scene))));
  const len = 0.5 * 10 ** -LAYOUT_DECIMALS.length + 1e-12;
  const ang = 0.5 * 10 ** -LAYOUT_DECIMALS.angle + 1e-12;
  assert.equal(back.objects.length, objects.length);
  back.objects.forEach((o, i) => {
    const src = objects[i];
    assert.equal(o.label, src.label);
    close(o.center, src.center, len, `centre ${i}`);
    close(o.size!, src.size, len, `size ${i}`);
    assert.ok(horizontalAngle(o.front!, src.front) <= ang, `front ${i}`);
  });
});

Deno.test("round trip of a layout scene keeps walls, doors and windows, also through a pose", () => {
  for (const viewpoint of [undefined, "door_0->sofa_0"]) {
    const scene = layoutToScene(parseLayout(ROOM), { viewpoint });
    const text = formatLayout(sceneToLayout(scene));
    const back = layoutToScene(parseLayout(text), { viewpoint });
    assert.deepEqual(back.objects.map((o) => o.id), scene.objects.map((o) => o.id));
    back.objects.forEach((o, i) => {
      const src = scene.objects[i];
      close(o.center, src.center, 2e-3, `${o.id} centre`);
      close(o.size!, src.size!, 1e-3, `${o.id} size`);
      close(o.front!, src.front!, 1e-3, `${o.id} front`);
      assert.equal(o.wall_id, src.wall_id);
    });
  }
  // Without a pose the written walls are the original segments (either corner order).
  const walls = parseLayout(formatLayout(sceneToLayout(layoutToScene(parseLayout(ROOM))))).walls;
  parseLayout(ROOM).walls.forEach((w, i) => {
    const same = (p: Vec3, q: Vec3) => p.every((x, k) => Math.abs(x - q[k]) < 1e-9);
    const got = walls[i];
    assert.ok(
      same(got.a, w.a) && same(got.b, w.b) || same(got.a, w.b) && same(got.b, w.a),
      `${w.id}: ${JSON.stringify(got)}`,
    );
  });
});

Deno.test("sceneToLayout: objects without front or size, doors off any wall become boxes", () => {
  const l = sceneToLayout(parseScene({
    objects: [
      { label: "dog", center: [1, 2, 0] },
      { label: "door", center: [0, 3, 0], size: [0.9, 0.1, 2], wall_id: "wall_9" },
    ],
  }));
  assert.deepEqual(l.boxes.map((b) => [b.className, b.angleZ, b.scale]), [
    ["dog", 0, [0, 0, 0]],
    ["door", 0, [0.9, 0.1, 2]],
  ]);
  // All-zero scales (unknown size) read back as no size.
  assert.equal(layoutToScene(l).objects[0].size, undefined);
});
