import assert from "node:assert/strict";
import { InputError } from "../core/errors.ts";
import { writeOnnxModel } from "./onnx_writer.ts";
import type { ModelSpec } from "./registry.ts";
import {
  checkSignature,
  getSession,
  releaseSessions,
  runtimeLog,
  sessionCount,
} from "./runtime.ts";

const identity = {
  inputs: [{ name: "x", shape: ["batch", 4] }],
  outputs: [{ name: "y", shape: ["batch", 4] }],
  nodes: [{ op: "Identity", inputs: ["x"], outputs: ["y"] }],
};

function spec(inputs: ModelSpec["inputs"], outputs: ModelSpec["outputs"]): ModelSpec {
  return {
    id: "toy",
    task: "metric-depth",
    runtime: "onnxruntime",
    files: [],
    license: "MIT",
    source: "test",
    inputs,
    outputs,
    preprocessing: "",
    validated: "",
  };
}

Deno.test("getSession reuses one session per file and falls back from cuda to cpu once", async () => {
  const path = await writeOnnxModel(identity);
  const notes: string[] = [];
  const saved = runtimeLog.warn;
  runtimeLog.warn = (m) => notes.push(m);
  try {
    const s = spec([{ name: "x", shape: ["batch", 4] }], [{ name: "y", shape: ["batch", 4] }]);
    const cfg = { executionProviders: ["cuda", "cpu"], threads: 1 };
    const a = await getSession(s, path, cfg);
    const b = await getSession(s, path, cfg);
    assert.equal(a, b);
    assert.equal(sessionCount(), 1);
    // This machine has no CUDA: the session runs on the CPU and the fallback is said once.
    assert.deepEqual(a.providers, ["cpu"]);
    const other = await writeOnnxModel(identity);
    await getSession(s, other, cfg);
    assert.equal(notes.length, 1);
    assert.match(notes[0], /cuda unavailable .*using cpu/);
  } finally {
    runtimeLog.warn = saved;
    await releaseSessions();
  }
});

Deno.test("getSession: wrong tensor names, missing and corrupt files are clear InputErrors", async () => {
  const path = await writeOnnxModel(identity);
  const cfg = { executionProviders: ["cpu"], threads: 1 };
  const wrong = spec([{ name: "pixel_values", shape: [1, 4] }], [{ name: "y", shape: [1, 4] }]);
  await assert.rejects(getSession(wrong, path, cfg), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.equal(e.field, path);
    assert.match(e.reason, /graph has inputs x, expected pixel_values \[1, 4\]/);
    return true;
  });
  await assert.rejects(getSession(wrong, `${path}.nope`, cfg), /model file not found/);
  const junk = `${path}.junk`;
  await Deno.writeFile(junk, new TextEncoder().encode("not onnx"));
  await assert.rejects(getSession(wrong, junk, cfg), /onnxruntime cannot load this file/);
  assert.equal(sessionCount(), 0);
});

Deno.test("checkSignature compares fixed dimensions and lets symbolic ones through", () => {
  const s = spec([{ name: "x", shape: [1, 3, 416, 416] }], [{ name: "y", shape: ["n", 85] }]);
  checkSignature(s, "m.onnx", {
    inputs: [{ name: "x", shape: [1, 3, 416, 416] }],
    outputs: [{ name: "y", shape: [3549, 85] }],
  });
  assert.throws(
    () =>
      checkSignature(s, "m.onnx", {
        inputs: [{ name: "x", shape: [1, 3, 640, 640] }],
        outputs: [{ name: "y", shape: [3549, 85] }],
      }),
    /input x \[1, 3, 640, 640\] does not match the expected x \[1, 3, 416, 416\]/,
  );
});
