import assert from "node:assert/strict";
import { gravityAlign } from "../core/frame.ts";
import { backProject } from "../core/pinhole.ts";
import type { Box } from "./boxes.ts";
import { render } from "./ground_plane_test.ts";
import {
  boundByOccluders,
  enforceOcclusionOrder,
  objectDepths,
  visibility,
} from "./object_depth.ts";
import { ASSUMED_FOV_SPREAD, SIZE_PRIORS } from "./size_prior.ts";

const camera = { fx: 1000, fy: 1000, cx: 640, cy: 360, source: "given" as const };
const image = { width: 1280, height: 720 };

/** A street with no two boxes overlapping (occlusion is tested on its own below). */
const street = [
  { label: "person", D: 8, x: -1.5 },
  { label: "car", D: 12, x: 3 },
  { label: "person", D: 20, x: 8 },
  { label: "car", D: 30, x: -3 },
  { label: "bus", D: 40, x: 22 },
  { label: "person", D: 9, x: 0.8 },
  { label: "truck", D: 25, x: -12 },
  { label: "bicycle", D: 15, x: -5 },
];

Deno.test("object depths: rendered street, known pose → distances within 2 %", () => {
  for (const [H, pitch] of [[1.65, 0], [1.3, -6], [2.2, 2]]) {
    const boxes = render(H, pitch, street);
    const inputs = boxes.map((b, i) => ({ id: `o${i}`, label: b.label, box: b.box }));
    const r = objectDepths(inputs, camera, image);
    assert.equal(r.ground.source, "objects");
    assert.ok(Math.abs(r.ground.cameraHeight / H - 1) < 0.05, `H ${r.ground.cameraHeight}`);
    assert.ok(Math.abs(r.ground.pitchDeg - pitch) < 1, `pitch ${r.ground.pitchDeg}`);
    assert.ok(r.objects.every((o) => o.visibility.behind.length === 0));
    for (const [i, o] of r.objects.entries()) {
      const s = street[i];
      // the object's centre: its front face is at D, the centre half its typical depth further
      const forward = s.D + SIZE_PRIORS[s.label].w / 2;
      const b = inputs[i].box;
      const p = gravityAlign(backProject(camera, (b[0] + b[2]) / 2, (b[1] + b[3]) / 2, o.value), {
        pitchDeg: pitch,
        rollDeg: 0,
      });
      assert.ok(Math.abs(p[1] / forward - 1) < 0.02, `${s.label} at ${forward}: ${p[1]}`);
      assert.ok(o.size, s.label);
      // near contacts give the ground cue too; a far one (40 m) may be too uncertain (the ground
      // that far is not the camera's plane), and the notes say so
      if (o.ground) {
        assert.ok(o.uncertainty < Math.min(o.ground.uncertainty, o.size.uncertainty) + 1e-9);
      } else {
        assert.ok(s.D > 30, `both cues used: ${s.label} ${o.notes.join("; ")}`);
        assert.ok(o.notes.some((n) => /ground cue unused/.test(n)), s.label);
      }
    }
  }
});

Deno.test("visibility: the box whose bottom is lower hides the other's covered edges", () => {
  const front: Box = [100, 100, 300, 400];
  const back: Box = [150, 50, 260, 300]; // bottom inside the front box, top above it
  const v = visibility([
    { id: "horse_1", label: "horse", box: front },
    { id: "horse_2", label: "horse", box: back },
    { id: "cup_1", label: "cup", box: [160, 200, 170, 210] }, // not ground-standing: ignored
    { id: "car_1", label: "car", box: [1100, 300, 1280, 400] },
  ], image);
  // its bottom, and its sides over most of their length, lie inside the front box
  assert.deepEqual(v.get("horse_2")!.occluded, { bottom: true, left: true, right: true });
  assert.deepEqual(v.get("horse_2")!.behind, ["horse_1"]);
  assert.deepEqual(v.get("horse_1")!.behind, []);
  assert.deepEqual(v.get("cup_1")!.behind, []);
  assert.equal(v.get("car_1")!.border.right, true);
});

Deno.test("object depths: a hidden bottom loses the ground cue and the trace notes say so", () => {
  const boxes = render(1.6, 0, street.slice(0, 4));
  const inputs = boxes.map((b, i) => ({ id: `o${i}`, label: b.label, box: b.box }));
  // a horse half hidden behind the near person's box, with its bottom inside it
  const p = inputs[0].box;
  inputs.push({ id: "horse_1", label: "horse", box: [p[0] + 5, p[1] + 20, p[2] + 20, p[3] - 30] });
  const r = objectDepths(inputs, camera, image);
  const h = r.objects.find((o) => o.id === "horse_1")!;
  assert.equal(h.ground, undefined);
  assert.equal(h.visibility.occluded.bottom, true);
  assert.ok(h.notes.some((n) => /bottom.* hidden behind o0/.test(n)), h.notes.join("; "));
  assert.ok(h.notes.includes("ground cue lost: bottom edge not visible"));
  // the occlusion order holds: never nearer than the person hiding it
  const o0 = r.objects.find((o) => o.id === "o0")!;
  assert.ok(h.value >= o0.value - 1e-9);
});

Deno.test("occlusion order pools a violating pair and widens the uncertainty", () => {
  const vis = (behind: string[]) => ({ border: {}, occluded: {}, behind });
  const rs = [
    { id: "a", value: 10, uncertainty: 1, visibility: vis([]), notes: [] },
    { id: "b", value: 6, uncertainty: 1, visibility: vis(["a"]), notes: [] as string[] },
  ];
  enforceOcclusionOrder(rs);
  assert.equal(rs[0].value, 8);
  assert.equal(rs[1].value, 8);
  assert.ok(rs[1].uncertainty >= 2);
  assert.match(rs[1].notes[0], /occlusion order/);
});

Deno.test("object depths: an assumed field of view widens every uncertainty", () => {
  const inputs = [{ id: "c", label: "cup", box: [600, 300, 690, 400] as Box }];
  const g = objectDepths(inputs, camera, image).objects[0];
  const a = objectDepths(inputs, { ...camera, source: "assumed_fov" }, image).objects[0];
  assert.equal(a.value, g.value);
  const rel = (x: { value: number; uncertainty: number }) => (x.uncertainty / x.value) ** 2;
  assert.ok(Math.abs(rel(a) - rel(g) - ASSUMED_FOV_SPREAD ** 2) < 1e-12);
  assert.equal(
    objectDepths([{ id: "x", label: undefined, box: [0, 0, 1, 1] }], camera, image)
      .objects.length,
    0,
  );
});

Deno.test("an object hidden on both axes behind another lies between the two bounds", () => {
  const vis = (behind: string[]) => ({ border: {}, occluded: {}, behind });
  const rs = [
    { id: "a", value: 10, uncertainty: 1, visibility: vis([]), notes: [] as string[] },
    { id: "b", value: 40, uncertainty: 20, visibility: vis(["a"]), upperBound: true, notes: [] },
  ];
  boundByOccluders(rs);
  assert.equal(rs[1].value, 20);
  const logSigma = Math.sqrt(Math.log(4) ** 2 / 12 + (1 / 10) ** 2);
  assert.ok(Math.abs(rs[1].uncertainty - 20 * logSigma) < 1e-9);
  assert.match(rs[1].notes[0], /only bounded: behind a/);
  assert.equal(rs[0].value, 10);
});
