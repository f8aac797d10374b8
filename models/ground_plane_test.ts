import assert from "node:assert/strict";
import type { Box } from "./boxes.ts";
import { estimateGroundPlane, groundDistance, horizonRow } from "./ground_plane.ts";
import { SIZE_PRIORS } from "./size_prior.ts";

const camera = { fx: 1000, fy: 1000, cx: 640, cy: 360 };

/** Row of a point `up` metres above the ground at horizontal distance D (camera H, pitch θ°). */
function row(H: number, pitchDeg: number, D: number, up: number): number {
  return camera.cy + camera.fy * Math.tan(Math.atan((H - up) / D) + pitchDeg * Math.PI / 180);
}

/** Renders upright objects of known height at horizontal distance D to boxes. */
export function render(
  H: number,
  pitchDeg: number,
  objs: { label: string; D: number; x: number; h?: number }[],
): { label: string; box: Box; topVisible: boolean; bottomVisible: boolean }[] {
  return objs.map((o) => {
    const h = o.h ?? SIZE_PRIORS[o.label].h;
    const w = SIZE_PRIORS[o.label].w;
    const u = camera.cx + camera.fx * o.x / o.D;
    const half = camera.fx * w / 2 / o.D;
    const box: Box = [u - half, row(H, pitchDeg, o.D, h), u + half, row(H, pitchDeg, o.D, 0)];
    return { label: o.label, box, topVisible: true, bottomVisible: true };
  });
}

const street = [
  { label: "person", D: 6, x: -1 },
  { label: "car", D: 12, x: 2 },
  { label: "person", D: 20, x: 3 },
  { label: "car", D: 30, x: -4 },
  { label: "bus", D: 40, x: 5 },
  { label: "person", D: 9, x: 1 },
  { label: "truck", D: 25, x: -3 },
  { label: "bicycle", D: 15, x: 2.5 },
];

Deno.test("ground plane: camera height and pitch recovered from rendered boxes", () => {
  for (const [H, pitch] of [[1.65, 0], [1.2, -8], [3, 5], [1.6, 2.5]]) {
    const g = estimateGroundPlane(render(H, pitch, street), camera);
    assert.ok(Math.abs(g.cameraHeight / H - 1) < 0.05, `H ${g.cameraHeight} vs ${H}`);
    assert.ok(Math.abs(g.pitchDeg - pitch) < 1, `pitch ${g.pitchDeg} vs ${pitch}`);
    assert.ok(Math.abs(g.horizonRow - horizonRow(camera, pitch)) < 20);
    assert.equal(g.source, "objects");
    assert.equal(g.objectsUsed, street.length);
    assert.ok(g.cameraHeightLogSigma > 0 && g.pitchSigmaDeg > 0);
  }
});

Deno.test("ground plane: a few objects with wrong priors do not wreck the fit", () => {
  const H = 1.5, pitch = -3;
  const scene = [
    ...street,
    { label: "person", D: 9, x: 0, h: 1.1 }, // a child
    { label: "horse", D: 15, x: -2, h: 1.0 }, // a foal
    { label: "car", D: 8, x: 1.5 },
    { label: "person", D: 14, x: -3 },
  ];
  const g = estimateGroundPlane(render(H, pitch, scene), camera);
  assert.ok(Math.abs(g.cameraHeight / H - 1) < 0.1, `H ${g.cameraHeight}`);
  assert.ok(Math.abs(g.pitchDeg - pitch) < 1, `pitch ${g.pitchDeg}`);
});

