import assert from "node:assert/strict";
import { intrinsicsFromFov } from "../core/intrinsics.ts";
import type { RgbImage } from "../core/image.ts";
import { configurePerception } from "../models/config.ts";
import { loadImage } from "../models/image.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { releaseSessions } from "../models/runtime.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { chairPitchEvidence, MIN_ORIENTATION_BOX_PX } from "./estimate_orientation.ts";
import { CHAIR_PITCH_SIGMA_DEG } from "../models/objectron.ts";
import { defaultRegistry } from "./index.ts";
import { MIN_ORIENTATION_CONFIDENCE } from "./refs.ts";
import { createWorkspace, type Workspace } from "./workspace.ts";

const reg = defaultRegistry();

interface Row {
  id: string;
  front: number[] | null;
  azimuth_deg?: number;
  facing?: string;
  confidence: number;
  source: string;
  reason?: string;
  camera_pitch_deg?: number;
}

async function orient(ws: Workspace): Promise<Row[]> {
  const r = await reg.call("estimate_orientation", {}, { workspace: ws });
  assert.ok(r.ok, r.ok ? "" : r.error);
  return (r.output as { objects: Row[] }).objects;
}

async function withCpu(fn: () => Promise<void>) {
  // orient-anything absent (empty dir): the offline models answer.
  const modelsDir = await Deno.makeTempDir({ prefix: "orient_" });
  configurePerception({ modelsDir, executionProviders: ["cpu"], threads: 2 });
  clearResultCache();
  try {
    await fn();
  } finally {
    configurePerception({});
    clearResultCache();
    await releaseSessions();
    await Deno.remove(modelsDir, { recursive: true });
  }
}

function grey(width: number, height: number): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3).fill(128), sha256: "grey" };
}

Deno.test("bad input: tiny boxes, boxes at the edge, a grey image — reasons, never a crash", () =>
  withCpu(async () => {
    const image = grey(320, 240);
    const ws = createWorkspace({ camera: intrinsicsFromFov(320, 240), image });
    ws.objects.set("person_1", { id: "person_1", label: "person", box: [10, 10, 20, 24] });
    ws.objects.set("person_2", { id: "person_2", label: "person", box: [0, 0, 60, 240] });
    ws.objects.set("chair_1", { id: "chair_1", label: "chair", box: [250, 100, 320, 240] });
    ws.objects.set("person_3", { id: "person_3", label: "person" });
    const rows = await orient(ws);
    const by = new Map(rows.map((r) => [r.id, r]));
    assert.match(by.get("person_1")!.reason!, new RegExp(`under ${MIN_ORIENTATION_BOX_PX} px`));
    assert.match(by.get("person_3")!.reason!, /no box/);
    for (const id of ["person_2", "chair_1"]) {
      const r = by.get(id)!;
      // A grey image holds no person and no chair: no usable front, and a reason.
      assert.equal(r.front, null, id);
      assert.ok(r.reason, id);
      assert.equal(ws.objects.get(id)!.front, undefined, id);
    }
  }));

Deno.test("real photos through the tool: people's facing, chairs' fronts or reasons", {
  ignore: !hasShared("images/person.jpg") || !hasShared("data/chairs"),
}, () =>
  withCpu(async () => {
    const person = await loadImage(`${SHARED_DIR}/images/person.jpg`);
    const ws = createWorkspace({
      camera: intrinsicsFromFov(person.width, person.height),
      image: person,
    });
    ws.objects.set("person_1", { id: "person_1", label: "person", box: [188, 97, 277, 372] });
    const [p] = await orient(ws);
    assert.ok(p.front && p.confidence >= MIN_ORIENTATION_CONFIDENCE);
    const signed = ((p.azimuth_deg! + 180) % 360) - 180;
    assert.ok(Math.abs(signed) > 120, `person.jpg azimuth ${p.azimuth_deg}`);
    assert.match(p.facing!, /away/);
    assert.equal(p.source, "blazepose-full");

    const chairs = await loadImage(`${SHARED_DIR}/data/chairs/arkit_13704.122_00005378.jpg`);
    const wc = createWorkspace({
      camera: intrinsicsFromFov(chairs.width, chairs.height),
      image: chairs,
    });
    wc.objects.set("chair_1", { id: "chair_1", label: "chair", box: [1228, 191, 1554, 681] });
    wc.objects.set("chair_2", { id: "chair_2", label: "chair", box: [100, 100, 400, 400] });
    const rows = await orient(wc);
    for (const r of rows) {
      assert.equal(r.source, "objectron-chair");
      assert.ok(r.front || r.reason, `${r.id}: a front or a reason`);
    }
    assert.ok(rows[0].front && rows[0].camera_pitch_deg! < 0, "chair_1: front, camera looks down");
  }));

Deno.test("chairPitchEvidence: chairs' pitches averaged; sigma from the prior or their spread", () => {
  const row = (id: string, p?: number) => ({
    id,
    label: "chair",
    front: null,
    confidence: 0,
    source: "objectron-chair",
    ...(p === undefined ? {} : { camera_pitch_deg: p }),
  });
  assert.equal(chairPitchEvidence([row("chair_1")]), undefined);
  const one = chairPitchEvidence([row("chair_1", -30), row("chair_2")])!;
  assert.deepEqual(one, { deg: -30, sigmaDeg: CHAIR_PITCH_SIGMA_DEG, source: "objectron chair_1" });
  const two = chairPitchEvidence([row("chair_1", -20), row("chair_3", -30)])!;
  assert.equal(two.deg, -25);
  assert.equal(two.sigmaDeg, CHAIR_PITCH_SIGMA_DEG / Math.SQRT2);
  assert.equal(two.source, "objectron chair_1+chair_3");
  // chairs that disagree more than one chair's sigma widen it
  const far = chairPitchEvidence([row("a", 0), row("b", -60)])!;
  assert.ok(far.sigmaDeg > CHAIR_PITCH_SIGMA_DEG);
});
