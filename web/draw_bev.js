/// <reference lib="dom" />
/**
 * The bird's-eye view: the scene from above in the camera's frame — x to the right, y forward,
 * metres on a grid — with the camera and its field of view at the origin (and its height above
 * the ground when the trace estimated it), each object's footprint (width × length, turned to its
 * front when known), its front arrow with the orientation confidence, the objects the answer used
 * highlighted, and labels placed where they overlap nothing. Every position, size and direction
 * is a number from the tools.
 *
 * @module
 */
import { colorFor, fmt, USED } from "./colors.js";

/**
 * @typedef {import("./draw_image.js").SceneView} SceneView
 * @typedef {import("./draw_image.js").ObjectView} ObjectView
 * @typedef {import("./draw_image.js").CameraView} CameraView
 * @typedef {import("./draw_image.js").Hit} Hit
 * @typedef {[number, number, number, number]} Rect x1, y1, x2, y2
 */

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

/** @param {Rect} a @param {Rect} b */
const overlaps = (a, b) => a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];

/**
 * Sizes a canvas to its panel's inner width (height from `height`, drawn at the device's pixel
 * ratio) and clears it to the background.
 *
 * @param {HTMLCanvasElement} canvas
 * @param {{ min: number, max: number, ratio: number }} height pixels, and height ÷ width
 * @returns {{ ctx: CanvasRenderingContext2D, W: number, H: number }}
 */
export function prepareCanvas(canvas, height) {
  const parent = /** @type {HTMLElement} */ (canvas.parentElement);
  const style = getComputedStyle(parent);
  const inner = parent.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const W = Math.max(200, Math.floor(inner));
  const H = Math.round(Math.min(height.max, Math.max(height.min, W * height.ratio)));
  const dpr = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(W * dpr);
  canvas.height = Math.round(H * dpr);
  canvas.style.width = `${W}px`;
  canvas.style.height = `${H}px`;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = "#0b1222";
  ctx.fillRect(0, 0, W, H);
  return { ctx, W, H };
}

/**
 * How the view's lengths are labelled: "m", or the scene's own units ("Blender units") as the
 * server names them (server/view.ts `units`).
 *
 * @param {SceneView | null} view
 * @returns {string}
 */
export function unitOf(view) {
  return view?.units ?? "m";
}

/**
 * Draws the view into `canvas` (sized to its parent's width).
 *
 * @param {HTMLCanvasElement} canvas
 * @param {SceneView | null} view
 * @param {CameraView | null} camera
 * @param {string | null} [hover]
 * @returns {Hit[]} each object's footprint and label, for hover and tap
 */
