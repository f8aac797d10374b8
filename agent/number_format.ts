/**
 * The one number formatter of answers, reasoning and SR-CoT text: two decimals, never `-0.00`;
 * vectors as `(a, b, c)`; lengths in a named unit. Lengths are in the frame's units
 * (core/frame.ts `FrameUnits`): metres, or Blender units for a rendered scene, which are never
 * called metres and cannot be converted to feet or centimetres ({@link convertible}).
 *
 * @module
 */
import type { FrameUnits } from "../core/frame.ts";

export type { FrameUnits } from "../core/frame.ts";

/** A number with two decimals, never `-0.00`. */
export function num2(x: number): string {
  const s = x.toFixed(2);
  return s === "-0.00" ? "0.00" : s;
}

/** A vector as `(a, b, c)` with two decimals per component. */
export function vec2(v: readonly number[]): string {
  return `(${v.map(num2).join(", ")})`;
}

/** Length units an answer can be asked in. */
export const LENGTH_UNITS = {
  m: { metres: 1, singular: "metre", plural: "metres" },
  cm: { metres: 0.01, singular: "centimetre", plural: "centimetres" },
  mm: { metres: 0.001, singular: "millimetre", plural: "millimetres" },
  ft: { metres: 0.3048, singular: "foot", plural: "feet" },
  in: { metres: 0.0254, singular: "inch", plural: "inches" },
  yd: { metres: 0.9144, singular: "yard", plural: "yards" },
} as const;

/** A length unit's short name. */
export type LengthUnit = keyof typeof LENGTH_UNITS;

/** A length in metres converted to `unit`, rounded to two decimals (as a number). */
export function convertLength(metres: number, unit: LengthUnit): number {
  return Math.round(metres / LENGTH_UNITS[unit].metres * 100) / 100;
}

/**
 * How a frame's units are written: `symbol` after a number in answers and reasoning ("2.50 m"),
 * `word` in training records' answers and in generated questions ("2.50 meters", "in meters?",
 * the spelling the generator has always used).
 */
export const UNITS_TEXT: Record<FrameUnits, { symbol: string; word: string; cubic: string }> = {
  metres: { symbol: "m", word: "meters", cubic: "m³" },
  "Blender units": { symbol: "Blender units", word: "Blender units", cubic: "cubic Blender units" },
};

/**
 * Whether lengths in `units` can be given in a unit a question names ("in feet", "in meters"):
 * metres convert; Blender units have no fixed size in any physical unit, so they do not.
 */
export function convertible(units: FrameUnits): boolean {
  return units === "metres";
}

/** The unit after a length (`power` 1) or a volume (`power` 3) in `units`: "m", "m³". */
export function unitSymbol(units: FrameUnits = "metres", power: 1 | 3 = 1): string {
  return power === 3 ? UNITS_TEXT[units].cubic : UNITS_TEXT[units].symbol;
}

/**
 * A length written in `unit`: `"1.50 m"`, `"4.92 feet"`, `"150.00 centimetres"`; in a frame
 * whose units are not metres, in those units (`"1.50 Blender units"`), and asking for another
 * unit there is an error (check {@link convertible} first). `form: "word"` spells the frame's
 * unit out as records do (`"1.50 meters"`).
 */
export function formatLength(
  value: number,
  unit: LengthUnit = "m",
  units: FrameUnits = "metres",
  form: "symbol" | "word" = "symbol",
): string {
  if (unit !== "m" && !convertible(units)) {
    throw new Error(`a length in ${units} cannot be written in ${LENGTH_UNITS[unit].plural}`);
  }
  if (unit === "m") return `${num2(value)} ${UNITS_TEXT[units][form]}`;
  const v = value / LENGTH_UNITS[unit].metres;
  return `${num2(v)} ${
    num2(v) === "1.00" ? LENGTH_UNITS[unit].singular : LENGTH_UNITS[unit].plural
  }`;
}
