/// <reference lib="dom" />
/**
 * The bird's-eye view of a scene file (a SpatialLM layout): its floor plan — walls as lines,
 * doors as orange gaps with an arrow into the room, windows as blue double lines — and its objects
 * as in the photo view, fitted to the canvas, x right, y up the page, metres on a grid. When the
 * scene has a viewpoint, the observer stands at the origin looking along +y. All geometry comes
 * from the server (`POST /api/scene`: scene/floor_plan.ts).
 *
 * @module
 */
import { arrow, drawLabel, drawObject, line, niceStep, prepareCanvas, unitOf } from "./draw_bev.js";

/**
 * @typedef {{ id: string, a: number[], b: number[] }} PlanSegment
 * @typedef {PlanSegment & { kind: "door" | "window", front?: number[] }} PlanOpening
 * @typedef {{ walls: PlanSegment[], openings: PlanOpening[] }} FloorPlan
 */

const WALL = "#cbd5e1";
const DOOR = "#fb923c";
const WINDOW = "#7dd3fc";

/**
 * Draws the plan and the objects into `canvas` (sized to its parent's width).
 *
 * @param {HTMLCanvasElement} canvas
 * @param {FloorPlan} plan
 * @param {import("./draw_image.js").SceneView | null} view
 * @param {boolean} observer true when the origin is the viewpoint (draw the observer there)
 * @param {string | null} [hover]
 */
export function drawPlan(canvas, plan, view, observer, hover = null) {
  const { ctx, W, H } = prepareCanvas(canvas, { min: 260, max: 420, ratio: 0.85 });
  const unit = unitOf(view);
  canvas.dataset.units = unit;

  const objects = (view?.objects ?? []).filter((o) => o.center && !isPlanObject(o, plan));
  const xs = [];
  const ys = [];
  for (const seg of [...plan.walls, ...plan.openings]) {
    xs.push(seg.a[0], seg.b[0]);
    ys.push(seg.a[1], seg.b[1]);
  }
  for (const o of objects) {
    const [x, y] = /** @type {number[]} */ (o.center);
    xs.push(x);
    ys.push(y);
  }
  if (observer || !xs.length) {
    xs.push(0);
    ys.push(0);
  }
  const pad = 30;
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const s = Math.min((W - 2 * pad) / Math.max(x1 - x0, 1), (H - 2 * pad) / Math.max(y1 - y0, 1));
  const ox = W / 2 - s * (x0 + x1) / 2;
  const oy = H / 2 + s * (y0 + y1) / 2;
  /** @param {number} x @param {number} y @returns {[number, number]} */
  const at = (x, y) => [ox + x * s, oy - y * s];

  // Grid with metre labels.
  const step = niceStep(Math.max(W, H) / s);
  ctx.lineWidth = 1;
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = "#64748b";
  ctx.strokeStyle = "#1e293b";
  for (let x = Math.ceil(-ox / s / step) * step; x <= (W - ox) / s; x += step) {
    const [px] = at(x, 0);
    line(ctx, px, 0, px, H);
    ctx.fillText(`${+x.toFixed(2)}`, px + 3, H - 6);
  }
  for (let y = Math.ceil((oy - H) / s / step) * step; y <= oy / s; y += step) {
    const [, py] = at(0, y);
    line(ctx, 0, py, W, py);
    ctx.fillText(`${+y.toFixed(2)} ${unit}`, 4, py - 3);
  }

  ctx.lineCap = "round";
  ctx.strokeStyle = WALL;
  ctx.lineWidth = 4;
  for (const w of plan.walls) line(ctx, ...at(w.a[0], w.a[1]), ...at(w.b[0], w.b[1]));
  for (const o of plan.openings) drawOpening(ctx, o, at);
  ctx.lineCap = "butt";

  if (observer) {
    const [cx, cy] = at(0, 0);
    ctx.fillStyle = "#e2e8f0";
    ctx.beginPath();
    ctx.moveTo(cx, cy - 9);
    ctx.lineTo(cx - 8, cy + 6);
    ctx.lineTo(cx + 8, cy + 6);
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = "#94a3b8";
    ctx.fillText("you", cx + 11, cy + 6);
  }

  const used = new Set(view?.used ?? []);
  canvas.dataset.objects = String(objects.length);
  canvas.dataset.walls = String(plan.walls.length);
  canvas.dataset.openings = String(plan.openings.length);
  /** @type {[number, number, number, number][]} text and footprints drawn so far */
  const taken = [];
  for (const o of objects) drawObject(ctx, o, used.has(o.id), hover === o.id, at, s, taken);
  for (const o of objects) {
    drawLabel(ctx, o, used.has(o.id), hover === o.id, at, s, taken, W, H, unit);
  }
}

/**
 * Walls, doors and windows are drawn by the plan, not as boxes.
 *
 * @param {{ id: string }} o
 * @param {FloorPlan} plan
 */
function isPlanObject(o, plan) {
  return plan.walls.some((w) => w.id === o.id) || plan.openings.some((p) => p.id === o.id);
}

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {PlanOpening} o
 * @param {(x: number, y: number) => [number, number]} at
 */
function drawOpening(ctx, o, at) {
  const [ax, ay] = at(o.a[0], o.a[1]);
  const [bx, by] = at(o.b[0], o.b[1]);
  if (o.kind === "window") {
    // Two thin lines either side of the wall line.
    const n = Math.hypot(bx - ax, by - ay) || 1;
    const [nx, ny] = [(by - ay) / n * 3, -(bx - ax) / n * 3];
    ctx.strokeStyle = WINDOW;
    ctx.lineWidth = 1.5;
    line(ctx, ax + nx, ay + ny, bx + nx, by + ny);
    line(ctx, ax - nx, ay - ny, bx - nx, by - ny);
  } else {
    ctx.strokeStyle = "#0b1222";
    ctx.lineWidth = 6;
    line(ctx, ax, ay, bx, by);
    ctx.strokeStyle = DOOR;
    ctx.lineWidth = 2.5;
    line(ctx, ax, ay, bx, by);
    if (o.front) {
      // An arrow from the door's centre into the room, 0.5 m long.
      const cx = (o.a[0] + o.b[0]) / 2;
      const cy = (o.a[1] + o.b[1]) / 2;
      const [px, py] = at(cx, cy);
      const [tx, ty] = at(cx + o.front[0] * 0.5, cy + o.front[1] * 0.5);
      ctx.lineWidth = 1.5;
      arrow(ctx, px, py, tx, ty, 7, DOOR);
    }
  }
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = o.kind === "door" ? DOOR : WINDOW;
  const [mx, my] = at((o.a[0] + o.b[0]) / 2, (o.a[1] + o.b[1]) / 2);
  ctx.fillText(o.id, mx + 6, my - 6);
}