export function drawBev(canvas, view, camera, hover = null) {
  const { ctx, W, H } = prepareCanvas(canvas, { min: 240, max: 360, ratio: 0.8 });
  const unit = unitOf(view);
  canvas.dataset.units = unit;

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
  /** @type {(x: number, y: number) => [number, number]} */
  const at = (x, y) => [W / 2 + x * s, H - pad - (y - minY) * s];
  const xMax = (W / 2) / s;
  const yMax = minY + (H - pad) / s;

  /** @type {Rect[]} everything written so far, which later text must not cover */
  const taken = [];
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = "#94a3b8";
  const axisX = "x →";
  ctx.fillText(axisX, W - 30, H - 18);
  taken.push([W - 32, H - 30, W, H - 14]);
  ctx.fillText("y ↑", 6, 14);
  taken.push([4, 2, 28, 16]);

  // Grid, with metre labels along the bottom (x) and the left (y), each kept inside the canvas
  // and off the axis names.
  const step = niceStep(Math.max(2 * xMax, yMax - minY));
  ctx.lineWidth = 1;
  ctx.fillStyle = "#64748b";
  for (let x = -Math.floor(xMax / step) * step; x <= xMax; x += step) {
    const [px] = at(x, 0);
    ctx.strokeStyle = Math.abs(x) < 1e-9 ? "#334155" : "#1e293b";
    line(ctx, px, 0, px, H);
    const text = `${+x.toFixed(2)}`;
    const tw = ctx.measureText(text).width;
    /** @type {Rect} */
    const box = [px + 3, H - 16, px + 3 + tw, H - 4];
    if (box[0] >= 2 && box[2] <= W - 2 && !taken.some((t) => overlaps(t, box))) {
      ctx.fillText(text, px + 3, H - 6);
      taken.push(box);
    }
  }
  for (let y = Math.ceil(minY / step) * step; y <= yMax; y += step) {
    const [, py] = at(0, y);
    ctx.strokeStyle = Math.abs(y) < 1e-9 ? "#334155" : "#1e293b";
    line(ctx, 0, py, W, py);
    if (Math.abs(y) < 1e-9) continue;
    const text = `${+y.toFixed(2)} ${unit}`;
    /** @type {Rect} */
    const box = [4, py - 14, 4 + ctx.measureText(text).width, py - 1];
    if (box[1] >= 0 && !taken.some((t) => overlaps(t, box))) {
      ctx.fillText(text, 4, py - 3);
      taken.push(box);
    }
  }

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
  // Camera glyph at the origin, looking along +y, with its height above the ground when known.
  ctx.fillStyle = "#e2e8f0";
  ctx.beginPath();
  ctx.moveTo(cx, cy - 9);
  ctx.lineTo(cx - 8, cy + 6);
  ctx.lineTo(cx + 8, cy + 6);
  ctx.closePath();
  ctx.fill();
  taken.push([cx - 9, cy - 10, cx + 9, cy + 7]);
  ctx.fillStyle = "#94a3b8";
  ctx.font = "11px system-ui, sans-serif";
  const camText = camera?.height_m !== undefined
    ? `camera, ${fmt(camera.height_m, 2)} ${unit} above ground`
    : "camera";
  const camW = ctx.measureText(camText).width;
  const camX = Math.min(cx + 11, W - 4 - camW);
  const camY = Math.min(cy + 6, H - 20);
  ctx.fillText(camText, camX, camY);
  taken.push([camX, camY - 10, camX + camW, camY + 2]);

  const used = new Set(view?.used ?? []);
  canvas.dataset.objects = String(placed.length);
  canvas.dataset.used = String(placed.filter((o) => used.has(o.id)).length);
  canvas.dataset.hover = hover ?? "";
  // Unused first so the used (and the hovered) are drawn on top; their labels are placed first.
  const rank = (/** @type {ObjectView} */ o) => (o.id === hover ? 2 : used.has(o.id) ? 1 : 0);
  placed.sort((a, b) => rank(a) - rank(b));
  /** @type {Hit[]} */
  const hits = placed.map((o) => drawObject(ctx, o, used.has(o.id), hover === o.id, at, s, taken));
  // Every footprint centre is taken before any label is placed.
  for (const o of placed) {
    const [px, py] = at(
      /** @type {number[]} */ (o.center)[0],
      /** @type {number[]} */ (o.center)[1],
    );
    taken.push([px - 4, py - 4, px + 4, py + 4]);
  }
  /** @type {Rect[]} */
  const labelRects = [];
  for (const [i, o] of [...placed.entries()].reverse()) {
    const rect = drawLabel(ctx, o, used.has(o.id), hover === o.id, at, s, taken, W, H, unit);
    labelRects.push(rect);
    const h = hits[i];
    hits[i] = {
      id: h.id,
      x1: Math.min(h.x1, rect[0]),
      y1: Math.min(h.y1, rect[1]),
      x2: Math.max(h.x2, rect[2]),
      y2: Math.max(h.y2, rect[3]),
    };
  }
  if (!placed.length) {
    ctx.fillStyle = "#64748b";
    ctx.font = "13px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.fillText(view ? "waiting for 3D positions…" : "objects appear here in 3D", W / 2, H / 2);
    ctx.textAlign = "start";
  }
  canvas.dataset.labels = JSON.stringify(labelRects);
  return hits.reverse();
}

