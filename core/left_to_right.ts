/**
 * The one left-to-right ordering of objects as the camera sees them: by the horizontal centre of
 * the box in the image when there is one, else by the bearing of the 3D centre (degrees,
 * atan2(x, y) in our frame: negative is left). Smaller keys are further left. Compare keys of the
 * same kind only (all boxes, or all bearings).
 *
 * @module
 */

/** The ordering key of one object, or undefined when it has neither a box nor a centre. */
export function leftToRightKey(
  box?: readonly number[],
  center?: readonly number[],
): number | undefined {
  if (box) return (box[0] + box[2]) / 2;
  if (!center) return undefined;
  return Math.atan2(center[0], center[1]) * 180 / Math.PI;
}
