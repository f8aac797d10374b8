/**
 * Colour names from pixels, for "the red car": each pixel of the inner part of a box (the
 * middle 60 % each way, to leave out most background) is named from its HSV value, and the
 * box's colours are the names covering at least {@link MIN_COLOUR_SHARE} of those pixels.
 *
 * The naming (H in degrees, S and V in [0, 1]):
 * - V < 0.2 → black; else S < 0.15 → white (V > 0.8) or gray;
 * - else by hue: red H < 15 or H ≥ 345, orange 15–40 (brown when V < 0.6), yellow 40–70,
 *   green 70–170, blue 170–260, purple 260–300, pink 300–345.
 *
 * @module
 */
import type { RgbImage } from "./image.ts";

/** The colour names, in naming order. */
export const COLOUR_NAMES = [
  "black",
  "white",
  "gray",
  "red",
  "orange",
  "brown",
  "yellow",
  "green",
  "blue",
  "purple",
  "pink",
] as const;

/** One colour name. */
export type ColourName = typeof COLOUR_NAMES[number];

/** Share of the box's inner pixels a name needs to count as the box's colour. */
export const MIN_COLOUR_SHARE = 0.25;

/** The name of one 8-bit RGB pixel (see the module doc). */
export function nameColour(r: number, g: number, b: number): ColourName {
  const max = Math.max(r, g, b) / 255;
  const min = Math.min(r, g, b) / 255;
  const v = max;
  const s = max === 0 ? 0 : (max - min) / max;
  if (v < 0.2) return "black";
  if (s < 0.15) return v > 0.8 ? "white" : "gray";
  const d = max - min;
  const [rf, gf, bf] = [r / 255, g / 255, b / 255];
  let h = max === rf ? ((gf - bf) / d) % 6 : max === gf ? (bf - rf) / d + 2 : (rf - gf) / d + 4;
  h = (h * 60 + 360) % 360;
  if (h < 15 || h >= 345) return "red";
  if (h < 40) return v < 0.6 ? "brown" : "orange";
  if (h < 70) return "yellow";
  if (h < 170) return "green";
  if (h < 260) return "blue";
  if (h < 300) return "purple";
  return "pink";
}

/** Share of each colour name among the inner pixels of `box` ([x1, y1, x2, y2] pixels). */
export function boxColours(
  image: RgbImage,
  box: readonly [number, number, number, number],
): Partial<Record<ColourName, number>> {
  const [x1, y1, x2, y2] = box;
  const mx = (x2 - x1) * 0.2;
  const my = (y2 - y1) * 0.2;
  const xa = Math.max(0, Math.floor(x1 + mx));
  const xb = Math.min(image.width, Math.ceil(x2 - mx));
  const ya = Math.max(0, Math.floor(y1 + my));
  const yb = Math.min(image.height, Math.ceil(y2 - my));
  // At most about 4 000 samples whatever the box size.
  const step = Math.max(1, Math.floor(Math.sqrt(((xb - xa) * (yb - ya)) / 4000)));
  const counts: Partial<Record<ColourName, number>> = {};
  let n = 0;
  for (let y = ya; y < yb; y += step) {
    for (let x = xa; x < xb; x += step) {
      const i = (y * image.width + x) * 3;
      const name = nameColour(image.data[i], image.data[i + 1], image.data[i + 2]);
      counts[name] = (counts[name] ?? 0) + 1;
      n++;
    }
  }
  for (const k of Object.keys(counts) as ColourName[]) counts[k] = counts[k]! / n;
  return counts;
}

/** Canonical colour name of a word ("grey" → gray), or undefined. */
export function colourWord(word: string): ColourName | undefined {
  const w = word === "grey" ? "gray" : word === "violet" ? "purple" : word;
  return (COLOUR_NAMES as readonly string[]).includes(w) ? w as ColourName : undefined;
}
