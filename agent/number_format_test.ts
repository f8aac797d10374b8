import assert from "node:assert/strict";
import { convertLength, formatLength, num2 } from "./number_format.ts";

Deno.test("number format: two decimals, never −0.00", () => {
  assert.equal(num2(1.005), "1.00");
  assert.equal(num2(-0.001), "0.00");
  assert.equal(num2(2.5), "2.50");
});

Deno.test("number format: lengths converted and named in the unit asked for", () => {
  assert.equal(formatLength(1.5), "1.50 m");
  assert.equal(formatLength(1.5, "cm"), "150.00 centimetres");
  assert.equal(formatLength(0.3048, "ft"), "1.00 foot");
  assert.equal(formatLength(9.144, "yd"), "10.00 yards");
  assert.equal(convertLength(1, "in"), 39.37);
  assert.equal(formatLength(1.5, "m", "Blender units"), "1.50 Blender units");
  assert.throws(() => formatLength(1.5, "ft", "Blender units"), /cannot be written in feet/);
});
