/**
 * TensorFlow Lite → ONNX, for exactly the operators the shipped orientation models use
 * (BlazePose full, Objectron chair): ADD, CONV_2D, DEPTHWISE_CONV_2D, DEQUANTIZE (of constant
 * float16/int8 weights, folded at conversion), FULLY_CONNECTED, LOGISTIC, MAX_POOL_2D, MEAN,
 * PAD, RESHAPE, RESIZE_BILINEAR. Anything else is an error that names the operator.
 *
 * Layout: TFLite is NHWC, ONNX convolutions are NCHW. Every rank-4 activation is kept NCHW in
 * the ONNX graph; the graph input is transposed once after `input_1`, rank-4 graph outputs are
 * transposed back to NHWC, and RESHAPE / FULLY_CONNECTED of a rank-4 tensor see its NHWC order
 * (a Transpose is inserted). SAME padding is written out as explicit pads with TensorFlow's rule
 * (the odd pixel goes at the end). Constants are float32 in the ONNX file.
 *
 * @module
 */
import { InputError } from "../../core/errors.ts";
import { buildOnnxModel, type InitDef, type NodeDef, type ValueDef } from "../onnx_writer.ts";
import { readTflite, type TfliteGraph, type TfliteOperator, type TfliteTensor } from "./schema.ts";

/** Builtin operator codes handled here, by TFLite's BuiltinOperator numbering. */
export const SUPPORTED_OPS: Record<number, string> = {
  0: "ADD",
  3: "CONV_2D",
  4: "DEPTHWISE_CONV_2D",
  6: "DEQUANTIZE",
  9: "FULLY_CONNECTED",
  14: "LOGISTIC",
  17: "MAX_POOL_2D",
  22: "RESHAPE",
  23: "RESIZE_BILINEAR",
  34: "PAD",
  40: "MEAN",
};

/** Half-precision bits → float. */
function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** A constant tensor's values as float32 (float32, float16, int32 and (u)int8 quantized). */
export function constantValues(t: TfliteTensor, label: string): Float32Array {
  const d = t.data;
  if (!d) throw new InputError(label, `tensor ${t.name} has no constant data`);
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  switch (t.type) {
    case "float32":
      return Float32Array.from({ length: d.length / 4 }, (_, i) => view.getFloat32(4 * i, true));
    case "float16":
      return Float32Array.from(
        { length: d.length / 2 },
        (_, i) => halfToFloat(view.getUint16(2 * i, true)),
      );
    case "int32":
      return Float32Array.from({ length: d.length / 4 }, (_, i) => view.getInt32(4 * i, true));
    case "int8":
    case "uint8": {
      const q = t.quant;
      if (!q) throw new InputError(label, `tensor ${t.name}: ${t.type} data without scales`);
      const inner = t.shape.slice(q.axis + 1).reduce((a, b) => a * b, 1);
      const per = q.scale.length;
      return Float32Array.from({ length: d.length }, (_, i) => {
        const c = per > 1 ? Math.floor(i / inner) % per : 0;
        const v = t.type === "int8" ? view.getInt8(i) : view.getUint8(i);
        return (v - (q.zeroPoint[c] ?? 0)) * q.scale[c];
      });
    }
    default:
      throw new InputError(label, `tensor ${t.name}: constant type ${t.type} is not supported`);
  }
}

