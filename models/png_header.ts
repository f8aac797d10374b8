/**
 * The PNG header check decoders skip: the IHDR chunk (width, height, bit depth, colour type)
 * must be the first chunk and its CRC must match, so a damaged header is refused instead of
 * decoded into the wrong size or garbage.
 *
 * @module
 */
import { crc32 } from "node:zlib";
import { InputError } from "../core/errors.ts";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Throws an {@link InputError} naming `field` when a PNG's IHDR chunk is missing or corrupt. */
export function checkPngHeader(bytes: Uint8Array, field: string): void {
  if (!isPng(bytes)) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = new TextDecoder().decode(bytes.subarray(12, 16));
  if (bytes.length < 33 || view.getUint32(8) !== 13 || type !== "IHDR") {
    throw new InputError(field, "PNG header (IHDR) is missing or cut short", "the file is damaged");
  }
  const stored = view.getUint32(29);
  if (crc32(bytes.subarray(12, 29)) !== stored) {
    throw new InputError(field, "PNG header (IHDR) fails its CRC check", "the file is damaged");
  }
}
