/**
 * The bird's-eye view: the scene from above in the camera's frame — x to the right, y forward,
 * metres on a grid — with the camera and its field of view at the origin, each object's
 * footprint (width × length, turned to its front when known), its front arrow, and the objects
 * the answer used highlighted. Every position, size and direction is a number from the tools.
 *
 * @module
 */
import { colorFor, fmt, USED } from "./colors.js";

/** @typedef {import("./draw_image.js").SceneView} SceneView */

/**
 * A grid step of 1, 2 or 5 × 10^k giving about `lines` lines over `span`.
 *
 * @param {number} span
 * @param {number} [lines]
 */
export function niceStep(span, lines = 6) {
  const raw = span / lines;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

/**
 * Draws the view into `canvas` (sized to its parent's width).
 *
 * @param {HTMLCanvasElement} canvas
 * @param {SceneView | null} view
 * @param {{ hfov_deg?: number } | null} camera
 * @param {string | null} [hover]
 */
export function drawBev(canvas, view, camera, hover = null) {
  const parent = /** @type {HTMLElement} */ (canvas.parentElement);
  const W = Math.max(200, parent.clientWidth - 2);
  const H = Math.round(Math.min(360, Math.max(240, W * 0.8)));
  const dpr = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(W * dpr);
  canvas.height = Math.round(H * dpr);
  canvas.style.width = `${W}px`;
  canvas.style.height = `${H}px`;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = "#0b1222";
  ctx.fillRect(0, 0, W, H);

  const placed = (view?.objects ?? []).filter((o) => o.center);
  let half = 1.5;
  let maxY = 3;
  for (const o of placed) {
    const [x, y] = /** @type {number[]} */ (o.center);
    const r = Math.max(o.size?.[0] ?? 0.4, o.size?.[1] ?? 0.4) / 2 + 0.3;
    half = Math.max(half, Math.abs(x) + r);
    maxY = Math.max(maxY, y + r);
  }
  const minY = -0.6;
  const pad = 28;
  const s = Math.min((W - 2 * pad) / (2 * half), (H - 2 * pad) / (maxY - minY));
  /** @param {number} x @param {number} y @returns {[number, number]} */
  const at = (x, y) => [W / 2 + x * s, H - pad - (y - minY) * s];
  const xMax = (W / 2) / s;
  const yMax = minY + (H - pad) / s;

  // Grid, with metre labels along the bottom (x) and the left (y).
  const step = niceStep(Math.max(2 * xMax, yMax - minY));
  ctx.lineWidth = 1;
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = "#64748b";
  for (let x = -Math.floor(xMax / step) * step; x <= xMax; x += step) {
    const [px] = at(x, 0);
    ctx.strokeStyle = Math.abs(x) < 1e-9 ? "#334155" : "#1e293b";
    line(ctx, px, 0, px, H);
    ctx.fillText(`${+x.toFixed(2)}`, px + 3, H - 6);
  }
  for (let y = Math.ceil(minY / step) * step; y <= yMax; y += step) {
    const [, py] = at(0, y);
    ctx.strokeStyle = Math.abs(y) < 1e-9 ? "#334155" : "#1e293b";
    line(ctx, 0, py, W, py);
    if (Math.abs(y) > 1e-9) ctx.fillText(`${+y.toFixed(2)} m`, 4, py - 3);
  }
  ctx.fillStyle = "#94a3b8";
  ctx.fillText("x →", W - 30, H - 18);
  ctx.fillText("y ↑", 6, 14);

  // Field of view.
  const [cx, cy] = at(0, 0);
  if (camera?.hfov_deg) {
    const a = (camera.hfov_deg / 2) * Math.PI / 180;
    const reach = (yMax - minY) * 2;
    ctx.fillStyle = "rgba(56, 189, 248, 0.06)";
    ctx.strokeStyle = "rgba(56, 189, 248, 0.35)";
    ctx.setLineDash([5, 5]);
    ctx.beginPath();
    ctx.moveTo(cx, cy);
    ctx.lineTo(...at(-Math.sin(a) * reach, Math.cos(a) * reach));
    ctx.lineTo(...at(Math.sin(a) * reach, Math.cos(a) * reach));
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
    ctx.setLineDash([]);
  }
  // Camera glyph at the origin, looking along +y.
  ctx.fillStyle = "#e2e8f0";
  ctx.beginPath();
  ctx.moveTo(cx, cy - 9);
  ctx.lineTo(cx - 8, cy + 6);
  ctx.lineTo(cx + 8, cy + 6);
  ctx.closePath();
  ctx.fill();
  ctx.fillStyle = "#94a3b8";
  ctx.fillText("camera", cx + 11, cy + 6);

  const used = new Set(view?.used ?? []);
  canvas.dataset.objects = String(placed.length);
  canvas.dataset.used = String(placed.filter((o) => used.has(o.id)).length);
  placed.sort((a, b) => Number(used.has(a.id)) - Number(used.has(b.id)));
  /** @type {number[][]} label rectangles already drawn, to keep labels apart */
  const labels = [];
  for (const o of placed) drawObject(ctx, o, used.has(o.id), hover === o.id, at, s, labels, W);
  if (!placed.length) {
    ctx.fillStyle = "#64748b";
    ctx.font = "13px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.fillText(view ? "waiting for 3D positions…" : "objects appear here in 3D", W / 2, H / 2);
    ctx.textAlign = "start";
  }
}

/** @param {CanvasRenderingContext2D} ctx */
export function line(ctx, x1, y1, x2, y2) {
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.stroke();
}

/**
 * One object from above: footprint turned to its front, front arrow, centre dot and label.
 *
 * @param {CanvasRenderingContext2D} ctx
 * @param {import("./draw_image.js").ObjectView} o
 * @param {boolean} isUsed
 * @param {boolean} isHover
 * @param {(x: number, y: number) => [number, number]} at
 * @param {number} s pixels per metre
 * @param {number[][]} labels rectangles of labels drawn so far
 * @param {number} W canvas width
 */
export function drawObject(ctx, o, isUsed, isHover, at, s, labels, W) {
  const [x, y] = /** @type {number[]} */ (o.center);
  const w = o.size?.[0] ?? 0.4;
  const l = o.size?.[1] ?? 0.4;
  // The footprint turns with the front when there is one (seen from above); else axis-aligned.
  const known = o.front && (o.orientation_confidence ?? 1) > 0 &&
    Math.hypot(o.front[0], o.front[1]) > 0.2;
  const n = known ? Math.hypot(o.front[0], o.front[1]) : 1;
  const f = known ? [o.front[0] / n, o.front[1] / n] : [0, 1];
  const r = [f[1], -f[0]];
  const corner = (a, b) =>
    at(x + r[0] * a * w / 2 + f[0] * b * l / 2, y + r[1] * a * w / 2 + f[1] * b * l / 2);
  const color = isUsed ? USED : colorFor(o.label);
  ctx.beginPath();
  ctx.moveTo(...corner(-1, -1));
  ctx.lineTo(...corner(1, -1));
  ctx.lineTo(...corner(1, 1));
  ctx.lineTo(...corner(-1, 1));
  ctx.closePath();
  ctx.globalAlpha = isUsed ? 0.35 : 0.18;
  ctx.fillStyle = color;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.lineWidth = isUsed || isHover ? 2.5 : 1.5;
  ctx.strokeStyle = color;
  ctx.stroke();
  const [px, py] = at(x, y);
  if (known) {
    const len = Math.max(l / 2 + 0.35, 0.6);
    const [tx, ty] = at(x + f[0] * len, y + f[1] * len);
    ctx.lineWidth = 2.5;
    line(ctx, px, py, tx, ty);
    const ang = Math.atan2(ty - py, tx - px);
    ctx.beginPath();
    ctx.moveTo(tx, ty);
    ctx.lineTo(tx - 9 * Math.cos(ang - 0.45), ty - 9 * Math.sin(ang - 0.45));
    ctx.lineTo(tx - 9 * Math.cos(ang + 0.45), ty - 9 * Math.sin(ang + 0.45));
    ctx.closePath();
    ctx.fillStyle = color;
    ctx.fill();
  }
  ctx.beginPath();
  ctx.arc(px, py, 3, 0, 2 * Math.PI);
  ctx.fillStyle = color;
  ctx.fill();
  ctx.font = `${isUsed ? "700" : "500"} 12px system-ui, sans-serif`;
  ctx.fillStyle = isUsed ? "#fde68a" : "#cbd5e1";
  const label = `${o.id}${o.distance !== undefined ? ` · ${fmt(o.distance, 1)} m` : ""}`;
  const tw = ctx.measureText(label).width;
  const gap = Math.min(Math.max(w, l) * s / 2, 40) + 6;
  // Right of the object, or left of it at the canvas edge; moved down past labels it would hit.
  let x0 = px + gap + tw > W - 4 ? px - gap - tw : px + gap;
  x0 = Math.max(4, x0);
  let y0 = py + 4;
  const hits = (b) => x0 < b[2] && x0 + tw > b[0] && y0 - 11 < b[3] && y0 + 3 > b[1];
  for (let i = 0; i < 8 && labels.some(hits); i++) y0 += 14;
  labels.push([x0, y0 - 11, x0 + tw, y0 + 3]);
  ctx.fillText(label, x0, y0);
}
