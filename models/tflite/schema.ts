/**
 * A reader for the parts of the TensorFlow Lite flatbuffer schema (tensorflow/lite/schema/
 * schema.fbs) that the converter needs: the model's first subgraph with its tensors, constant
 * buffers, quantization scales and operators with their option tables. Field indices below are
 * the schema's field order; a table field's vtable slot is 4 + 2 × index.
 *
 * @module
 */
import { ByteBuffer } from "flatbuffers";
import { InputError } from "../../core/errors.ts";

/** A flatbuffer table: typed access to its fields by schema index. */
export class FbTable {
  /** Wraps the table at absolute position `pos` of `bb`. */
  constructor(readonly bb: ByteBuffer, readonly pos: number) {}
  private off(field: number): number {
    return this.bb.__offset(this.pos, 4 + 2 * field);
  }
  /** Whether the field is stored (not defaulted). */
  has(field: number): boolean {
    return this.off(field) !== 0;
  }
  /** A signed 32-bit field. */
  int32(field: number, dflt = 0): number {
    const o = this.off(field);
    return o ? this.bb.readInt32(this.pos + o) : dflt;
  }
  /** An unsigned 32-bit field. */
  uint32(field: number, dflt = 0): number {
    const o = this.off(field);
    return o ? this.bb.readUint32(this.pos + o) : dflt;
  }
  /** A signed byte field (enums stored as byte). */
  int8(field: number, dflt = 0): number {
    const o = this.off(field);
    return o ? this.bb.readInt8(this.pos + o) : dflt;
  }
  /** An unsigned byte field (bool, ubyte enums, union types). */
  uint8(field: number, dflt = 0): number {
    const o = this.off(field);
    return o ? this.bb.readUint8(this.pos + o) : dflt;
  }
  /** A float32 field. */
  float32(field: number, dflt = 0): number {
    const o = this.off(field);
    return o ? this.bb.readFloat32(this.pos + o) : dflt;
  }
  /** A string field, or "" when absent. */
  string(field: number): string {
    const o = this.off(field);
    return o ? this.bb.__string(this.pos + o) as string : "";
  }
  /** A sub-table (or union value) field. */
  table(field: number): FbTable | undefined {
    const o = this.off(field);
    return o ? new FbTable(this.bb, this.bb.__indirect(this.pos + o)) : undefined;
  }
  private vector(field: number): { start: number; length: number } | undefined {
    const o = this.off(field);
    if (!o) return undefined;
    return { start: this.bb.__vector(this.pos + o), length: this.bb.__vector_len(this.pos + o) };
  }
  /** A vector of tables. */
  tables(field: number): FbTable[] {
    const v = this.vector(field);
    if (!v) return [];
    return Array.from(
      { length: v.length },
      (_, i) => new FbTable(this.bb, this.bb.__indirect(v.start + 4 * i)),
    );
  }
  /** A vector of int32. */
  int32s(field: number): number[] {
    const v = this.vector(field);
    if (!v) return [];
    return Array.from({ length: v.length }, (_, i) => this.bb.readInt32(v.start + 4 * i));
  }
  /** A vector of float32. */
  float32s(field: number): number[] {
    const v = this.vector(field);
    if (!v) return [];
    return Array.from({ length: v.length }, (_, i) => this.bb.readFloat32(v.start + 4 * i));
  }
  /** A vector of int64, as numbers. */
  int64s(field: number): number[] {
    const v = this.vector(field);
    if (!v) return [];
    return Array.from({ length: v.length }, (_, i) => Number(this.bb.readInt64(v.start + 8 * i)));
  }
  /** A vector of ubyte, as a view into the file (no copy). */
  bytes(field: number): Uint8Array | undefined {
    const v = this.vector(field);
    if (!v) return undefined;
    return this.bb.bytes().subarray(v.start, v.start + v.length);
  }
}

/** TFLite TensorType values this reader understands. */
export const TENSOR_TYPES: Record<number, string> = {
  0: "float32",
  1: "float16",
  2: "int32",
  3: "uint8",
  4: "int64",
  6: "bool",
  7: "int16",
  9: "int8",
};

/** One tensor of the subgraph. */
export interface TfliteTensor {
  name: string;
  shape: number[];
  /** Type name from {@link TENSOR_TYPES}, or `type<N>` for anything else. */
  type: string;
  /** Constant data (the buffer's bytes, little-endian), absent for activations. */
  data?: Uint8Array;
  /** Per-tensor or per-channel quantization, when present. */
  quant?: { scale: number[]; zeroPoint: number[]; axis: number };
}

/** One operator: its builtin code (or custom name), tensor indices (−1 = none) and options. */
export interface TfliteOperator {
  code: number;
  custom: string;
  inputs: number[];
  outputs: number[];
  options?: FbTable;
}

/** The first subgraph of a model. */
export interface TfliteGraph {
  tensors: TfliteTensor[];
  operators: TfliteOperator[];
  inputs: number[];
  outputs: number[];
}

/** Parses a .tflite file's first subgraph; `label` names the file in errors. */
export function readTflite(bytes: Uint8Array, label: string): TfliteGraph {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(4, 8)) !== "TFL3") {
    throw new InputError(label, "not a TensorFlow Lite model (no TFL3 identifier)");
  }
  const bb = new ByteBuffer(bytes);
  const model = new FbTable(bb, bb.readInt32(bb.position()) + bb.position());
  const codes = model.tables(1).map((c) => ({
    // builtin_code (field 3) supersedes the deprecated byte (field 0) from schema v3a on.
    code: Math.max(c.int8(0), c.int32(3)),
    custom: c.string(1),
  }));
  const buffers = model.tables(4).map((b) => b.bytes(0));
  const sub = model.tables(2)[0];
  if (!sub) throw new InputError(label, "the model has no subgraph");
  const tensors = sub.tables(0).map((t): TfliteTensor => {
    const typeCode = t.int8(1);
    const data = buffers[t.uint32(2)];
    const q = t.table(4);
    const scale = q?.float32s(2) ?? [];
    return {
      name: t.string(3),
      shape: t.int32s(0),
      type: TENSOR_TYPES[typeCode] ?? `type${typeCode}`,
      ...(data && data.length ? { data } : {}),
      ...(q && scale.length ? { quant: { scale, zeroPoint: q.int64s(3), axis: q.int32(6) } } : {}),
    };
  });
  const operators = sub.tables(3).map((o): TfliteOperator => {
    const c = codes[o.uint32(0)];
    return {
      code: c.code,
      custom: c.custom,
      inputs: o.int32s(1),
      outputs: o.int32s(2),
      options: o.table(4),
    };
  });
  return { tensors, operators, inputs: sub.int32s(1), outputs: sub.int32s(2) };
}
