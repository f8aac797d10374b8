/**
 * 2D detections and the box arithmetic every detector adapter shares: IoU and class-wise
 * non-maximum suppression.
 *
 * @module
 */

/** [x1, y1, x2, y2] in original-image pixels. */
export type Box = [number, number, number, number];

/** One detected object. */
export interface Detection {
  /** Class label (COCO name, or the query phrase for open-vocabulary detectors). */
  label: string;
  /** Confidence in [0, 1]. */
  score: number;
  box: Box;
}

/** Intersection over union of two boxes (0 when either is empty). */
export function iou(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const area = (x: Box) => Math.max(0, x[2] - x[0]) * Math.max(0, x[3] - x[1]);
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Class-wise non-maximum suppression: highest score first, a box is dropped when it overlaps a
 * kept box of the same label by more than `iouThreshold`, or a kept box of another label by more
 * than `crossClassIou` (one object given two labels, e.g. a dog also scored as a cat; 1 turns
 * this off). Returns at most `max` detections, highest score first.
 */
export function nms(
  dets: Detection[],
  iouThreshold: number,
  max = Infinity,
  crossClassIou = 1,
): Detection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const d of sorted) {
    if (kept.length >= max) break;
    const dup = kept.some((k) => {
      const o = iou(k.box, d.box);
      return k.label === d.label ? o > iouThreshold : o > crossClassIou;
    });
    if (!dup) kept.push(d);
  }
  return kept;
}

/** Clamps a box to the image. */
export function clipBox(b: Box, width: number, height: number): Box {
  const cx = (x: number) => Math.min(width, Math.max(0, x));
  const cy = (y: number) => Math.min(height, Math.max(0, y));
  return [cx(b[0]), cy(b[1]), cx(b[2]), cy(b[3])];
}