/** Permutes a row-major array of `shape` by `perm` (output dim i = input dim perm[i]). */
function permute(data: Float32Array, shape: number[], perm: number[]): Float32Array {
  const outShape = perm.map((p) => shape[p]);
  const inStride = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(data.length);
  const idx = new Array(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let k = 0; k < perm.length; k++) src += idx[k] * inStride[perm[k]];
    out[o] = data[src];
    for (let k = perm.length - 1; k >= 0; k--) {
      if (++idx[k] < outShape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];
/** NHWC axis → NCHW axis. */
const AXIS_NCHW = [0, 2, 3, 1];

/** TensorFlow SAME padding for one spatial dimension: [begin, end]. */
function samePads(size: number, k: number, stride: number, dilation: number): [number, number] {
  const eff = (k - 1) * dilation + 1;
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + eff - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Conversion state: ONNX nodes and initializers, tensor names, constant folding. */
class Converter {
  nodes: NodeDef[] = [];
  inits: InitDef[] = [];
  /** Folded constant values by TFLite tensor index (weights after DEQUANTIZE). */
  consts = new Map<number, Float32Array>();
  private nhwcCache = new Map<number, string>();
  private count = 0;
  constructor(readonly g: TfliteGraph, readonly label: string) {}

  tensor(i: number): TfliteTensor {
    return this.g.tensors[i];
  }
  name(i: number): string {
    return `t${i}`;
  }
  fresh(hint: string): string {
    return `${hint}_${this.count++}`;
  }
  constOf(i: number): Float32Array | undefined {
    if (this.consts.has(i)) return this.consts.get(i);
    const t = this.tensor(i);
    if (!t.data) return undefined;
    const v = constantValues(t, this.label);
    this.consts.set(i, v);
    return v;
  }
  init(hint: string, dims: number[], floats: Float32Array): string {
    const name = this.fresh(hint);
    this.inits.push({ name, dims, floats });
    return name;
  }
  int64s(hint: string, values: number[]): string {
    const name = this.fresh(hint);
    this.inits.push({ name, dims: [values.length], int64s: values });
    return name;
  }
  node(op: string, inputs: string[], outputs: string[], attrs?: NodeDef["attrs"]): void {
    this.nodes.push({ op, inputs, outputs, ...(attrs ? { attrs } : {}) });
  }
  /** Whether the tensor is stored NCHW in the ONNX graph (rank-4 activations). */
  isNchw(i: number): boolean {
    return this.tensor(i).shape.length === 4;
  }
  /** The ONNX name of an input operand in TFLite's own (NHWC) order. */
  nhwc(i: number): string {
    if (!this.isNchw(i)) return this.operand(i);
    const cached = this.nhwcCache.get(i);
    if (cached) return cached;
    const out = this.fresh(`nhwc${i}`);
    this.node("Transpose", [this.name(i)], [out], { perm: { ints: NCHW_TO_NHWC } });
    this.nhwcCache.set(i, out);
    return out;
  }
  /** The ONNX name of an operand as stored (constants become initializers on first use). */
  operand(i: number): string {
    const c = this.constOf(i);
    if (!c) return this.name(i);
    const shape = this.tensor(i).shape;
    if (shape.length === 4) {
      return this.init(`c${i}`, NHWC_TO_NCHW.map((p) => shape[p]), permute(c, shape, NHWC_TO_NCHW));
    }
    return this.init(`c${i}`, shape, c);
  }
  /** An elementwise operand, broadcast-compatible with NCHW activations of rank 4. */
  broadcastOperand(i: number, otherRank4: boolean): string {
    const c = this.constOf(i);
    const shape = this.tensor(i).shape;
    if (!c || !otherRank4 || shape.length >= 4) return this.operand(i);
    const full = [...Array(4 - shape.length).fill(1), ...shape];
    return this.init(`c${i}`, NHWC_TO_NCHW.map((p) => full[p]), permute(c, full, NHWC_TO_NCHW));
  }
  /** Writes a fused activation (TFLite ActivationFunctionType) from `src` into `dst`. */
  activation(kind: number, src: string, dst: string, op: string): void {
    switch (kind) {
      case 0:
        this.node("Identity", [src], [dst]);
        return;
      case 1:
        this.node("Relu", [src], [dst]);
        return;
      case 3:
        this.node("Clip", [
          src,
          this.init("lo", [], new Float32Array([0])),
          this.init("hi", [], new Float32Array([6])),
        ], [dst]);
        return;
      case 4:
        this.node("Tanh", [src], [dst]);
        return;
      default:
        throw new InputError(
          this.label,
          `${op}: fused activation ${kind} is not supported by the converter`,
        );
    }
  }
  /** Output of the op before its fused activation. */
  preActivation(op: TfliteOperator): string {
    return op.options && op.options.uint8(this.activationField(op)) !== 0
      ? this.fresh(`pre${op.outputs[0]}`)
      : this.name(op.outputs[0]);
  }
  private activationField(op: TfliteOperator): number {
    // Field index of fused_activation_function in each op's options table.
    return { 0: 0, 3: 3, 4: 4, 9: 0, 17: 5 }[op.code as 0 | 3 | 4 | 9 | 17] ?? -1;
  }
  finishActivation(op: TfliteOperator, pre: string, opName: string): void {
    const kind = op.options?.uint8(this.activationField(op)) ?? 0;
    if (kind !== 0) this.activation(kind, pre, this.name(op.outputs[0]), opName);
  }

  convert(op: TfliteOperator): void {
    const opName = SUPPORTED_OPS[op.code];
    const [a, b, c] = op.inputs;
    const out = op.outputs[0];
    const o = op.options;
    switch (op.code) {
      case 6: { // DEQUANTIZE: constant weights are folded.
        const v = this.constOf(a);
        if (!v) {
          throw new InputError(this.label, "DEQUANTIZE of a non-constant tensor is not supported");
        }
        this.consts.set(out, v);
        return;
      }
      case 0: { // ADD
        const pre = this.preActivation(op);
        const r4 = this.isNchw(out);
        this.node("Add", [this.broadcastOperand(a, r4), this.broadcastOperand(b, r4)], [pre]);
        this.finishActivation(op, pre, opName);
        return;
      }
      case 3:
      case 4: { // CONV_2D, DEPTHWISE_CONV_2D
        const w = this.constOf(b);
        if (!w) throw new InputError(this.label, `${opName}: non-constant weights`);
        const ws = this.tensor(b).shape; // conv [O,kh,kw,I]; depthwise [1,kh,kw,O]
        const inShape = this.tensor(a).shape;
        const depthwise = op.code === 4;
        const strideW = o?.int32(1, 1) ?? 1;
        const strideH = o?.int32(2, 1) ?? 1;
        const dilW = o?.int32(depthwise ? 5 : 4, 1) ?? 1;
        const dilH = o?.int32(depthwise ? 6 : 5, 1) ?? 1;
        const same = (o?.int8(0) ?? 0) === 0;
        const [kh, kw] = [ws[1], ws[2]];
        const ph = same ? samePads(inShape[1], kh, strideH, dilH) : [0, 0];
        const pw = same ? samePads(inShape[2], kw, strideW, dilW) : [0, 0];
        const weight = depthwise
          ? this.init(`w${b}`, [ws[3], 1, kh, kw], permute(w, ws, [3, 0, 1, 2]))
          : this.init(`w${b}`, [ws[0], ws[3], kh, kw], permute(w, ws, [0, 3, 1, 2]));
        const inputs = [this.name(a), weight];
        if (c >= 0) inputs.push(this.operand(c));
        const pre = this.preActivation(op);
        this.node("Conv", inputs, [pre], {
          kernel_shape: { ints: [kh, kw] },
          strides: { ints: [strideH, strideW] },
          dilations: { ints: [dilH, dilW] },
          pads: { ints: [ph[0], pw[0], ph[1], pw[1]] },
          group: depthwise ? inShape[3] : 1,
        });
        this.finishActivation(op, pre, opName);
        return;
      }
      case 17: { // MAX_POOL_2D
        const inShape = this.tensor(a).shape;
        const [sw, sh, fw, fh] = [o?.int32(1, 1), o?.int32(2, 1), o?.int32(3, 1), o?.int32(4, 1)]
          .map((v) => v ?? 1);
        const same = (o?.int8(0) ?? 0) === 0;
        const ph = same ? samePads(inShape[1], fh, sh, 1) : [0, 0];
        const pw = same ? samePads(inShape[2], fw, sw, 1) : [0, 0];
        const pre = this.preActivation(op);
        this.node("MaxPool", [this.name(a)], [pre], {
          kernel_shape: { ints: [fh, fw] },
          strides: { ints: [sh, sw] },
          pads: { ints: [ph[0], pw[0], ph[1], pw[1]] },
        });
        this.finishActivation(op, pre, opName);
        return;
      }
      case 14: // LOGISTIC
        this.node("Sigmoid", [this.name(a)], [this.name(out)]);
        return;
      case 34: { // PAD
        const p = this.constOf(b);
        if (!p) throw new InputError(this.label, "PAD: non-constant paddings");
        const rank = this.tensor(a).shape.length;
        const begin = Array.from({ length: rank }, (_, i) => p[2 * i]);
        const end = Array.from({ length: rank }, (_, i) => p[2 * i + 1]);
        const order = rank === 4 ? NHWC_TO_NCHW : begin.map((_, i) => i);
        const pads = [...order.map((i) => begin[i]), ...order.map((i) => end[i])];
        this.node("Pad", [this.name(a), this.int64s("pads", pads)], [this.name(out)]);
        return;
      }
      case 22: { // RESHAPE: in NHWC order, back to NCHW when the result is rank 4.
        const shape = this.tensor(out).shape;
        const r4 = shape.length === 4;
        const dst = r4 ? this.fresh(`nhwc${out}`) : this.name(out);
        this.node("Reshape", [this.nhwc(a), this.int64s("shape", shape)], [dst]);
        if (r4) {
          this.node("Transpose", [dst], [this.name(out)], { perm: { ints: NHWC_TO_NCHW } });
        }
        return;
      }
      case 23: { // RESIZE_BILINEAR
        const size = this.constOf(b);
        if (!size) throw new InputError(this.label, "RESIZE_BILINEAR: non-constant size");
        const inShape = this.tensor(a).shape;
        const alignCorners = o?.uint8(2) === 1;
        const halfPixel = o?.uint8(3) === 1;
        this.node(
          "Resize",
          [
            this.name(a),
            "",
            "",
            this.int64s("size", [inShape[0], inShape[3], size[0], size[1]]),
          ],
          [this.name(out)],
          {
            mode: { string: "linear" },
            coordinate_transformation_mode: {
              string: alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric",
            },
          },
        );
        return;
      }
      case 9: { // FULLY_CONNECTED: input flattened to [-1, K] in NHWC order.
        const w = this.constOf(b);
        if (!w) throw new InputError(this.label, "FULLY_CONNECTED: non-constant weights");
        const ws = this.tensor(b).shape; // [O, K]
        if ((o?.uint8(2) ?? 0) === 1 && this.tensor(out).shape.length !== 2) {
          throw new InputError(this.label, "FULLY_CONNECTED with keep_num_dims is not supported");
        }
        const flat = this.fresh(`flat${a}`);
        this.node("Reshape", [this.nhwc(a), this.int64s("shape", [-1, ws[1]])], [flat]);
        const inputs = [flat, this.init(`w${b}`, ws, w)];
        if (c >= 0) inputs.push(this.operand(c));
        const pre = this.preActivation(op);
        this.node("Gemm", inputs, [pre], { transB: 1 });
        this.finishActivation(op, pre, opName);
        return;
      }
      case 40: { // MEAN
        const axesV = this.constOf(b);
        if (!axesV) throw new InputError(this.label, "MEAN: non-constant axes");
        const rank = this.tensor(a).shape.length;
        const axes = [...axesV].map((x) => (x + rank) % rank)
          .map((x) => rank === 4 ? AXIS_NCHW[x] : x);
        const keep = o?.uint8(0) === 1;
        if (rank === 4 && keep !== (this.tensor(out).shape.length === 4)) {
          throw new InputError(this.label, "MEAN: unexpected output rank");
        }
        if (rank === 4 && !keep && !(axes.includes(2) && axes.includes(3))) {
          throw new InputError(this.label, "MEAN over a rank-4 tensor must reduce H and W");
        }
        this.node("ReduceMean", [this.name(a)], [this.name(out)], {
          axes: { ints: axes },
          keepdims: keep ? 1 : 0,
        });
        return;
      }
    }
  }
}

/** A conversion: the ONNX bytes and the source's operator counts, by TFLite name. */
export interface ConvertedModel {
  onnx: Uint8Array;
  operators: Record<string, number>;
}

/** Names an operator code for messages. */
function opLabel(op: TfliteOperator): string {
  return op.custom ? `custom operator "${op.custom}"` : `builtin operator ${op.code}`;
}

/** Converts the graph; throws an InputError naming every unsupported operator. */
export function convertGraph(g: TfliteGraph, label: string): ConvertedModel {
  const unsupported = new Set(
    g.operators.filter((op) => op.custom || !(op.code in SUPPORTED_OPS)).map(opLabel),
  );
  if (unsupported.size > 0) {
    throw new InputError(
      label,
      `unsupported TFLite operator(s): ${[...unsupported].join(", ")}`,
      `the converter handles ${Object.values(SUPPORTED_OPS).join(", ")}`,
    );
  }
  const cv = new Converter(g, label);
  const inputs: ValueDef[] = g.inputs.map((i) => ({
    name: cv.tensor(i).name,
    shape: cv.tensor(i).shape,
  }));
  for (const i of g.inputs) {
    const t = cv.tensor(i);
    if (t.type !== "float32") {
      throw new InputError(label, `input ${t.name} is ${t.type}; only float32 inputs are handled`);
    }
    if (cv.isNchw(i)) {
      cv.node("Transpose", [t.name], [cv.name(i)], { perm: { ints: NHWC_TO_NCHW } });
    } else cv.node("Identity", [t.name], [cv.name(i)]);
  }
  const operators: Record<string, number> = {};
  for (const op of g.operators) {
    const n = SUPPORTED_OPS[op.code];
    operators[n] = (operators[n] ?? 0) + 1;
    cv.convert(op);
  }
  const outputs: ValueDef[] = g.outputs.map((i) => ({
    name: cv.tensor(i).name,
    shape: cv.tensor(i).shape,
  }));
  for (const i of g.outputs) {
    const t = cv.tensor(i);
    if (cv.isNchw(i)) {
      cv.node("Transpose", [cv.name(i)], [t.name], { perm: { ints: NCHW_TO_NHWC } });
    } else cv.node("Identity", [cv.name(i)], [t.name]);
  }
  const onnx = buildOnnxModel({
    inputs,
    outputs,
    nodes: cv.nodes,
    initializers: cv.inits,
    producer: "spatial-reasoner tflite converter",
  });
  return { onnx, operators };
}

/** Reads a .tflite file's bytes and converts it to ONNX bytes. */
export function convertTflite(bytes: Uint8Array, label: string): ConvertedModel {
  return convertGraph(readTflite(bytes, label), label);
}
