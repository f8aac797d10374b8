/**
 * Tiled detection for wide and high-resolution images. A detector with a square input (YOLOX-nano:
 * 416²) letterboxes the whole image, so every object shrinks by input / longer side: a 1242×375
 * KITTI frame is shown at a third of its size and a car 60 m away becomes 4 px tall, below what
 * the network's finest stride (8 px) finds. Running the detector also on overlapping square tiles
 * shows each part of the image at tile scale; the boxes are mapped back and merged with the
 * whole-image pass by class-wise NMS.
 *
 * **When** ({@link planTiles}): tiles are squares of side T = min(shorter side, 2 × input), so a
 * tile is shown at no less than half its native resolution. The gain over the whole-image pass is
 * longer side / T (objects that many times larger). `auto` tiles only a wide image — longer side
 * at least {@link AUTO_ASPECT} × the shorter (KITTI 3.3:1, dash-cams, panoramas), where the
 * letterbox leaves most of the input as padding and the gain is the aspect itself; an ordinary
 * photo is not tiled, however large, since its tiles would cost in proportion to its area. `on`
 * tiles any image whose gain is at least {@link MIN_GAIN}; `off` never tiles.
 *
 * **Where**: tiles overlap by at least {@link MIN_OVERLAP} of T along each axis, evenly spaced, at
 * most {@link MAX_TILES} (T grows until they fit; only an image more than ~10× wider than high,
 * whose tiles cannot grow past its height, gets more).
 *
 * **Boxes cut by a tile border**: a tile box touching a tile side that is not the image border is
 * cut there and dropped. An object narrower than the overlap lies wholly inside a neighbouring
 * tile; a larger one is at least overlap × (input / longer side) px in the whole-image pass,
 * which finds it.
 *
 * @module
 */
import { type Detection, nms } from "./boxes.ts";

/** `auto` (wide images only), `on` (whenever it gains), `off`. */
export type TilingMode = "auto" | "on" | "off";

/** The tiling modes, for flag and environment checks. */
export const TILING_MODES: readonly TilingMode[] = ["auto", "on", "off"];

/** `auto` tiles images at least this many times wider than high (or higher than wide). */
export const AUTO_ASPECT = 2;

/** Tiling is pointless unless objects come out at least this many times larger. */
export const MIN_GAIN = 1.5;

/** Neighbouring tiles overlap by at least this part of their side. */
export const MIN_OVERLAP = 0.2;

/** At most this many tiles (besides the whole-image pass). */
export const MAX_TILES = 12;

/** A box edge this close (pixels) to an inner tile side counts as cut by it. */
const CUT_PX = 2;

/** A square region of the image, integer pixels, wholly inside it. */
export interface Tile {
  left: number;
  top: number;
  side: number;
}

/** Evenly spaced starts of `n` windows of `side` over `length`, first at 0, last at the end. */
function starts(length: number, side: number, n: number): number[] {
  if (n <= 1) return [0];
  const step = (length - side) / (n - 1);
  return Array.from({ length: n }, (_, i) => Math.round(i * step));
}

/** Windows of `side` along `length` with at least {@link MIN_OVERLAP} overlap. */
function count(length: number, side: number): number {
  return length <= side ? 1 : Math.ceil((length - side) / (side * (1 - MIN_OVERLAP))) + 1;
}

/**
 * The tiles to run for a `width` × `height` image and a detector input of `inputSize` px (see
 * the module doc for the rule); empty when the image is not tiled.
 */
export function planTiles(
  width: number,
  height: number,
  inputSize: number,
  mode: TilingMode,
): Tile[] {
  if (mode === "off") return [];
  const long = Math.max(width, height), short = Math.min(width, height);
  if (mode === "auto" && long < AUTO_ASPECT * short) return [];
  let side = Math.min(short, 2 * inputSize);
  while (side < short && count(width, side) * count(height, side) > MAX_TILES) {
    side = Math.min(short, Math.ceil(side * 1.25));
  }
  if (long / side < MIN_GAIN) return [];
  const tiles: Tile[] = [];
  for (const top of starts(height, side, count(height, side))) {
    for (const left of starts(width, side, count(width, side))) tiles.push({ left, top, side });
  }
  return tiles;
}

/**
 * Tile detections (already in image pixels) without the boxes cut by an inner tile side: those
 * with an edge within {@link CUT_PX} of a tile side that is not also the image border.
 */
export function dropCutBoxes(
  dets: Detection[],
  tile: Tile,
  image: { width: number; height: number },
): Detection[] {
  const { left, top, side } = tile;
  const inner = {
    left: left > 0,
    top: top > 0,
    right: left + side < image.width,
    bottom: top + side < image.height,
  };
  return dets.filter(({ box: [x0, y0, x1, y1] }) =>
    !(inner.left && x0 <= left + CUT_PX) &&
    !(inner.top && y0 <= top + CUT_PX) &&
    !(inner.right && x1 >= left + side - CUT_PX) &&
    !(inner.bottom && y1 >= top + side - CUT_PX)
  );
}

/** Moves tile-pixel detections into image pixels. */
export function toImage(dets: Detection[], tile: Tile): Detection[] {
  const { left: dx, top: dy } = tile;
  return dets.map((d) => ({
    ...d,
    box: [d.box[0] + dx, d.box[1] + dy, d.box[2] + dx, d.box[3] + dy],
  }));
}

/** NMS settings of the merge: as the detector's own. */
export interface MergeOptions {
  nmsIou: number;
  maxDetections: number;
  duplicateIou: number;
}

/**
 * The whole-image detections and every tile's (tile pixels), merged: tile boxes mapped back, cut
 * boxes dropped, then class-wise NMS over all of them (the best-scoring box of an object wins,
 * whichever pass found it).
 */
export function mergeTiled(
  whole: Detection[],
  tiles: { tile: Tile; detections: Detection[] }[],
  image: { width: number; height: number },
  opts: MergeOptions,
): Detection[] {
  const all = [...whole];
  for (const t of tiles) all.push(...dropCutBoxes(toImage(t.detections, t.tile), t.tile, image));
  return nms(all, opts.nmsIou, opts.maxDetections, opts.duplicateIou);
}
