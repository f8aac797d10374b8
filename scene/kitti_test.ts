import assert from "node:assert/strict";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { toOpenCv } from "../core/frame.ts";
import { project } from "../core/pinhole.ts";
import { parseCalibP2, parseKittiLabels, readKittiDir } from "./kitti.ts";

const frames = ["000000", "000001"];
const present = hasShared("data/kitti3d/000000/label.txt");

Deno.test({
  name: "KITTI: GT 3D centres project into their 2D boxes, through raw P2 and through our scene",
  ignore: !present,
  async fn() {
    let checked = 0;
    for (const f of frames) {
      const dir = `${SHARED_DIR}/data/kitti3d/${f}`;
      const labels = parseKittiLabels(await Deno.readTextFile(`${dir}/label.txt`));
      const p2 = parseCalibP2(await Deno.readTextFile(`${dir}/calib.txt`));
      const scene = await readKittiDir(dir);
      assert.equal(scene.objects.length, labels.length);
      labels.forEach((l, i) => {
        // Independent path: the label's 3D centre (in KITTI camera coordinates) times P2.
        const X = [l.location[0], l.location[1] - l.h / 2, l.location[2], 1];
        const [pu, pv, pw] = p2.map((row) => row.reduce((s, r, k) => s + r * X[k], 0));
        const [x1, y1, x2, y2] = l.box;
        const inside = (u: number, v: number) => u >= x1 && u <= x2 && v >= y1 && v <= y2;
        assert.ok(inside(pu / pw, pv / pw), `${f} ${l.type}: raw P2 projection outside box`);
        // Our path: scene centre (our frame, camera 2) through the scene's pinhole camera.
        const o = scene.objects[i];
        const r = project(scene.camera!, o.center);
        assert.ok(Math.abs(r.u - pu / pw) < 0.5 && Math.abs(r.v - pv / pw) < 0.5, `${f} ${o.id}`);
        assert.ok(inside(r.u, r.v));
        assert.ok(o.center[1] > 0, "in front of the camera");
        assert.ok(Math.abs(toOpenCv(o.center)[2] - (l.location[2] + p2[2][3])) < 1e-9);
        checked++;
      });
    }
    assert.ok(checked >= 4);
  },
});

Deno.test("KITTI parsing: bad lines name the file and line", () => {
  assert.throws(() => parseKittiLabels("Car 0 0"), /label\.txt:1: expected 15 fields/);
  assert.throws(() => parseKittiLabels("Car a b c d e f g h i j k l m n"), /non-numeric/);
  assert.throws(() => parseCalibP2("P0: 1 2 3"), /no P2 line/);
  assert.throws(() => parseCalibP2("P2: 1 2 3"), /expected 12 numbers/);
  assert.equal(
    parseKittiLabels("DontCare -1 -1 -10 1 2 3 4 -1 -1 -1 -1000 -1000 -1000 -10\n").length,
    0,
  );
});
