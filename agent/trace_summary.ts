/**
 * One short line per tool step with the numbers a person checks: what was detected and how
 * sure, how far and how uncertain, which way things face, where they are in 3D, and what the
 * comparisons decided. The terminal story (trace_print.ts) and the web page (the server sends
 * it as each tool event's `summary`) both show this line, so they read the same.
 *
 * @module
 */
import type { z } from "zod";
import type { backProjectTool } from "../tools/back_project.ts";
import type { calculate } from "../tools/calculate.ts";
import type { changeViewpoint } from "../tools/change_viewpoint.ts";
import type {
  compareVectors,
  DirectionsComparison,
  PointsComparison,
} from "../tools/compare_vectors.ts";
import type { detectTool } from "../tools/detect.ts";
import type { estimateDepthTool } from "../tools/estimate_depth.ts";
import type { estimateOrientationTool } from "../tools/estimate_orientation.ts";
import type { FrameUnits } from "../core/frame.ts";
import { unitSymbol } from "./number_format.ts";
import type { ToolEvent } from "./trace.ts";

/** Items listed per step before the rest is counted ("+4 more"). */
const MAX_ITEMS = 8;

/** JSON with numbers rounded to 2 decimals, for reading; the trace itself keeps full precision. */
export function compactJson(value: unknown, maxChars = 240): string {
  const text = JSON.stringify(
    value,
    (_k, v) => typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 100) / 100 : v,
  ) ?? "";
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

/** A number to 2 decimals ("?" when missing), without a minus sign on zero. */
function num(n: unknown): string {
  if (typeof n !== "number" || !Number.isFinite(n)) return "?";
  return (Math.abs(n) < 0.005 ? 0 : n).toFixed(2);
}

function vec(v: readonly unknown[]): string {
  return `(${v.map(num).join(", ")})`;
}

/** An object id as is, a literal point or vector written out. */
function ref(r: unknown): string {
  return Array.isArray(r) ? vec(r) : String(r);
}

/** The first {@link MAX_ITEMS} items, the rest counted. */
function lines(items: string[]): string[] {
  const more = items.length - MAX_ITEMS;
  return more > 0 ? [...items.slice(0, MAX_ITEMS), `+${more} more`] : items;
}

/** Items in one line. */
function list(items: string[], sep = "; "): string {
  return lines(items).join(sep);
}

type Out<T extends { output: z.ZodType }> = z.output<T["output"]>;
type In<T extends { input: z.ZodType }> = z.input<T["input"]>;

function detect(out: Out<typeof detectTool>): string[] {
  const found = out.objects.map((o) =>
    `${o.id} (${o.label}${o.score === undefined ? "" : ` ${num(o.score)}`})`
  );
  const missing = (out.not_detectable ?? []).map((m) => `"${m.query}" (${m.reason})`);
  return [
    found.length ? `${found.length} found: ${list(found, ", ")}` : "nothing found",
    ...(missing.length ? [`not detectable: ${list(missing)}`] : []),
  ];
}

function depth(out: Out<typeof estimateDepthTool>, _input: unknown, m: string): string[] {
  const items = out.objects.map((o) => `${o.id} ${num(o.depth)} ± ${num(o.uncertainty)} ${m}`);
  const skipped = (out.skipped ?? []).map((s) => `${s.id} (${s.reason})`);
  return [
    `${items.length ? list(items, ", ") : "no depths"} (${out.model})`,
    ...(skipped.length ? [`skipped: ${list(skipped)}`] : []),
  ];
}

function orientation(out: Out<typeof estimateOrientationTool>): string[] {
  const items = out.objects.map((o) =>
    o.front
      ? `${o.id} front ${vec(o.front)}${
        o.facing
          ? ` ${o.facing}`
          : o.azimuth_deg === undefined
          ? ""
          : ` azimuth ${num(o.azimuth_deg)}°`
      } confidence ${num(o.confidence)}`
      : `${o.id} unknown${o.reason ? ` (${o.reason})` : ""}`
  );
  return [`${items.length ? list(items, ", ") : "no objects"} (model ${out.model})`];
}

function backProject(out: Out<typeof backProjectTool>, _input: unknown, m: string): string[] {
  const items = [
    ...out.objects.map((o) => `${o.id} at ${vec(o.center)}, ${num(o.distance)} ${m} away`),
    ...(out.points ?? []).map((p) =>
      `pixel (${num(p.u)}, ${num(p.v)}) at depth ${num(p.depth)} ${m} → ${vec(p.point)}`
    ),
  ];
  return items.length ? lines(items) : ["nothing to place"];
}

function viewpoint(out: Out<typeof changeViewpoint>, _input: unknown, m: string): string[] {
  return [
    `observer: ${out.observer.description}`,
    ...lines(
      out.points.map((p) =>
        `${ref(p.ref)} [right, forward, up] ${vec(p.local)}, ${num(p.distance)} ${m}, bearing ${
          num(p.bearing_deg)
        }°`
      ),
    ),
    ...lines(
      out.directions.map((d) => `${ref(d.ref)} direction [right, forward, up] ${vec(d.local)}`),
    ),
  ];
}

