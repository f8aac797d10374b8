/**
 * A random-weight Vision Transformer ONNX graph with DINOv2's geometry (patch 14, pre-norm
 * blocks, GELU MLP), for timing execution providers on the shape of compute that Depth Anything
 * V2 and Orient Anything run — their real weights cannot be downloaded here. Weights come from a
 * seeded generator, so every run builds the same graph.
 *
 * @module
 */
import { buildOnnxModel, type InitDef, type NodeDef } from "../models/onnx_writer.ts";

/** ViT size: embedding width, depth, heads, MLP width, and the square input side. */
export interface VitShape {
  dim: number;
  depth: number;
  heads: number;
  mlp: number;
  side: number;
  patch: number;
}

/** ViT-S/14 at 518² (Depth Anything V2 Small's encoder). */
export const VIT_S_518: VitShape = {
  dim: 384,
  depth: 12,
  heads: 6,
  mlp: 1536,
  side: 518,
  patch: 14,
};

/** Builds the graph: `pixel_values` [1, 3, side, side] → `tokens` [1, 1 + (side/patch)², dim]. */
export function buildVit(shape: VitShape, seed = 1): Uint8Array {
  const { dim, depth, heads, mlp, side, patch } = shape;
  const n = (side / patch) ** 2 + 1;
  const hd = dim / heads;
  let s = seed >>> 0;
  const rand = (count: number, scale: number) => {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      out[i] = ((s / 2 ** 32) * 2 - 1) * scale;
    }
    return out;
  };
  const inits: InitDef[] = [];
  const nodes: NodeDef[] = [];
  const w = (name: string, dims: number[], scale = 0.02) => {
    inits.push({ name, dims, floats: rand(dims.reduce((a, b) => a * b, 1), scale) });
    return name;
  };
  const c = (name: string, dims: number[], v: number) => {
    inits.push({ name, dims, floats: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(v) });
    return name;
  };
  const i64 = (name: string, v: number[]) => {
    inits.push({ name, dims: [v.length], int64s: v });
    return name;
  };
  const op = (type: string, inputs: string[], out: string, attrs?: NodeDef["attrs"]) => {
    nodes.push({ op: type, inputs, outputs: [out], ...(attrs ? { attrs } : {}) });
    return out;
  };
  const ln = (x: string, p: string) =>
    op("LayerNormalization", [x, c(`${p}.g`, [dim], 1), c(`${p}.b`, [dim], 0)], `${p}.y`, {
      axis: -1,
      epsilon: { float: 1e-6 },
    });
  const linear = (x: string, p: string, fin: number, fout: number) =>
    op("Add", [op("MatMul", [x, w(`${p}.w`, [fin, fout])], `${p}.mm`), w(`${p}.bias`, [fout])], p);

  // patch embedding, class token, position embedding
  const conv = op(
    "Conv",
    ["pixel_values", w("patch.w", [dim, 3, patch, patch]), w("patch.b", [dim])],
    "patch",
    {
      kernel_shape: { ints: [patch, patch] },
      strides: { ints: [patch, patch] },
    },
  );
  const flat = op("Reshape", [conv, i64("shape.flat", [1, dim, n - 1])], "patch.flat");
  const seq = op("Transpose", [flat], "patch.seq", { perm: { ints: [0, 2, 1] } });
  const withCls = op("Concat", [w("cls", [1, 1, dim]), seq], "tokens0", { axis: 1 });
  let x = op("Add", [withCls, w("pos", [1, n, dim])], "x0");
  const headsShape = i64("shape.heads", [1, n, heads, hd]);
  const backShape = i64("shape.back", [1, n, dim]);
  const scale = c("att.scale", [], 1 / Math.sqrt(hd));
  const half = c("half", [], 0.5);
  const one = c("one", [], 1);
  const sqrt2 = c("sqrt2", [], Math.SQRT2);
  for (let b = 0; b < depth; b++) {
    const p = `b${b}`;
    const h = ln(x, `${p}.ln1`);
    const split = (name: string, perm: number[]) =>
      op(
        "Transpose",
        [op("Reshape", [linear(h, `${p}.${name}`, dim, dim), headsShape], `${p}.${name}.r`)],
        `${p}.${name}.t`,
        { perm: { ints: perm } },
      );
    const q = split("q", [0, 2, 1, 3]);
    const kT = split("k", [0, 2, 3, 1]);
    const v = split("v", [0, 2, 1, 3]);
    const logits = op("Mul", [op("MatMul", [q, kT], `${p}.qk`), scale], `${p}.logits`);
    const att = op("Softmax", [logits], `${p}.att`, { axis: -1 });
    const ctx = op("Transpose", [op("MatMul", [att, v], `${p}.ctx`)], `${p}.ctx.t`, {
      perm: { ints: [0, 2, 1, 3] },
    });
    const merged = op("Reshape", [ctx, backShape], `${p}.merged`);
    x = op("Add", [x, linear(merged, `${p}.proj`, dim, dim)], `${p}.x1`);
    const m = linear(ln(x, `${p}.ln2`), `${p}.fc1`, dim, mlp);
    const erf = op("Erf", [op("Div", [m, sqrt2], `${p}.div`)], `${p}.erf`);
    const gelu = op(
      "Mul",
      [op("Mul", [m, half], `${p}.halfm`), op("Add", [erf, one], `${p}.erf1`)],
      `${p}.gelu`,
    );
    x = op("Add", [x, linear(gelu, `${p}.fc2`, mlp, dim)], `${p}.x2`);
  }
  nodes.push({
    op: "LayerNormalization",
    inputs: [x, c("final.g", [dim], 1), c("final.b", [dim], 0)],
    outputs: ["tokens"],
    attrs: { axis: -1, epsilon: { float: 1e-6 } },
  });
  return buildOnnxModel({
    inputs: [{ name: "pixel_values", shape: [1, 3, side, side] }],
    outputs: [{ name: "tokens", shape: [1, n, dim] }],
    nodes,
    initializers: inits,
    opset: 17,
  });
}
