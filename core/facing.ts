/**
 * Plain words for an object's facing, from its front: "facing away (150°)". The azimuth is
 * {@link anglesFromFront}'s (0 = toward the camera, 90 = toward the camera's right, 180 = away,
 * 270 = toward the camera's left); eight 45° sectors get their own words.
 *
 * @module
 */
import { anglesFromFront } from "./frame.ts";
import type { Vec3 } from "./vec.ts";

const SECTORS = [
  "facing the camera",
  "facing right, toward the camera",
  "facing right",
  "facing right, away from the camera",
  "facing away",
  "facing left, away from the camera",
  "facing left",
  "facing left, toward the camera",
];

/** E.g. `facing away (150°)`; left/right are the camera's (the image's). */
export function describeFacing(front: Vec3): string {
  const az = anglesFromFront(front).azimuthDeg;
  const sector = Math.floor(((az + 22.5) % 360) / 45);
  return `${SECTORS[sector]} (${Math.round(az) % 360}°)`;
}
