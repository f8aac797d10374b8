import assert from "node:assert/strict";
import { describeFacing } from "./facing.ts";
import { frontFromAngles } from "./frame.ts";

Deno.test("describeFacing names the sector and the azimuth", () => {
  assert.equal(describeFacing(frontFromAngles(150)), "facing right, away from the camera (150°)");
  assert.equal(describeFacing(frontFromAngles(170)), "facing away (170°)");
  assert.equal(describeFacing(frontFromAngles(350)), "facing the camera (350°)");
  assert.equal(describeFacing(frontFromAngles(5)), "facing the camera (5°)");
  assert.equal(describeFacing(frontFromAngles(270)), "facing left (270°)");
  assert.equal(describeFacing([0.7, 0.7, 0]), "facing right, away from the camera (135°)");
});
