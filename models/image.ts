/**
 * The one image loader: JPEG, PNG and WebP through sharp, EXIF orientation applied, the EXIF
 * 35 mm-equivalent focal length read, and limits on bytes and pixels checked from the header
 * before anything is decoded. Every failure is an {@link InputError} naming the path.
 *
 * @module
 */
import { loadSharp } from "./sharp.ts";
import { createHash } from "node:crypto";
import { InputError } from "../core/errors.ts";
import { readInputFile } from "../core/input_file.ts";
import { checkPngHeader } from "./png_header.ts";
import type { RgbImage } from "../core/image.ts";

/** Limits that keep a hostile or broken file from exhausting memory. */
export interface ImageLimits {
  /** Largest encoded file, bytes. */
  maxBytes: number;
  /** Largest decoded image, width × height. */
  maxPixels: number;
}

/** 64 MiB and 100 megapixels: above any phone photo, far below what would exhaust memory. */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: 64 * 2 ** 20, maxPixels: 100e6 };

/** Encoded formats accepted, as sharp names them. */
const FORMATS = new Set(["jpeg", "png", "webp"]);

/** sha256 of bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** sharp's message without its internal prefixes, for the reason of an InputError. */
function sharpReason(e: unknown): string {
  const msg = (e as Error)?.message ?? String(e);
  return msg.split("\n")[0].replace(/^Input (buffer|file) /, "");
}

/**
 * Loads an image from a path or encoded bytes into 8-bit RGB with EXIF orientation applied.
 * Missing, empty, non-image, truncated and oversized files are {@link InputError}s.
 */
export async function loadImage(
  source: string | Uint8Array,
  limits: Partial<ImageLimits> = {},
): Promise<RgbImage> {
  const sharp = await loadSharp();
  const { maxBytes, maxPixels } = { ...DEFAULT_IMAGE_LIMITS, ...limits };
  const path = typeof source === "string" ? source : undefined;
  const field = path ?? "image";
  const bytes = typeof source === "string"
    ? await readInputFile(source, { what: "image", maxBytes })
    : source;
  if (bytes.length === 0) throw new InputError(field, "file is empty (0 bytes)");
  if (bytes.length > maxBytes) {
    throw new InputError(
      field,
      `image is ${bytes.length} bytes, more than the limit of ${maxBytes}`,
    );
  }
  checkPngHeader(bytes, field);
  // Header first: a decompression bomb is refused before a single pixel is decoded.
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata().catch((e) => {
    throw new InputError(field, `not a readable image: ${sharpReason(e)}`, "use JPEG, PNG or WebP");
  });
  if (!meta.format || !FORMATS.has(meta.format)) {
    throw new InputError(
      field,
      `unsupported image format "${meta.format}"`,
      "use JPEG, PNG or WebP",
    );
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (!(w > 0 && h > 0)) throw new InputError(field, "image has no pixels");
  if (w * h > maxPixels) {
    throw new InputError(
      field,
      `image is ${w}×${h} = ${w * h} pixels, more than the limit of ${maxPixels} ` +
        "(possible decompression bomb)",
    );
  }
  const raw = await sharp(bytes, { limitInputPixels: maxPixels, failOn: "truncated" })
    .rotate()
    .toColourspace("srgb")
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((e) => {
      throw new InputError(field, `cannot decode image (truncated or corrupt): ${sharpReason(e)}`);
    });
  const { width, height, channels } = raw.info;
  if (channels !== 3) throw new InputError(field, `decoded to ${channels} channels, expected 3`);
  const image: RgbImage = {
    width,
    height,
    data: new Uint8Array(raw.data.buffer, raw.data.byteOffset, width * height * 3),
    sha256: sha256Hex(bytes),
  };
  if (path) image.path = path;
  const focal = await focal35mmOf(bytes);
  if (focal) image.focal35mm = focal;
  return image;
}

/** EXIF FocalLengthIn35mmFormat, or undefined when absent or unreadable (EXIF is optional). */
async function focal35mmOf(bytes: Uint8Array): Promise<number | undefined> {
  try {
    const { default: exifr } = await import("exifr");
    const tags = await exifr.parse(bytes, { pick: ["FocalLengthIn35mmFormat"] });
    const f = tags?.FocalLengthIn35mmFormat;
    return typeof f === "number" && Number.isFinite(f) && f > 0 ? f : undefined;
  } catch {
    return undefined;
  }
}
