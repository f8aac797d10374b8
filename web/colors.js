/// <reference lib="dom" />
/**
 * One colour per object label, the same on the image, in the bird's-eye view and in the table.
 *
 * @module
 */

const PALETTE = [
  "#38bdf8",
  "#a78bfa",
  "#34d399",
  "#f472b6",
  "#22d3ee",
  "#a3e635",
  "#e879f9",
  "#60a5fa",
];

/** Highlight for the objects the answer used. */
export const USED = "#f59e0b";

/**
 * A stable colour for a label.
 *
 * @param {string | undefined} label
 * @returns {string}
 */
export function colorFor(label) {
  let h = 0;
  for (const ch of label ?? "") h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/**
 * A number for display, rounded (the trace keeps full precision).
 *
 * @param {number | undefined} n
 * @param {number} [digits]
 * @returns {string}
 */
export function fmt(n, digits = 2) {
  return typeof n === "number" && Number.isFinite(n) ? n.toFixed(digits) : "–";
}