Deno.test("ground plane: one object falls back to the priors; pitch evidence is used", () => {
  const one = render(1.65, 4, street.slice(0, 1));
  const g = estimateGroundPlane(one, camera);
  assert.equal(g.source, "prior");
  assert.equal(g.pitchDeg, 0);
  assert.equal(g.cameraHeight, 1.6);
  assert.match(g.note, /only one/);
  const e = estimateGroundPlane(one, camera, { pitch: { deg: 4, sigmaDeg: 0.5, source: "floor" } });
  assert.equal(e.pitchDeg, 4);
  assert.equal(e.source, "prior+floor");
  const hidden = render(1.65, 0, street).map((o) => ({ ...o, bottomVisible: false }));
  assert.equal(estimateGroundPlane(hidden, camera).objectsUsed, 0);
  // pitch evidence with several objects: the fit keeps the pitch near the evidence
  const f = estimateGroundPlane(render(2, -6, street), camera, {
    pitch: { deg: -6, sigmaDeg: 0.2, source: "floor" },
  });
  assert.ok(Math.abs(f.pitchDeg + 6) < 0.3 && Math.abs(f.cameraHeight / 2 - 1) < 0.05);
  assert.equal(f.source, "objects+floor");
});

Deno.test("groundDistance inverts the rendering; undefined above the horizon", () => {
  assert.ok(Math.abs(groundDistance(camera, row(1.65, 3, 17, 0), 1.65, 3)! - 17) < 1e-9);
  assert.equal(groundDistance(camera, camera.cy - 5, 1.65, 0), undefined);
});

Deno.test("ground plane: steep pitch evidence (a chair seen from above) is searched around", () => {
  // looking 45° down at furniture 2–4 m away: beyond the ±30° the level prior searches
  const room = [
    { label: "chair", D: 2, x: -0.5 },
    { label: "chair", D: 3, x: 0.8 },
    { label: "dining table", D: 4, x: 0 },
    { label: "couch", D: 5, x: -1.5 },
    { label: "person", D: 4.5, x: 1.5 },
  ];
  const g = estimateGroundPlane(render(1.5, -45, room), camera, {
    pitch: { deg: -47, sigmaDeg: 8, source: "objectron chair_1" },
  });
  assert.ok(Math.abs(g.pitchDeg + 45) < 1, `pitch ${g.pitchDeg}`);
  assert.ok(Math.abs(g.cameraHeight / 1.5 - 1) < 0.05, `H ${g.cameraHeight}`);
  assert.equal(g.source, "objects+objectron chair_1");
});

Deno.test("ground plane: far objects on rising ground (not the camera's plane) keep H within 10 %", () => {
  const H = 1.65, pitch = 0;
  const near = render(H, pitch, [
    { label: "person", D: 6, x: -1 },
    { label: "car", D: 12, x: 2 },
    { label: "person", D: 9, x: 1 },
    { label: "bicycle", D: 15, x: 2.5 },
  ]);
  // the road 50–70 m ahead is 0.6 m higher (1 % of the distance): seen from 1.05 m above it
  const far = render(H - 0.6, pitch, [
    { label: "car", D: 50, x: -3 },
    { label: "car", D: 60, x: 3 },
    { label: "truck", D: 70, x: 0 },
  ]);
  const g = estimateGroundPlane([...near, ...far], camera);
  assert.ok(Math.abs(g.cameraHeight / H - 1) < 0.1, `H ${g.cameraHeight}`);
  assert.ok(Math.abs(g.pitchDeg - pitch) < 1, `pitch ${g.pitchDeg}`);
});

Deno.test("ground plane: a higher camera and a higher horizon trade off (negative covariance)", () => {
  // three objects far out, near the horizon: height and pitch are nearly interchangeable
  const far = render(1.65, 0, [
    { label: "car", D: 40, x: -3 },
    { label: "car", D: 55, x: 3 },
    { label: "person", D: 45, x: 1 },
  ]);
  const g = estimateGroundPlane(far, camera);
  const rho = g.heightPitchCov! / (g.cameraHeightLogSigma * g.pitchSigmaDeg);
  assert.ok(rho < -0.3 && rho >= -1, `correlation ${rho}`);
  // the prior alone has none
  assert.equal(estimateGroundPlane(far.slice(0, 1), camera).heightPitchCov, 0);
});
