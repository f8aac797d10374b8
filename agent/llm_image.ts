/**
 * The image as a vision model receives it: the decoded (EXIF-rotated) pixels re-encoded as JPEG,
 * so the model sees exactly the orientation the detector's boxes refer to, scaled down to a
 * size vision encoders take without wasting tokens.
 *
 * @module
 */
import { loadSharp } from "../models/sharp.ts";
import type { RgbImage } from "../core/image.ts";

/** Longest side sent to the model, pixels. */
export const LLM_IMAGE_MAX_SIDE = 1024;

/** JPEG bytes of the image, longest side at most `maxSide`. */
export async function encodeForLlm(
  image: RgbImage,
  maxSide = LLM_IMAGE_MAX_SIDE,
): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const buf = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true })
    .jpeg({ quality: 90 })
    .toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
