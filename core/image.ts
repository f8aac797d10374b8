/**
 * The decoded image every perception model reads. Loading lives in `models/image.ts`.
 *
 * @module
 */

/** An 8-bit RGB image, EXIF orientation already applied, row-major, interleaved. */
export interface RgbImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** width × height × 3 bytes, R G B. */
  data: Uint8Array;
  /** sha256 of the encoded file (hex), the key for caching perception results. */
  sha256: string;
  /** Path it was read from, when it came from a file. */
  path?: string;
  /** EXIF FocalLengthIn35mmFormat, when present. */
  focal35mm?: number;
}
