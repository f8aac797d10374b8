/**
 * A small ONNX model writer: just enough of the protobuf wire format (varints,
 * length-delimited fields, raw little-endian tensor data) to encode a ModelProto with a graph of
 * standard operators, float32 inputs/outputs and float32/int64 initializers. The TFLite
 * converter (models/tflite/) writes its models with it, and tests use it for small stand-in
 * graphs of models whose real weights cannot be downloaded here.
 *
 * Field numbers follow onnx/onnx.proto (IR version 8, default opset 13).
 *
 * @module
 */

/** A graph input or output: float32 with fixed or symbolic dimensions. */
export interface ValueDef {
  name: string;
  shape: (number | string)[];
}

/** A node attribute: an int, a float, a string, a list of ints, or a list of floats. */
export type AttrValue =
  | number
  | { ints: number[] }
  | { floats: number[] }
  | { float: number }
  | { string: string };

/** One operator node; an empty input name means an omitted optional input. */
export interface NodeDef {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, AttrValue>;
}

/** A constant tensor: float32 or int64 data with its dimensions. */
export interface InitDef {
  name: string;
  dims: number[];
  floats?: number[] | Float32Array;
  int64s?: number[];
}

/** A whole model. */
export interface ModelDef {
  inputs: ValueDef[];
  outputs: ValueDef[];
  nodes: NodeDef[];
  initializers?: InitDef[];
  opset?: number;
  /** producer_name recorded in the file. */
  producer?: string;
}

/** Protobuf encoder that collects chunks, so megabytes of weights are copied once. */
class Writer {
  private chunks: Uint8Array[] = [];
  private small: number[] = [];
  private length = 0;
  private flush(): void {
    if (this.small.length === 0) return;
    this.chunks.push(Uint8Array.from(this.small));
    this.small = [];
  }
  private push(b: number): void {
    this.small.push(b);
    this.length++;
  }
  varint(v: number | bigint): this {
    let n = BigInt.asUintN(64, BigInt(v));
    while (n >= 0x80n) {
      this.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.push(Number(n));
    return this;
  }
  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }
  int(field: number, v: number): this {
    return this.tag(field, 0).varint(v);
  }
  bytes(field: number, b: Uint8Array): this {
    this.tag(field, 2).varint(b.length);
    this.flush();
    this.chunks.push(b);
    this.length += b.length;
    return this;
  }
  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }
  message(field: number, w: Writer): this {
    return this.bytes(field, w.finish());
  }
  float(field: number, v: number): this {
    this.tag(field, 5);
    for (const x of new Uint8Array(new Float32Array([v]).buffer)) this.push(x);
    return this;
  }
  finish(): Uint8Array {
    this.flush();
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Uint8Array(this.length);
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    this.chunks = [out];
    return out;
  }
}

function valueInfo(v: ValueDef): Writer {
  const shape = new Writer();
  for (const d of v.shape) {
    const dim = new Writer();
    if (typeof d === "number") dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  const tensor = new Writer().int(1, 1).message(2, shape); // elem_type FLOAT
  return new Writer().string(1, v.name).message(2, new Writer().message(1, tensor));
}

function attribute(name: string, v: AttrValue): Writer {
  const w = new Writer().string(1, name);
  if (typeof v === "number") return w.int(3, v).int(20, 2); // INT
  if ("float" in v) return w.float(2, v.float).int(20, 1); // FLOAT
  if ("string" in v) return w.string(4, v.string).int(20, 3); // STRING
  if ("ints" in v) {
    for (const i of v.ints) w.int(8, i);
    return w.int(20, 7); // INTS
  }
  for (const f of v.floats) w.float(7, f);
  return w.int(20, 6); // FLOATS
}

function tensor(t: InitDef): Writer {
  const w = new Writer();
  for (const d of t.dims) w.int(1, d);
  if (t.int64s) {
    w.int(2, 7); // INT64
    for (const i of t.int64s) w.int(7, i);
  } else {
    w.int(2, 1); // FLOAT
    const data = t.floats instanceof Float32Array ? t.floats : Float32Array.from(t.floats ?? []);
    // raw_data, little-endian (every platform Deno runs on)
    w.bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return w.string(8, t.name);
}

/** Encodes a model as ONNX protobuf bytes, ready for `InferenceSession.create(bytes)`. */
export function buildOnnxModel(def: ModelDef): Uint8Array {
  const graph = new Writer();
  def.nodes.forEach((n, i) => {
    const node = new Writer();
    for (const x of n.inputs) node.string(1, x);
    for (const x of n.outputs) node.string(2, x);
    node.string(3, `node_${i}`).string(4, n.op);
    for (const [k, v] of Object.entries(n.attrs ?? {})) node.message(5, attribute(k, v));
    graph.message(1, node);
  });
  graph.string(2, "generated");
  for (const t of def.initializers ?? []) graph.message(5, tensor(t));
  for (const v of def.inputs) graph.message(11, valueInfo(v));
  for (const v of def.outputs) graph.message(12, valueInfo(v));
  return new Writer()
    .int(1, 8) // ir_version
    .string(2, def.producer ?? "spatial-reasoner")
    .message(7, graph)
    .message(8, new Writer().string(1, "").int(2, def.opset ?? 13))
    .finish();
}

/** Writes a model to a temporary file and returns its path. */
export async function writeOnnxModel(def: ModelDef, name = "model.onnx"): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "onnx_" });
  const path = `${dir}/${name}`;
  await Deno.writeFile(path, buildOnnxModel(def));
  return path;
}
