/**
 * Checks an output path before any work is done, so that a result is never computed and then
 * lost: the path must be a regular file or absent, in an existing folder that can be written.
 * Devices (`/dev/full`), FIFOs and directories are refused, links are followed.
 *
 * @module
 */
import { dirname } from "node:path";
import { InputError } from "./errors.ts";

/**
 * Throws an {@link InputError} naming `field` unless `path` can be written as a file: an
 * existing regular file (opened for writing, not changed), or a new name in a writable folder
 * (created and removed again).
 */
export async function checkOutputPath(path: string, field: string): Promise<void> {
  let info: Deno.FileInfo | undefined;
  try {
    info = await Deno.stat(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) {
      throw new InputError(field, `${path}: cannot use as output: ${(e as Error).message}`);
    }
  }
  if (info) {
    if (!info.isFile) {
      const kind = info.isDirectory ? "a directory" : "not a regular file";
      throw new InputError(field, `${path} is ${kind}`, "give a file path");
    }
    try {
      (await Deno.open(path, { write: true })).close();
    } catch (e) {
      throw new InputError(field, `${path}: cannot write: ${(e as Error).message}`);
    }
    return;
  }
  const dir = dirname(path);
  const parent = await Deno.stat(dir).catch(() => undefined);
  if (!parent?.isDirectory) {
    throw new InputError(field, `folder ${dir} does not exist`, "create it first");
  }
  try {
    (await Deno.open(path, { write: true, createNew: true })).close();
    await Deno.remove(path);
  } catch (e) {
    throw new InputError(field, `${path}: cannot create: ${(e as Error).message}`);
  }
}
