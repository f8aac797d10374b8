/// <reference lib="dom" />
/**
 * The trace as the page shows it: perception → computation → reasoning sections, each step a
 * collapsible line with its key numbers (the event's `summary`, written by the server), opening
 * to the tool's full input and output.
 *
 * @module
 */

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
  // The server writes the key numbers (agent/trace_summary.ts), as the CLI story prints them.
  numbers.textContent = e.summary ?? "";
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
