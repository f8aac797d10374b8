import assert from "node:assert/strict";
import * as ort from "onnxruntime-node";
import { InputError } from "../core/errors.ts";
import {
  chooseProviders,
  deviceLog,
  type GpuProbe,
  parseDevice,
  probeGpu,
  probeGraph,
  providersFor,
} from "./device.ts";

const none: GpuProbe = {
  webgpu: { ok: false, reason: "libvulkan.so.1 not found" },
  cuda: { ok: false, reason: "provider library not installed" },
};
const webgpu: GpuProbe = { ...none, webgpu: { ok: true, detail: "over Vulkan" } };
const cuda: GpuProbe = { ...none, cuda: { ok: true, detail: "CUDA 12" } };
const both: GpuProbe = { webgpu: webgpu.webgpu, cuda: cuda.cuda };

Deno.test("chooseProviders: auto prefers webgpu, then cuda, then the CPU without a word", () => {
  assert.deepEqual(chooseProviders("auto", both).providers, ["webgpu", "cpu"]);
  assert.deepEqual(chooseProviders("auto", cuda).providers, ["cuda", "cpu"]);
  const cpu = chooseProviders("auto", none);
  assert.deepEqual(cpu, { providers: ["cpu"] }); // no notice on a machine without a GPU
  const used = chooseProviders("auto", webgpu);
  assert.equal(used.gpu, "webgpu");
  assert.match(used.notice!, /^perception on the GPU: onnxruntime webgpu \(over Vulkan\)/);
});

Deno.test("chooseProviders: gpu without one is an InputError naming each reason; cpu never probes", () => {
  assert.deepEqual(chooseProviders("gpu", cuda).providers, ["cuda", "cpu"]);
  assert.throws(() => chooseProviders("gpu", none), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.equal(e.field, "--device");
    assert.match(e.reason, /webgpu: libvulkan\.so\.1 not found; cuda: provider library/);
    assert.match(e.hint!, /--device cpu/);
    return true;
  });
  assert.deepEqual(chooseProviders("cpu", both), { providers: ["cpu"] });
  assert.deepEqual(chooseProviders("cpu", undefined), { providers: ["cpu"] });
});

Deno.test("parseDevice accepts the three names in any case and names the field otherwise", () => {
  assert.equal(parseDevice(" GPU "), "gpu");
  assert.throws(
    () => parseDevice("tpu", "SPATIAL_DEVICE"),
    /SPATIAL_DEVICE: must be one of auto, gpu, cpu/,
  );
});

Deno.test("providersFor says the GPU notice once and never probes for cpu", async () => {
  const lines: string[] = [];
  const saved = deviceLog.info;
  deviceLog.info = (m) => lines.push(m);
  let probes = 0;
  const stub = () => {
    probes++;
    return Promise.resolve(webgpu);
  };
  try {
    assert.deepEqual((await providersFor("cpu", stub)).providers, ["cpu"]);
    assert.equal(probes, 0);
    await providersFor("auto", stub);
    await providersFor("auto", stub);
    assert.equal(lines.length, 1);
  } finally {
    deviceLog.info = saved;
  }
});

Deno.test("the real probe answers once, and without a GPU auto falls back to the CPU silently", async () => {
  const a = await probeGpu();
  assert.equal(await probeGpu(), a); // cached for the process
  if (a.webgpu.ok || a.cuda.ok) {
    console.warn("skipping the no-GPU half: this machine has a working GPU provider");
    return;
  }
  assert.match(a.webgpu.reason, /libvulkan|adapter|webgpu/i);
  assert.match(a.cuda.reason, /CUDA|cuda/);
  const lines: string[] = [];
  const saved = deviceLog.info;
  deviceLog.info = (m) => lines.push(m);
  try {
    assert.deepEqual((await providersFor("auto")).providers, ["cpu"]);
    assert.deepEqual(lines, []);
    await assert.rejects(providersFor("gpu"), InputError);
  } finally {
    deviceLog.info = saved;
  }
});

Deno.test("the probe graph is a one-node model the CPU provider runs", async () => {
  const s = await ort.InferenceSession.create(probeGraph(), { executionProviders: ["cpu"] });
  try {
    const out = await s.run({ x: new ort.Tensor("float32", Float32Array.of(3), [1]) });
    assert.deepEqual([...(out.y.data as Float32Array)], [3]);
  } finally {
    await s.release();
  }
});