/** How b relates to a, in words, e.g. "left of". */
const RELATION_WORDS: Record<string, Record<string, string>> = {
  left_right: { left: "left of", right: "right of" },
  front_behind: { in_front: "in front of", behind: "behind" },
  above_below: { above: "above", below: "below" },
  higher_lower: { higher: "higher than", lower: "lower than" },
};

function comparePoints(out: PointsComparison, a: string, b: string, m: string): string[] {
  const rel: Record<string, string | undefined> = out.relations;
  const decided = Object.keys(RELATION_WORDS).flatMap((k) => {
    const word = RELATION_WORDS[k][rel[k] ?? ""];
    return word ? [word] : [];
  });
  const ambiguous = Object.keys(RELATION_WORDS).filter((k) => rel[k] === "ambiguous");
  /** Which of a and b a relation picked, with both numbers. */
  const closer = (what: string, which: string | undefined, da: number, db: number) =>
    `closer to ${what}: ${which === "a" ? a : which === "b" ? b : "ambiguous"} ` +
    `(${a} ${num(da)} ${m}, ${b} ${num(db)} ${m})`;
  const parts = [
    `${b} − ${a} = ${vec(out.vector)}, ${num(out.distance)} ${m} apart`,
    (decided.length ? `${b} ${decided.join(", ")} ${a}` : `${b} vs ${a}`) +
    (ambiguous.length ? `, ambiguous ${ambiguous.join(", ").replaceAll("_", "/")}` : "") +
    ` (observer: ${out.observer})`,
    closer("the camera", rel.closer_to_camera, out.a_distance_to_camera, out.b_distance_to_camera) +
    `; next to: ${rel.next_to}`,
  ];
  if (out.reference) {
    parts.push(
      closer(
        "the reference",
        rel.closer_to_reference,
        out.reference.a_distance,
        out.reference.b_distance,
      ),
    );
  }
  if (out.a_front) {
    const f = out.a_front;
    parts.push(
      `${b} vs ${a}'s front: cos ${num(f.cosine_front)} (${num(f.angle_front_deg)}°), ` +
        `vs its left: cos ${num(f.cosine_left)} (${num(f.angle_left_deg)}°); ` +
        `${a} facing ${b}: ${f.a_facing_b}`,
    );
  }
  return parts;
}

function compareDirections(out: DirectionsComparison, a: string, b: string): string[] {
  return [
    `${a} vs ${b}: cos ${num(out.cosine)}, angle ${num(out.angle_deg)}°; ` +
    `parallel: ${out.parallel}, same direction: ${out.same_direction}`,
  ];
}

function compare(
  out: Out<typeof compareVectors>,
  input: In<typeof compareVectors>,
  m: string,
): string[] {
  const a = ref(input.a);
  const b = ref(input.b);
  return out.kind === "directions" ? compareDirections(out, a, b) : comparePoints(out, a, b, m);
}

function calc(out: Out<typeof calculate>, input: In<typeof calculate>): string[] {
  const show = (v: number | number[]) => Array.isArray(v) ? vec(v) : num(v);
  const given = Object.entries(input.variables ?? {}).map(([k, v]) => `${k} = ${show(v)}`);
  return [
    `${out.expression} = ${show(out.value)}${given.length ? ` with ${given.join(", ")}` : ""}`,
  ];
}

const SUMMARISERS: Record<string, (output: never, input: never, m: string) => string[]> = {
  detect,
  estimate_depth: depth,
  estimate_orientation: orientation,
  back_project: backProject,
  change_viewpoint: viewpoint,
  compare_vectors: compare,
  calculate: calc,
};

/**
 * A tool step as short lines with its key numbers (2 decimals): detect → ids, labels and
 * scores; estimate_depth → depth ± uncertainty and the method; estimate_orientation → fronts and
 * confidences or "unknown"; back_project → each centre and distance; change_viewpoint → the
 * observer and each point's [right, forward, up] and bearing; compare_vectors → the vector,
 * distance, relations, cosines and angles; calculate → expression = value. A failed step is its
 * error text. A tool or an output this does not know reads as compact JSON. Lengths carry the
 * trace's unit (`units`: "m", or "Blender units" for a rendered scene).
 */
export function summaryLines(event: ToolEvent, units: FrameUnits = "metres"): string[] {
  if (!event.ok) return [event.error ?? "failed"];
  const summarise = SUMMARISERS[event.tool];
  if (!summarise) return [compactJson(event.output)];
  try {
    return summarise(event.output as never, (event.input ?? {}) as never, unitSymbol(units));
  } catch {
    // A trace written by another version (or by hand) may not have this output's shape.
    return [compactJson(event.output)];
  }
}

/** {@link summaryLines} in one line, parts separated by " · " (what the web page shows). */
export function summarizeToolEvent(event: ToolEvent, units: FrameUnits = "metres"): string {
  return summaryLines(event, units).join(" · ");
}
