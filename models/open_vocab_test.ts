import assert from "node:assert/strict";
import { InputError } from "../core/errors.ts";
import { configFromEnv } from "./config.ts";
import { candidateLabels, detectOpenVocab, fromZeroShot, repoOf } from "./open_vocab.ts";
import { getModelSpec } from "./registry.ts";
import { DEFAULT_DETECT_OPTIONS } from "./yolox.ts";

const gd = getModelSpec("grounding-dino-tiny");
const owl = getModelSpec("owlv2-base-patch16-ensemble");

Deno.test("candidateLabels: Grounding DINO phrases end with a period, OWLv2's do not", () => {
  assert.deepEqual([...candidateLabels(gd, ["The Red Car", "lamp", "  "])], [
    ["red car.", "red car"],
    ["lamp.", "lamp"],
  ]);
  assert.deepEqual([...candidateLabels(owl, ["a lamp"])], [["lamp", "lamp"]]);
  assert.equal(repoOf(gd), "onnx-community/grounding-dino-tiny-ONNX");
});

Deno.test("fromZeroShot maps labels back, thresholds, clips and suppresses duplicates", () => {
  const labels = candidateLabels(gd, ["lamp", "red car"]);
  const r = (label: string, score: number, x: number) => ({
    label,
    score,
    box: { xmin: x, ymin: -5, xmax: x + 50, ymax: 40 },
  });
  const dets = fromZeroShot(
    [
      r("lamp", 0.6, 10),
      r("lamp", 0.5, 12),
      r("red car", 0.45, 300),
      r("red car.", 0.2, 500),
      r("dog", 0.9, 0),
    ],
    labels,
    { ...DEFAULT_DETECT_OPTIONS, scoreThreshold: 0.3 },
    320,
    240,
  );
  assert.deepEqual(dets.map((d) => [d.label, d.score]), [["lamp", 0.6], ["red car", 0.45]]);
  assert.deepEqual(dets[0].box, [10, 0, 60, 40]);
  assert.deepEqual(dets[1].box, [300, 0, 320, 40]);
});

Deno.test("detectOpenVocab without its files names them and where to put them", async () => {
  const modelsDir = await Deno.makeTempDir();
  const cfg = { ...configFromEnv(), modelsDir, offline: true };
  const image = { width: 2, height: 2, data: new Uint8Array(12), sha256: "x" };
  await assert.rejects(detectOpenVocab(image, ["lamp"], gd, DEFAULT_DETECT_OPTIONS, cfg), (e) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /grounding-dino-tiny-ONNX\/config\.json not found/);
    assert.ok(e.message.includes(modelsDir));
    return true;
  });
});
