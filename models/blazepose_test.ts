import assert from "node:assert/strict";
import { anglesFromFront, toOpenCv } from "../core/frame.ts";
import { intrinsicsFromFov } from "../core/intrinsics.ts";
import type { Vec3 } from "../core/vec.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { estimatePersonFront, personFront, POSE_INPUT, type PoseOutputs } from "./blazepose.ts";
import { configFromEnv } from "./config.ts";
import { loadImage } from "./image.ts";
import { getModelSpec } from "./registry.ts";

/**
 * A synthetic person in the crop view (our axes: x right, y along the ray, z up) facing
 * azimuth `az` (0 = toward the camera), head turned by `headTurn` degrees; world landmarks in
 * OpenCV axes and 2-D landmarks by orthographic projection, as the model reports them.
 */
function syntheticPose(az: number, headTurn = 0, flag = 0.99): PoseOutputs {
  const a = az * Math.PI / 180;
  const left: Vec3 = [Math.cos(a), Math.sin(a), 0]; // the person's own left
  const h = (az + headTurn) * Math.PI / 180;
  const headFront: Vec3 = [Math.sin(h), -Math.cos(h), 0];
  const headLeft: Vec3 = [Math.cos(h), Math.sin(h), 0];
  const pts = new Map<number, Vec3>();
  const at = (side: Vec3, s: number, z: number, f: Vec3 = [0, 0, 0], k = 0): Vec3 => [
    side[0] * s + f[0] * k,
    side[1] * s + f[1] * k,
    z,
  ];
  pts.set(11, at(left, 0.2, 0.5));
  pts.set(12, at(left, -0.2, 0.5));
  pts.set(23, at(left, 0.12, 0));
  pts.set(24, at(left, -0.12, 0));
  pts.set(7, at(headLeft, 0.08, 0.7));
  pts.set(8, at(headLeft, -0.08, 0.7));
  pts.set(0, at(headLeft, 0, 0.68, headFront, 0.1));
  const world = new Float32Array(39 * 3);
  const landmarks = new Float32Array(39 * 5);
  for (const [i, p] of pts) {
    world.set(toOpenCv(p), 3 * i);
    landmarks[5 * i] = POSE_INPUT / 2 + p[0] * 200; // image x grows with our x
    landmarks[5 * i + 1] = POSE_INPUT / 2 - p[2] * 200;
  }
  return { world, landmarks, poseFlag: flag };
}

const azimuth = (f: Vec3) => anglesFromFront(f).azimuthDeg;
const near = (a: number, b: number, tol: number) => Math.abs(((a - b + 540) % 360) - 180) <= tol;

Deno.test("torso normal: a synthetic pose's facing is recovered on the optical axis", () => {
  for (const az of [0, 45, 90, 150, 180, 270, 300]) {
    const r = personFront(syntheticPose(az), [0, 1, 0])!;
    assert.ok(near(azimuth(r.front), az, 0.5), `az ${az}: got ${azimuth(r.front)}`);
    assert.ok(r.confidence > 0.98, `az ${az}: confidence ${r.confidence}`);
  }
});

Deno.test("the crop's front is rotated by the viewing ray", () => {
  // Facing along its own view ray, away from the camera, off to the right by 30°: the front
  // is the ray itself, (sin 30°, cos 30°, 0), whose azimuth is 180° − 30°.
  const ray: Vec3 = [Math.sin(Math.PI / 6), Math.cos(Math.PI / 6), 0];
  const r = personFront(syntheticPose(180), ray)!;
  assert.ok(near(azimuth(r.front), 150, 0.5), `got ${azimuth(r.front)}`);
  assert.ok(near(azimuth(r.viewFront), 180, 0.5));
});

Deno.test("confidence: 2-D shoulder order and head direction are second opinions", () => {
  const base = personFront(syntheticPose(0), [0, 1, 0])!;
  assert.equal(base.shoulderOrder, "agrees");
  const swapped = syntheticPose(0);
  const [l, r] = [swapped.landmarks[55], swapped.landmarks[60]];
  swapped.landmarks[55] = r;
  swapped.landmarks[60] = l;
  const bad = personFront(swapped, [0, 1, 0])!;
  assert.equal(bad.shoulderOrder, "contradicts");
  assert.ok(bad.confidence < 0.5);
  const side = personFront(syntheticPose(90), [0, 1, 0])!;
  assert.equal(side.shoulderOrder, "side view");
  const turned = personFront(syntheticPose(0, 170), [0, 1, 0])!;
  assert.ok(turned.headAngleDeg! > 160);
  assert.ok(turned.confidence < 0.5 && turned.confidence > 0.3);
  const looking = personFront(syntheticPose(0, 40), [0, 1, 0])!;
  assert.ok(looking.confidence > 0.98, "a head turned 40° costs nothing");
  assert.ok(personFront(syntheticPose(0, 0, 0.2), [0, 1, 0])!.confidence < 0.25);
});

Deno.test("real photos: person.jpg's person faces away, the astronaut faces the camera", async () => {
  if (!hasShared("images/person.jpg") || !hasShared("images/astronaut.png")) return;
  const spec = getModelSpec("blazepose-full");
  const cfg = { ...configFromEnv(), executionProviders: ["cpu"], threads: 2 };
  const cases: [string, [number, number, number, number], (az: number) => boolean][] = [
    ["person.jpg", [188, 97, 277, 372], (az) => az > 120 && az < 240],
    ["astronaut.png", [11, 20, 368, 507], (az) => az < 45 || az > 315],
  ];
  for (const [file, box, ok] of cases) {
    const image = await loadImage(`${SHARED_DIR}/images/${file}`);
    const camera = intrinsicsFromFov(image.width, image.height);
    const r = await estimatePersonFront(image, box, camera, spec, cfg);
    assert.ok(r, file);
    const az = azimuth(r.front);
    assert.ok(ok(az), `${file}: azimuth ${az.toFixed(1)}`);
    assert.ok(r.confidence >= 0.5, `${file}: confidence ${r.confidence}`);
  }
});

Deno.test("world-landmark axes and handedness, on TensorFlow Lite's own outputs", async () => {
  if (!hasShared("data/tflite_ref/index.json")) return;
  const dir = `${SHARED_DIR}/data/tflite_ref`;
  const cases = JSON.parse(await Deno.readTextFile(`${dir}/index.json`)) as {
    name: string;
    kind: string;
    facing: string | null;
    outputs: Record<string, { file: string }>;
  }[];
  const f32 = async (file: string) => {
    const b = await Deno.readFile(`${dir}/${file}`);
    return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  };
  let checked = 0;
  for (const c of cases.filter((c) => c.kind === "pose" && c.facing)) {
    const out: PoseOutputs = {
      landmarks: await f32(c.outputs.Identity.file),
      world: await f32(c.outputs.Identity_4.file),
      poseFlag: (await f32(c.outputs.Identity_1.file))[0],
    };
    const r = personFront(out, [0, 1, 0])!;
    const away = /^away/.test(c.facing!);
    // Facing away: the front points along +y (ours), i.e. world z > 0 in the model's axes.
    assert.equal(r.viewFront[1] > 0.5, away, `${c.name}: ${c.facing}, front ${r.viewFront}`);
    assert.equal(r.shoulderOrder, "agrees", c.name);
    checked++;
  }
  assert.ok(checked >= 3);
});
