/**
 * Depth maps supplied with an image (RGB-D input): a 16-bit PNG whose values divided by a scale
 * are metres (1000 for millimetres, 256 for KITTI), or raw little-endian float32 metres. Both
 * become a {@link DepthMap} aligned with the image; 0, negative or non-finite = no measurement.
 *
 * @module
 */
import { loadSharp } from "./sharp.ts";
import { readInputFile } from "../core/input_file.ts";
import { checkPngHeader, isPng } from "./png_header.ts";
import { InputError } from "../core/errors.ts";
import type { DepthMap } from "../tools/workspace.ts";
import { DEFAULT_IMAGE_LIMITS } from "./image.ts";

/** Where the depth values come from and how to read them. */
export interface DepthSource {
  /** File path: `.png` (16-bit) or anything else read as raw float32. */
  path: string;
  /** PNG value per metre (1000 = millimetres). Required for PNG. */
  scale?: number;
  /** Size of a raw float32 file; defaults to the image's. */
  width?: number;
  height?: number;
}

/**
 * Loads a depth map and checks it matches the image size. `expect` is the RGB image's size.
 */
export async function loadDepthMap(
  src: DepthSource,
  expect: { width: number; height: number },
): Promise<DepthMap> {
  const bytes = await readInputFile(src.path, {
    what: "depth file",
    maxBytes: DEFAULT_IMAGE_LIMITS.maxBytes,
  });
  if (bytes.length === 0) throw new InputError(src.path, "depth file is empty (0 bytes)");
  const png = isPng(bytes);
  checkPngHeader(bytes, src.path);
  const map = png ? await fromPng(src, bytes) : fromRaw(src, bytes, expect);
  if (map.width !== expect.width || map.height !== expect.height) {
    throw new InputError(
      src.path,
      `depth map is ${map.width}×${map.height}, the image is ${expect.width}×${expect.height}`,
      "the depth map must be registered to the RGB image, pixel for pixel",
    );
  }
  return map;
}

async function fromPng(src: DepthSource, bytes: Uint8Array): Promise<DepthMap> {
  const sharp = await loadSharp();
  const scale = src.scale;
  if (!(scale !== undefined && Number.isFinite(scale) && scale > 0)) {
    throw new InputError(
      "--depth-scale",
      scale === undefined
        ? "is required with a 16-bit PNG depth map (PNG value per metre); none was given"
        : `must be a positive number (PNG value per metre), got ${scale}`,
      "--depth-scale 1000 for millimetres (NYU, most RGB-D cameras), 256 for KITTI, or " +
        "--camera camera.json with depth_png_scale",
    );
  }
  const meta = await sharp(bytes).metadata().catch((e) => {
    throw new InputError(src.path, `not a readable PNG: ${(e as Error).message}`);
  });
  if (meta.channels !== 1 || meta.depth !== "ushort") {
    throw new InputError(
      src.path,
      `depth PNG must be 16-bit single-channel, got ${meta.channels} channel(s) of ${meta.depth}`,
    );
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > DEFAULT_IMAGE_LIMITS.maxPixels) {
    throw new InputError(src.path, "depth PNG has too many pixels");
  }
  const raw = await sharp(bytes, { failOn: "truncated" }).toColourspace("grey16")
    .raw({ depth: "ushort" }).toBuffer({ resolveWithObject: true }).catch((e) => {
      throw new InputError(src.path, `cannot decode depth PNG: ${(e as Error).message}`);
    });
  const { width, height } = raw.info;
  const u16 = new Uint16Array(
    raw.data.buffer.slice(raw.data.byteOffset, raw.data.byteOffset + width * height * 2),
  );
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = u16[i] / scale;
  return { width, height, data, source: `rgbd:${src.path}` };
}

function fromRaw(
  src: DepthSource,
  bytes: Uint8Array,
  expect: { width: number; height: number },
): DepthMap {
  const width = src.width ?? expect.width;
  const height = src.height ?? expect.height;
  if (bytes.length !== width * height * 4) {
    throw new InputError(
      src.path,
      `raw float32 depth must be ${width}×${height}×4 = ${width * height * 4} bytes, ` +
        `got ${bytes.length}`,
      "use a 16-bit PNG with --depth-scale, or a raw little-endian float32 file in metres",
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const v = view.getFloat32(i * 4, true);
    data[i] = Number.isFinite(v) && v > 0 ? v : 0;
  }
  return { width, height, data, source: `rgbd:${src.path}` };
}
