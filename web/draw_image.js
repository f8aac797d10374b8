/**
 * The photo with each detected object's box and label drawn over it; the objects the answer used
 * are drawn thick in the highlight colour, the others thin.
 *
 * @module
 */
import { colorFor, fmt, USED } from "./colors.js";

/**
 * @typedef {{ id: string, label?: string, box?: number[], score?: number, center?: number[],
 *   size?: number[], front?: number[], orientation_confidence?: number, distance?: number }} ObjectView
 * @typedef {{ objects: ObjectView[], used: string[] }} SceneView
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
 */
export function drawImage(canvas, bitmap, view, imageSize, hover = null) {
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
  if (!view) return;
  const k = w / (imageSize?.width ?? bitmap.width);
  const used = new Set(view.used);
  const boxed = view.objects.filter((o) => o.box);
  // What is drawn, for tests and assistive tools (the canvas itself is opaque to both).
  canvas.dataset.boxes = String(boxed.length);
  canvas.setAttribute("aria-label", `photo with ${boxed.length} detected objects`);
  // Unused first, so highlighted boxes sit on top.
  boxed.sort((a, b) => Number(used.has(a.id)) - Number(used.has(b.id)));
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
  for (const o of boxed) {
    const [x1, y1, x2, y2] = /** @type {number[]} */ (o.box).map((v) => v * k);
    const isUsed = used.has(o.id);
    const color = isUsed ? USED : colorFor(o.label);
    ctx.lineWidth = isUsed || hover === o.id ? 3.5 : 2;
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
}