/**
 * A line from (x1, y1) to (x2, y2) with a filled head of `head` pixels at its end.
 *
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} x1 @param {number} y1 @param {number} x2 @param {number} y2
 * @param {number} head
 * @param {string} color fill of the head
 */
export function arrow(ctx, x1, y1, x2, y2, head, color) {
  line(ctx, x1, y1, x2, y2);
  const ang = Math.atan2(y2 - y1, x2 - x1);
  ctx.beginPath();
  ctx.moveTo(x2, y2);
  ctx.lineTo(x2 - head * Math.cos(ang - 0.45), y2 - head * Math.sin(ang - 0.45));
  ctx.lineTo(x2 - head * Math.cos(ang + 0.45), y2 - head * Math.sin(ang + 0.45));
  ctx.closePath();
  ctx.fillStyle = color;
  ctx.fill();
}

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} x1 @param {number} y1 @param {number} x2 @param {number} y2
 */
export function line(ctx, x1, y1, x2, y2) {
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.stroke();
}

/**
 * An object's front on the ground, as a unit 2-D vector, when it is known (confidence above 0
 * and not pointing straight up or down).
 *
 * @param {ObjectView} o
 * @returns {[number, number] | null}
 */
function groundFront(o) {
  if (!o.front || (o.orientation_confidence ?? 1) <= 0) return null;
  const n = Math.hypot(o.front[0], o.front[1]);
  return n > 0.2 ? [o.front[0] / n, o.front[1] / n] : null;
}

/**
 * The footprint, the front arrow (opacity and a number for its confidence) and the centre dot.
 *
 * @param {CanvasRenderingContext2D} ctx
 * @param {ObjectView} o
 * @param {boolean} isUsed
 * @param {boolean} isHover
 * @param {(x: number, y: number) => [number, number]} at
 * @param {number} s pixels per metre
 * @param {Rect[]} taken text written so far; the confidence number is added
 * @returns {Hit} the footprint's bounding box
 */
export function drawObject(ctx, o, isUsed, isHover, at, s, taken) {
  const [x, y] = /** @type {number[]} */ (o.center);
  const w = o.size?.[0] ?? 0.4;
  const l = o.size?.[1] ?? 0.4;
  // The footprint turns with the front when there is one (seen from above); else axis-aligned.
  const front = groundFront(o);
  const f = front ?? [0, 1];
  const r = [f[1], -f[0]];
  /** @type {(a: number, b: number) => [number, number]} */
  const corner = (a, b) =>
    at(x + r[0] * a * w / 2 + f[0] * b * l / 2, y + r[1] * a * w / 2 + f[1] * b * l / 2);
  const color = isHover ? "#ffffff" : isUsed ? USED : colorFor(o.label);
  const corners = [corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1)];
  ctx.beginPath();
  ctx.moveTo(...corners[0]);
  for (const c of corners.slice(1)) ctx.lineTo(...c);
  ctx.closePath();
  ctx.globalAlpha = isUsed || isHover ? 0.35 : 0.18;
  ctx.fillStyle = color;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.lineWidth = isUsed || isHover ? 2.5 : 1.5;
  ctx.strokeStyle = color;
  ctx.stroke();
  const [px, py] = at(x, y);
  if (front) {
    const conf = o.orientation_confidence ?? 1;
    const len = Math.max(l / 2 + 0.35, 0.6);
    const [tx, ty] = at(x + f[0] * len, y + f[1] * len);
    ctx.globalAlpha = 0.35 + 0.65 * Math.min(1, conf);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2.5;
    arrow(ctx, px, py, tx, ty, 9, color);
    ctx.globalAlpha = 1;
    if (o.orientation_confidence !== undefined) {
      ctx.font = "10px system-ui, sans-serif";
      ctx.fillStyle = "#cbd5e1";
      const text = fmt(conf, 2);
      const ang = Math.atan2(ty - py, tx - px);
      const [nx, ny] = [tx + 4 * Math.cos(ang), ty + 4 * Math.sin(ang) + 3];
      ctx.fillText(text, nx, ny);
      taken.push([nx, ny - 9, nx + ctx.measureText(text).width, ny + 2]);
    }
  }
  ctx.beginPath();
  ctx.arc(px, py, 3, 0, 2 * Math.PI);
  ctx.fillStyle = color;
  ctx.fill();
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const m = Math.max(6, 0.1 * s);
  return {
    id: o.id,
    x1: Math.min(...xs, px - m),
    y1: Math.min(...ys, py - m),
    x2: Math.max(...xs, px + m),
    y2: Math.max(...ys, py + m),
  };
}

