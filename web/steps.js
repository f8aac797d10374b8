/**
 * The trace as the page shows it: perception → computation → reasoning sections, each step a
 * collapsible line with its key numbers, opening to the tool's full input and output.
 *
 * @module
 */
import { fmt } from "./colors.js";

/** Section titles by event type. */
export const SECTIONS = {
  perception: "Perception",
  computation: "Computation",
  reasoning: "Reasoning",
};

/**
 * JSON for reading: numbers rounded to 3 decimals (the stored trace keeps full precision).
 *
 * @param {unknown} value
 * @returns {string}
 */
export function readableJson(value) {
  return JSON.stringify(
    value,
    (_k, v) => typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v,
    1,
  ).replace(/\[\s+([^\[\]{}]*?)\s+\]/g, (_m, inner) => `[${inner.replace(/\s+/g, " ")}]`);
}

/**
 * The key numbers of a tool step, in one line.
 *
 * @param {any} e a perception or computation event
 * @returns {string}
 */
export function stepSummary(e) {
  if (!e.ok) return `failed: ${e.error}`;
  const out = e.output ?? {};
  const parts = [];
  if (Array.isArray(out.objects)) {
    const items = out.objects.slice(0, 6).map((o) => {
      if (o.distance !== undefined) return `${o.id} at ${fmt(o.distance)} m`;
      if (typeof o.depth === "number") return `${o.id} ${fmt(o.depth)} ± ${fmt(o.uncertainty)} m`;
      if ("front" in o) {
        return o.front
          ? `${o.id} facing ${fmt(o.azimuth_deg, 0)}° (${fmt(o.confidence)})`
          : `${o.id} unknown`;
      }
      if (o.score !== undefined) return `${o.id} ${fmt(o.score * 100, 0)}%`;
      return o.id ?? o.label;
    });
    parts.push(items.join(", ") + (out.objects.length > 6 ? ` +${out.objects.length - 6}` : ""));
    if (!out.objects.length) parts.push("no objects");
  }
  if (typeof out.distance === "number") parts.push(`distance ${fmt(out.distance)} m`);
  if (typeof out.angle_deg === "number") parts.push(`angle ${fmt(out.angle_deg, 1)}°`);
  if (out.relations) {
    const rel = Object.entries(out.relations).filter(([, v]) => v !== "ambiguous")
      .map(([k, v]) => `${k.replaceAll("_", " ")}: ${String(v).replaceAll("_", " ")}`);
    if (rel.length) parts.push(rel.join(" · "));
  }
  if (out.a_front) parts.push(`front angle ${fmt(out.a_front.angle_front_deg, 0)}°`);
  if (Array.isArray(out.points) && out.points.length && out.points[0].bearing_deg !== undefined) {
    parts.push(
      out.points.map((p) =>
        `${typeof p.ref === "string" ? p.ref : "point"} bearing ${fmt(p.bearing_deg, 0)}°`
      ).join(", "),
    );
  }
  if (out.value !== undefined && typeof out.value !== "object") {
    parts.push(`= ${typeof out.value === "number" ? fmt(out.value, 3) : out.value}`);
  }
  return parts.join(" — ") || readableJson(out).replace(/\s+/g, " ").slice(0, 140);
}

/**
 * One step as an element: a `<details>` for tool calls, a paragraph for reasoning.
 *
 * @param {any} e a trace event
 * @returns {HTMLElement}
 */
export function stepElement(e) {
  if (e.type === "reasoning") {
    const p = document.createElement("p");
    p.className = `reasoning ${e.source}`;
    p.textContent = e.text;
    return p;
  }
  if (e.type === "error") {
    const p = document.createElement("p");
    p.className = "warning";
    p.textContent = e.message;
    return p;
  }
  const d = document.createElement("details");
  d.className = `step ${e.ok ? "ok" : "failed"}`;
  const summary = document.createElement("summary");
  const tool = document.createElement("span");
  tool.className = "tool";
  tool.textContent = e.tool;
  const numbers = document.createElement("span");
  numbers.className = "numbers";
  numbers.textContent = stepSummary(e);
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = `${Math.round(e.duration_ms)} ms${
    e.cached || e.output?.cached ? " · cached" : ""
  }${e.models?.length ? ` · ${e.models.join(", ")}` : ""}`;
  summary.append(tool, numbers, meta);
  const body = document.createElement("div");
  body.className = "io";
  for (
    const [name, value] of [["input", e.input], [
      e.ok ? "output" : "error",
      e.ok ? e.output : e.error,
    ]]
  ) {
    const h = document.createElement("h4");
    h.textContent = name;
    const pre = document.createElement("pre");
    pre.textContent = typeof value === "string" ? value : readableJson(value);
    body.append(h, pre);
  }
  d.append(summary, body);
  return d;
}
