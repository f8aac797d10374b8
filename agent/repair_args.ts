/**
 * Safe repairs of a model's tool arguments, driven by the tool's JSON Schema, as forgiving agent
 * loops do for small models: arguments sent as a JSON string are decoded, a single value where a
 * list is expected becomes a one-item list, a numeric string where a number is expected becomes
 * the number, and a JSON-encoded list or object in a string becomes the value (a vector written
 * `"[1, 2, 3]"`). Nothing is guessed: a repair only changes the type, never the content, and
 * each one is listed so the trace shows it. Also says, for a failed call, what a parameter
 * expected (for a union, each alternative).
 *
 * @module
 */

/** A JSON Schema node (the parts read here). */
type Schema = {
  type?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema | false;
  prefixItems?: Schema[];
  additionalProperties?: Schema | boolean;
  description?: string;
  const?: unknown;
};

/** Repaired arguments and what was changed (`path: before → after`). */
export interface Repaired {
  args: unknown;
  repairs: string[];
}

const NUMERIC = /^\s*-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?\s*$/i;

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function parseJson(s: string, want: "array" | "object"): unknown {
  const t = s.trim();
  if (!(want === "array" ? t.startsWith("[") : t.startsWith("{"))) return undefined;
  try {
    const v = JSON.parse(t);
    const isArray = Array.isArray(v);
    return (want === "array") === isArray && v && typeof v === "object" ? v : undefined;
  } catch {
    return undefined;
  }
}

function alternatives(s: Schema): Schema[] | undefined {
  return s.anyOf ?? s.oneOf;
}

function walk(value: unknown, schema: Schema, path: string, repairs: string[]): unknown {
  const alts = alternatives(schema);
  if (alts) {
    if (typeof value === "string") {
      for (const want of ["array", "object"] as const) {
        const alt = alts.find((a) => a.type === want);
        const parsed = alt && parseJson(value, want);
        if (parsed !== undefined) {
          repairs.push(`${path}: ${show(value)} → ${show(parsed)} (JSON-encoded ${want})`);
          return walk(parsed, alt!, path, repairs);
        }
      }
      const numeric = alts.some((a) => a.type === "number" || a.type === "integer");
      if (NUMERIC.test(value) && numeric && !alts.some((a) => a.type === "string")) {
        return walk(value, { type: "number" }, path, repairs);
      }
    }
    const same = alts.filter((a) =>
      Array.isArray(value) ? a.type === "array" : a.type === "object" && isObject(value)
    );
    return same.length === 1 ? walk(value, same[0], path, repairs) : value;
  }
  switch (schema.type) {
    case "number":
    case "integer":
      if (typeof value === "string" && NUMERIC.test(value)) {
        const n = Number(value);
        repairs.push(`${path}: ${show(value)} → ${n} (numeric string)`);
        return n;
      }
      return value;
    case "array": {
      let v = value;
      if (typeof v === "string") {
        const parsed = parseJson(v, "array");
        if (parsed !== undefined) {
          repairs.push(`${path}: ${show(v)} → ${show(parsed)} (JSON-encoded list)`);
          v = parsed;
        }
      }
      if (v !== undefined && v !== null && !Array.isArray(v)) {
        repairs.push(`${path}: ${show(v)} → [${show(v)}] (single value where a list is expected)`);
        v = [v];
      }
      if (!Array.isArray(v)) return v;
      return v.map((item, i) => {
        const s = schema.prefixItems?.[i] ?? (schema.items || undefined);
        return s ? walk(item, s, `${path}[${i}]`, repairs) : item;
      });
    }
    case "object": {
      let v = value;
      if (typeof v === "string") {
        const parsed = parseJson(v, "object");
        if (parsed !== undefined) {
          repairs.push(`${path}: ${show(v)} → ${show(parsed)} (JSON-encoded object)`);
          v = parsed;
        }
      }
      if (!isObject(v)) return v;
      const extra = typeof schema.additionalProperties === "object"
        ? schema.additionalProperties
        : undefined;
      return Object.fromEntries(
        Object.entries(v).map(([k, item]) => {
          const s = schema.properties?.[k] ?? extra;
          return [k, s ? walk(item, s, path ? `${path}.${k}` : k, repairs) : item];
        }),
      );
    }
    default:
      return value;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** Applies the safe repairs to `args` against the tool's parameter schema. */
export function repairArguments(args: unknown, parameters: Record<string, unknown>): Repaired {
  const repairs: string[] = [];
  let v = args;
  if (typeof v === "string") {
    const parsed = parseJson(v, "object");
    if (parsed !== undefined) {
      repairs.push("arguments: a JSON string → the object it encodes");
      v = parsed;
    }
  }
  return { args: walk(v, parameters as Schema, "", repairs), repairs };
}

/**
 * What the parameter at `path` (`a`, `observer.position`, `object_ids[0]`) expects: its type, or
 * for a union each alternative, as compact JSON Schema.
 */
export function expectedAt(parameters: Record<string, unknown>, path: string): string | undefined {
  let node: Schema | undefined = parameters as Schema;
  for (const key of path.split(/[.[\]]+/).filter(Boolean)) {
    if (!node) return undefined;
    node = /^\d+$/.test(key)
      ? node.prefixItems?.[Number(key)] ?? (node.items || undefined)
      : node.properties?.[key];
  }
  if (!node) return undefined;
  const alts = alternatives(node);
  const compact = (s: Schema) => {
    const { description: _d, ...rest } = s;
    return JSON.stringify(rest);
  };
  return alts
    ? `one of ${alts.map((a, i) => `(${i + 1}) ${compact(a)}`).join(" or ")}`
    : compact(node);
}