/**
 * The object's label (`id · distance`), at the first place beside it that overlaps no text,
 * dot or edge — right, left, then further up or down — with a leader line when it had to move.
 *
 * @param {CanvasRenderingContext2D} ctx
 * @param {ObjectView} o
 * @param {boolean} isUsed
 * @param {boolean} isHover
 * @param {(x: number, y: number) => [number, number]} at
 * @param {number} s pixels per metre
 * @param {Rect[]} taken rectangles already written, updated
 * @param {number} W canvas width
 * @param {number} H canvas height
 * @param {string} [unit] how lengths are labelled ({@link unitOf})
 * @returns {Rect} where the label went
 */
export function drawLabel(ctx, o, isUsed, isHover, at, s, taken, W, H, unit = "m") {
  const [x, y] = /** @type {number[]} */ (o.center);
  const [px, py] = at(x, y);
  ctx.font = `${isUsed || isHover ? "700" : "500"} 12px system-ui, sans-serif`;
  const label = `${o.id}${o.distance !== undefined ? ` · ${fmt(o.distance, 1)} ${unit}` : ""}`;
  const tw = ctx.measureText(label).width;
  const gap = Math.min(Math.max(o.size?.[0] ?? 0.4, o.size?.[1] ?? 0.4) * s / 2, 40) + 6;
  /** @type {Rect | null} */
  let best = null;
  let moved = false;
  search: for (const dy of [0, -16, 16, -32, 32, -48, 48, -64, 64]) {
    for (const x0 of [px + gap, px - gap - tw, px - tw / 2]) {
      const y0 = dy === 0 && x0 === px - tw / 2 ? py - gap : py + 4 + dy;
      /** @type {Rect} */
      const rect = [x0 - 2, y0 - 12, x0 + tw + 2, y0 + 3];
      if (rect[0] < 2 || rect[2] > W - 2 || rect[1] < 2 || rect[3] > H - 18) continue;
      if (taken.some((t) => overlaps(t, rect))) continue;
      best = rect;
      moved = dy !== 0;
      break search;
    }
  }
  // Nowhere free: right of the object, clamped inside the canvas.
  if (!best) {
    const x0 = Math.max(4, Math.min(px + gap, W - 4 - tw));
    const y0 = Math.max(14, Math.min(py + 4, H - 20));
    best = [x0 - 2, y0 - 12, x0 + tw + 2, y0 + 3];
  }
  if (moved) {
    ctx.strokeStyle = "rgba(148, 163, 184, 0.6)";
    ctx.lineWidth = 1;
    const lx = best[0] > px ? best[0] : best[2];
    line(ctx, px, py, lx, (best[1] + best[3]) / 2);
  }
  ctx.fillStyle = "rgba(11, 18, 34, 0.75)";
  ctx.fillRect(best[0], best[1], best[2] - best[0], best[3] - best[1]);
  ctx.fillStyle = isHover ? "#ffffff" : isUsed ? "#fde68a" : "#cbd5e1";
  ctx.fillText(label, best[0] + 2, best[3] - 3);
  taken.push(best);
  return best;
}
