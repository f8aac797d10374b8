import assert from "node:assert/strict";
import { writeFakeMetric3dModel } from "../tests/onnx/fakes.ts";
import { configFromEnv } from "./config.ts";
import { getModelSpec } from "./registry.ts";
import { deviceInfo, gpuActive, gpuStackModel, resolveDetector } from "./stack.ts";

const base = (modelsDir: string, providers: string[]) => ({
  ...configFromEnv(),
  modelsDir,
  executionProviders: providers,
  offline: true,
});

Deno.test("auto picks the GPU stack only with a GPU provider and the model's files present", async () => {
  const dir = await Deno.makeTempDir();
  const cpu = base(dir, ["cpu"]);
  const gpu = base(dir, ["webgpu", "cpu"]); // an explicit list stands in for a found GPU
  assert.equal(await gpuActive(cpu), false);
  assert.equal(await gpuActive(gpu), true);
  assert.equal(await gpuStackModel(gpu, "metric-depth"), undefined); // not downloaded
  await writeFakeMetric3dModel(dir, getModelSpec("metric3d-vit-small").files[0].name);
  assert.equal((await gpuStackModel(gpu, "metric-depth"))?.id, "metric3d-vit-small");
  assert.equal(await gpuStackModel(cpu, "metric-depth"), undefined); // present, but no GPU
});

Deno.test("resolveDetector: auto is YOLOX-nano without a query or a GPU; a named detector wins", async () => {
  const dir = await Deno.makeTempDir();
  const auto = { ...base(dir, ["webgpu", "cpu"]), detector: "auto" };
  assert.equal((await resolveDetector(auto, false)).id, "yolox-nano");
  assert.equal((await resolveDetector(auto, true)).id, "yolox-nano"); // files absent
  const named = { ...auto, detector: "owlv2-base-patch16-ensemble" };
  assert.equal((await resolveDetector(named, false)).id, "owlv2-base-patch16-ensemble");
  await assert.rejects(resolveDetector({ ...auto, detector: "nope" }, false), /unknown model/);
});

Deno.test("deviceInfo reports the setting and providers, and a gpu failure as an error string", async () => {
  const dir = await Deno.makeTempDir();
  assert.deepEqual(await deviceInfo(base(dir, ["cpu"])), {
    setting: "providers",
    providers: ["cpu"],
  });
  assert.deepEqual(await deviceInfo({ ...base(dir, []), device: "cpu" }), {
    setting: "cpu",
    providers: ["cpu"],
  });
  const gpu = await deviceInfo({ ...base(dir, []), device: "gpu" });
  if (gpu.error === undefined) {
    console.warn("skipping the no-GPU check: this machine has a working GPU provider");
    return;
  }
  assert.deepEqual(gpu.providers, []);
  assert.match(gpu.error, /gpu asked for/);
});
