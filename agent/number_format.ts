/**
 * The one number formatter of answers, reasoning and SR-CoT text: two decimals, never `-0.00`;
 * vectors as `(a, b, c)`; lengths in a named unit.
 *
 * @module
 */

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
} as const;

/** A length unit's short name. */
export type LengthUnit = keyof typeof LENGTH_UNITS;

/** A length in metres converted to `unit`, rounded to two decimals (as a number). */
export function convertLength(metres: number, unit: LengthUnit): number {
  return Math.round(metres / LENGTH_UNITS[unit].metres * 100) / 100;
}

/** A length in metres written in `unit`: `"1.50 m"`, `"4.92 feet"`, `"150.00 centimetres"`. */
export function formatLength(metres: number, unit: LengthUnit = "m"): string {
  if (unit === "m") return `${num2(metres)} m`;
  const v = metres / LENGTH_UNITS[unit].metres;
  return `${num2(v)} ${
    num2(v) === "1.00" ? LENGTH_UNITS[unit].singular : LENGTH_UNITS[unit].plural
  }`;
}
