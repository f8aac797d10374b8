/**
 * The column types a trainer's loader infers from a JSONL file, checked in TypeScript: like
 * pyarrow's JSON reader (which `datasets` uses), one type per column path across ALL rows. Null
 * (or absence) fits anywhere; integers and floats are one `number`; otherwise string, number,
 * bool, list and struct must agree at each path, a list's elements must agree with each other,
 * and a struct's fields are the union of the keys seen — but a struct whose keys are data (ids,
 * counts per name) rather than a schema is reported too, past {@link MAX_STRUCT_FIELDS} keys.
 * Paths are written as pyarrow writes them in its errors: `/messages/[]/content`.
 *
 * @module
 */

/** An Arrow-like type inferred from JSON values. */
export type ColumnType =
  | { kind: "null" | "bool" | "number" | "string" }
  | { kind: "list"; items: ColumnType }
  | { kind: "struct"; fields: Map<string, ColumnType> };

/** More distinct keys than this at one struct path reads as a map, not a schema. */
export const MAX_STRUCT_FIELDS = 64;

/** The inferred schema of some rows and every place where they disagree. */
export interface ColumnReport {
  type: ColumnType;
  /** One line per conflict: `/path: string in row 0, number in row 3`. */
  conflicts: string[];
}

const NULL: ColumnType = { kind: "null" };

function typeOf(v: unknown): ColumnType["kind"] {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "list";
  const t = typeof v;
  if (t === "boolean") return "bool";
  if (t === "number") return "number";
  if (t === "string") return "string";
  return "struct";
}

/** Infers the column types of `rows` (parsed JSON values, one per line). */
export function inferColumns(rows: readonly unknown[]): ColumnReport {
  const conflicts: string[] = [];
  const firstSeen = new Map<string, { kind: string; row: number }>();
  const reported = new Set<string>();
  const conflict = (path: string, kind: string, row: number) => {
    const first = firstSeen.get(path)!;
    if (reported.has(path)) return;
    reported.add(path);
    conflicts.push(`${path || "/"}: ${first.kind} in row ${first.row}, ${kind} in row ${row}`);
  };
  const merge = (t: ColumnType, v: unknown, path: string, row: number): ColumnType => {
    const kind = typeOf(v);
    if (kind === "null") return t;
    if (t.kind === "null") firstSeen.set(path, { kind, row });
    else if (t.kind !== kind) {
      conflict(path, kind, row);
      return t;
    }
    if (kind === "list") {
      let items = t.kind === "list" ? t.items : NULL;
      for (const x of v as unknown[]) items = merge(items, x, `${path}/[]`, row);
      return { kind: "list", items };
    }
    if (kind === "struct") {
      const fields = t.kind === "struct" ? t.fields : new Map<string, ColumnType>();
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        fields.set(k, merge(fields.get(k) ?? NULL, x, `${path}/${k}`, row));
      }
      if (fields.size > MAX_STRUCT_FIELDS) wide.set(path || "/", fields.size);
      return { kind: "struct", fields };
    }
    return { kind };
  };
  const wide = new Map<string, number>();
  let type: ColumnType = NULL;
  rows.forEach((r, i) => type = merge(type, r, "", i));
  for (const [path, n] of wide) {
    conflicts.push(`${path}: an object with ${n} distinct keys (a map, not a schema)`);
  }
  return { type, conflicts };
}

/** The report for a JSONL text (blank lines skipped). */
export function inferJsonlColumns(text: string): ColumnReport {
  return inferColumns(text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l)));
}

/** A type written as Arrow writes it: `list<struct<a: string, b: number>>`. */
export function formatColumnType(t: ColumnType): string {
  if (t.kind === "list") return `list<${formatColumnType(t.items)}>`;
  if (t.kind === "struct") {
    return `struct<${[...t.fields].map(([k, f]) => `${k}: ${formatColumnType(f)}`).join(", ")}>`;
  }
  return t.kind;
}
