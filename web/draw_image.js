/// <reference lib="dom" />
/**
 * The photo with each detected object's box and label drawn over it, and the horizon when the
 * trace estimated it; the objects the answer used are drawn thick in the highlight colour, the
 * others thin, and the one under the pointer in white.
 *
 * @module
 */
import { colorFor, fmt, USED } from "./colors.js";

/**
 * One object as the server sends it (server/view.ts `ObjectView`).
 * @typedef {{ id: string, label?: string, box?: number[], score?: number, center?: number[],
 *   size?: number[], front?: number[], orientation_confidence?: number, azimuth_deg?: number,
 *   depth?: number, depth_uncertainty?: number, distance?: number }} ObjectView
 * @typedef {{ objects: ObjectView[], used: string[], units?: string }} SceneView
 *   `units`: how lengths are labelled when they are not metres ("Blender units")
 * The camera as the server sends it (server/view.ts `CameraView`); the ground fields only when
 * the trace estimated them.
 * @typedef {{ fx?: number, fy?: number, cx?: number, cy?: number, source?: string,
 *   hfov_deg?: number, height_m?: number, horizon_y?: number }} CameraView
 * An object's place on a canvas, CSS pixels, for hover and tap: a box, or a circle.
 * @typedef {{ id: string, x1: number, y1: number, x2: number, y2: number }} Hit
 */

/**
 * Draws `bitmap` fitted to `canvas`'s parent width, then the boxes. Boxes are in the pixels of the
 * image the server decoded (`imageSize`), which is the bitmap with EXIF orientation applied.
 *
 * @param {HTMLCanvasElement} canvas
 * @param {ImageBitmap} bitmap
 * @param {SceneView | null} view
 * @param {{ width: number, height: number } | null} imageSize
 * @param {string | null} [hover] id of an object to emphasise
 * @param {CameraView | null} [camera] for the horizon line, when known
 * @returns {Hit[]} the boxes drawn, smallest first (the one a pointer means when boxes nest)
 */
export function drawImage(canvas, bitmap, view, imageSize, hover = null, camera = null) {
  const parent = /** @type {HTMLElement} */ (canvas.parentElement);
  const maxW = parent.clientWidth;
  const maxH = Math.max(240, parent.clientHeight);
  const scale = Math.min(maxW / bitmap.width, maxH / bitmap.height);
  const w = Math.round(bitmap.width * scale);
  const h = Math.round(bitmap.height * scale);
  const dpr = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.drawImage(bitmap, 0, 0, w, h);
  canvas.dataset.boxes = "0";
  const k = w / (imageSize?.width ?? bitmap.width);
  if (camera?.horizon_y !== undefined) drawHorizon(ctx, camera.horizon_y * k, w);
  if (!view) return [];
  const used = new Set(view.used);
  const boxed = view.objects.filter((o) => o.box);
  // What is drawn, for tests and assistive tools (the canvas itself is opaque to both).
  canvas.dataset.boxes = String(boxed.length);
  canvas.setAttribute("aria-label", `photo with ${boxed.length} detected objects`);
  // Unused first, so highlighted boxes sit on top.
  const rank = (/** @type {ObjectView} */ o) => (o.id === hover ? 2 : used.has(o.id) ? 1 : 0);
  boxed.sort((a, b) => rank(a) - rank(b));
  if (used.size) {
    ctx.fillStyle = "rgba(2, 6, 23, 0.28)";
    ctx.fillRect(0, 0, w, h);
    for (const o of boxed.filter((o) => used.has(o.id))) {
      const [x1, y1, x2, y2] = /** @type {number[]} */ (o.box).map((v) => v * k);
      ctx.drawImage(
        bitmap,
        x1 / scale,
        y1 / scale,
        (x2 - x1) / scale,
        (y2 - y1) / scale,
        x1,
        y1,
        x2 - x1,
        y2 - y1,
      );
    }
  }
  ctx.font = "600 13px system-ui, sans-serif";
  ctx.textBaseline = "top";
  /** @type {Hit[]} */
  const hits = [];
  for (const o of boxed) {
    const [x1, y1, x2, y2] = /** @type {number[]} */ (o.box).map((v) => v * k);
    hits.push({ id: o.id, x1, y1, x2, y2 });
    const isUsed = used.has(o.id);
    const isHover = hover === o.id;
    const color = isHover ? "#ffffff" : isUsed ? USED : colorFor(o.label);
    ctx.lineWidth = isUsed || isHover ? 3.5 : 2;
    ctx.strokeStyle = color;
    ctx.setLineDash(isUsed || !used.size ? [] : [6, 4]);
    ctx.strokeRect(x1, y1, x2 - x1, y2 - y1);
    ctx.setLineDash([]);
    const text = `${o.id}${o.score !== undefined ? ` ${fmt(o.score * 100, 0)}%` : ""}`;
    const tw = ctx.measureText(text).width + 10;
    const ty = y1 >= 20 ? y1 - 20 : y1;
    ctx.fillStyle = color;
    ctx.fillRect(x1 - 1, ty, tw, 20);
    ctx.fillStyle = "#0b1120";
    ctx.fillText(text, x1 + 4, ty + 3);
  }
  canvas.dataset.hover = hover ?? "";
  return hits.sort((a, b) => (a.x2 - a.x1) * (a.y2 - a.y1) - (b.x2 - b.x1) * (b.y2 - b.y1));
}

/**
 * The horizon: a dashed line across the photo at row `y` (CSS pixels).
 *
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} y
 * @param {number} w
 */
function drawHorizon(ctx, y, w) {
  ctx.save();
  ctx.strokeStyle = "rgba(125, 211, 252, 0.9)";
  ctx.lineWidth = 1.5;
  ctx.setLineDash([8, 6]);
  ctx.beginPath();
  ctx.moveTo(0, y);
  ctx.lineTo(w, y);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.font = "12px system-ui, sans-serif";
  ctx.fillStyle = "rgba(125, 211, 252, 0.95)";
  ctx.fillText("horizon", 6, y - 4);
  ctx.restore();
}
