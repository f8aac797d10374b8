import assert from "node:assert/strict";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { cameraFrame } from "../core/egocentric.ts";
import { frontBehind, leftRight } from "../core/relations.ts";
import { norm } from "../core/vec.ts";
import { SUPERCLEVR_NAMES, superClevrToScene } from "./superclevr.ts";

const dir = `${SHARED_DIR}/data/superclevr/scenes`;
const present = hasShared("data/superclevr/scenes");
/** Super-CLEVR's own margin for its relationship lists. */
const CLEVR_EPS = 0.2;

Deno.test({
  name: "Super-CLEVR: every camera-relative relationship list is reproduced exactly",
  ignore: !present,
  async fn() {
    let lists = 0;
    for (const entry of Deno.readDirSync(dir)) {
      const json = JSON.parse(await Deno.readTextFile(`${dir}/${entry.name}`));
      const scene = superClevrToScene(json, entry.name);
      const cam = cameraFrame();
      const c = scene.objects.map((o) => o.center);
      // Relationship "left"[i] lists the j that are left of i, as seen by the camera.
      const expected: Record<string, (i: number, j: number) => boolean> = {
        left: (i, j) => leftRight(c[i], c[j], cam, CLEVR_EPS) === "left",
        right: (i, j) => leftRight(c[i], c[j], cam, CLEVR_EPS) === "right",
        front: (i, j) => frontBehind(c[i], c[j], cam, CLEVR_EPS) === "in_front",
        behind: (i, j) => frontBehind(c[i], c[j], cam, CLEVR_EPS) === "behind",
      };
      for (const [name, holds] of Object.entries(expected)) {
        const gt: number[][] = json.relationships[name];
        gt.forEach((list, i) => {
          const ours = c.map((_, j) => j).filter((j) => j !== i && holds(i, j));
          assert.deepEqual(ours, [...list].sort((a, b) => a - b), `${entry.name} ${name}[${i}]`);
          lists++;
        });
      }
      // The recovered camera sits where the pixels say: distances from it match each
      // object's pixel ray (the camera is tilted, so compare lengths, not pixels).
      const f = scene.camera!.fx;
      json.objects.forEach((o: { pixel_coords: number[][] }, i: number) => {
        const [u, v, d] = o.pixel_coords[0];
        const ray = Math.hypot((u - scene.camera!.cx) * d / f, (v - scene.camera!.cy) * d / f, d);
        // Pixels are rounded and the tilt is fitted: agreement to 2 % is what the data allows.
        assert.ok(
          Math.abs(norm(scene.objects[i].center) - ray) < 0.02 * ray,
          `${entry.name} #${i}`,
        );
      });
    }
    assert.ok(lists >= 60, `checked ${lists} lists`);
  },
});

Deno.test("Super-CLEVR: malformed files name the field", () => {
  assert.throws(() => superClevrToScene({ objects: [] }, "s.json"), /s\.json\.directions/);
});

Deno.test({
  name: "Super-CLEVR: objects are named as the questions name them (road bike, school bus)",
  ignore: !present,
  async fn() {
    const labels = new Set<string>();
    for (const entry of Deno.readDirSync(dir)) {
      const json = JSON.parse(await Deno.readTextFile(`${dir}/${entry.name}`));
      for (const o of superClevrToScene(json, entry.name).objects) labels.add(o.label);
    }
    for (const bare of Object.keys(SUPERCLEVR_NAMES)) assert.ok(!labels.has(bare), bare);
    assert.ok(labels.has("road bike") || labels.has("school bus"), [...labels].join(", "));
  },
});
