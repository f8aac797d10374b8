/**
 * `deno task bench:gpu`: YOLOX-nano (the real model, when its file is present) and a generated
 * ViT-S/14 graph at 518² on every execution provider that works here — cpu always, webgpu and
 * cuda when the probe finds them — with the median time per inference, the session creation
 * time, each output's largest difference from the CPU's (relative to the CPU output's largest
 * value), and the speed-up as a ratio to the CPU measured in the same run. Without a GPU it says
 * why each GPU provider was skipped and times the CPU alone.
 *
 * Flags: `--runs N` (default 20), `--warmup N` (default 3), `--models-dir DIR`, `--no-vit`,
 * `--json`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { probeGpu } from "../models/device.ts";
import { ort } from "../models/runtime.ts";
import { buildVit, VIT_S_518 } from "./vit_graph.ts";

interface Row {
  graph: string;
  provider: string;
  create_ms: number;
  median_ms: number;
  speedup_vs_cpu: number;
  max_rel_diff_vs_cpu: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function seeded(n: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  let s = 7;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * scale;
  }
  return out;
}

async function timeGraph(
  graph: Uint8Array | string,
  feeds: Record<string, ort.Tensor>,
  provider: string,
  runs: number,
  warmup: number,
): Promise<{ create: number; median: number; outputs: Record<string, Float32Array> }> {
  const t0 = performance.now();
  const session = typeof graph === "string"
    ? await ort.InferenceSession.create(graph, { executionProviders: [provider] })
    : await ort.InferenceSession.create(graph, { executionProviders: [provider] });
  const create = performance.now() - t0;
  try {
    let last: ort.InferenceSession.ReturnType | undefined;
    for (let i = 0; i < warmup; i++) last = await session.run(feeds);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      last = await session.run(feeds);
      times.push(performance.now() - t);
    }
    last ??= await session.run(feeds);
    const outputs: Record<string, Float32Array> = {};
    for (const [k, v] of Object.entries(last)) outputs[k] = v.data as Float32Array;
    return { create, median: median(times), outputs };
  } finally {
    await session.release();
  }
}

function maxRelDiff(a: Record<string, Float32Array>, b: Record<string, Float32Array>): number {
  let worst = 0;
  for (const [k, ref] of Object.entries(a)) {
    const got = b[k];
    let peak = 1e-12;
    let diff = 0;
    for (let i = 0; i < ref.length; i++) {
      peak = Math.max(peak, Math.abs(ref[i]));
      diff = Math.max(diff, Math.abs(ref[i] - got[i]));
    }
    worst = Math.max(worst, diff / peak);
  }
  return worst;
}

/** Runs the bench; returns the rows (also printed). */
export async function main(args: string[]): Promise<Row[]> {
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: "string", default: "20" },
      warmup: { type: "string", default: "3" },
      "models-dir": { type: "string" },
      "no-vit": { type: "boolean" },
      json: { type: "boolean" },
    },
  });
  const runs = Number(values.runs);
  const warmup = Number(values.warmup);
  const probe = await probeGpu();
  const providers = ["cpu"];
  for (const p of ["webgpu", "cuda"] as const) {
    const a = probe[p];
    if (a.ok) providers.push(p);
    else console.error(`skipping ${p}: ${a.reason}`);
  }
  const graphs: { name: string; graph: Uint8Array | string; feeds: Record<string, ort.Tensor> }[] =
    [];
  const modelsDir = values["models-dir"] ??
    new URL("../../shared/models", import.meta.url).pathname;
  try {
    const yolox = `${modelsDir}/yolox_nano.onnx`;
    await Deno.stat(yolox);
    graphs.push({
      name: "YOLOX-nano 416² (real weights)",
      graph: yolox,
      feeds: {
        images: new ort.Tensor("float32", seeded(3 * 416 * 416, 255), [1, 3, 416, 416]),
      },
    });
  } catch {
    console.error(`skipping YOLOX-nano: no yolox_nano.onnx in ${modelsDir} (--models-dir)`);
  }
  if (!values["no-vit"]) {
    const side = VIT_S_518.side;
    graphs.push({
      name: "ViT-S/14 518² (generated, random weights)",
      graph: buildVit(VIT_S_518),
      feeds: {
        pixel_values: new ort.Tensor("float32", seeded(3 * side * side, 1), [1, 3, side, side]),
      },
    });
  }
  const rows: Row[] = [];
  for (const g of graphs) {
    const cpu = await timeGraph(g.graph, g.feeds, "cpu", runs, warmup);
    rows.push({
      graph: g.name,
      provider: "cpu",
      create_ms: cpu.create,
      median_ms: cpu.median,
      speedup_vs_cpu: 1,
      max_rel_diff_vs_cpu: 0,
    });
    for (const p of providers.slice(1)) {
      const r = await timeGraph(g.graph, g.feeds, p, runs, warmup);
      rows.push({
        graph: g.name,
        provider: p,
        create_ms: r.create,
        median_ms: r.median,
        speedup_vs_cpu: cpu.median / r.median,
        max_rel_diff_vs_cpu: maxRelDiff(cpu.outputs, r.outputs),
      });
    }
  }
  if (values.json) console.log(JSON.stringify({ cores: navigator.hardwareConcurrency, rows }));
  else {
    console.log(
      `| graph | provider | session create | median / inference | × cpu | max rel. diff |`,
    );
    console.log(`|---|---|---|---|---|---|`);
    for (const r of rows) {
      console.log(
        `| ${r.graph} | ${r.provider} | ${r.create_ms.toFixed(0)} ms | ${
          r.median_ms.toFixed(1)
        } ms | ${r.speedup_vs_cpu.toFixed(2)} | ${r.max_rel_diff_vs_cpu.toExponential(1)} |`,
      );
    }
  }
  return rows;
}

if (import.meta.main) await main(Deno.args);
