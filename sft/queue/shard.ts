/**
 * A shard: what one job perceived, for each of its inputs either the scene to generate from or
 * the reason it could not be used. Written to a temporary name, synced, then renamed, so a shard
 * under its final name is always whole; a worker killed mid-write leaves only a `.tmp-*` file
 * that nothing reads. Encoded with V8's structured serialisation (node:v8), which keeps every
 * number bit for bit (-0, NaN, Float32Array depth maps), so the merge computes exactly what a
 * single machine computes.
 *
 * @module
 */
import { deserialize, serialize } from "node:v8";
import { join } from "node:path";
import type { SceneInput } from "../generate.ts";
import type { Workspace, WorkspaceObject } from "../../tools/workspace.ts";

/** One input of a shard. */
export type ShardUnit =
  | { key: string; input: StoredInput }
  | { key: string; error: string };

/** A {@link SceneInput} without the image's pixels (question generation does not read them). */
export interface StoredInput extends Omit<SceneInput, "workspace"> {
  /** Every field of the workspace (depth map, ground plane, …) but the pixels; objects listed. */
  workspace: Omit<Workspace, "image" | "objects"> & { objects: WorkspaceObject[] };
}

/** A job's output. */
export interface Shard {
  runId: string;
  jobId: string;
  units: ShardUnit[];
}

/** Path of a job's shard in the shards folder. */
export function shardPath(dir: string, index: number, jobId: string): string {
  return join(dir, `${String(index).padStart(6, "0")}-${jobId}.shard`);
}

/** Drops the pixels and turns the workspace's objects into a list. */
export function storeInput(input: SceneInput): StoredInput {
  const { image: _pixels, objects, ...rest } = input.workspace;
  return { ...input, workspace: { ...rest, objects: [...objects.values()] } };
}

/** The scene to generate from, as the worker perceived it. */
export function restoreInput(stored: StoredInput): SceneInput {
  const { objects, ...rest } = stored.workspace;
  return { ...stored, workspace: { ...rest, objects: new Map(objects.map((o) => [o.id, o])) } };
}

/**
 * Writes `shard` to `path` atomically (temporary file, data sync, rename). `pauseMs` (fault
 * drills only) waits between the sync and the rename.
 */
export async function writeShard(
  path: string,
  shard: Shard,
  opts: { pauseMs?: number } = {},
): Promise<void> {
  const tmp = `${path}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  const file = await Deno.open(tmp, { write: true, createNew: true });
  try {
    const bytes = serialize(shard);
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
    await file.syncData();
  } finally {
    file.close();
  }
  if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
  await Deno.rename(tmp, path);
}

/** Reads a shard, or undefined when it has not been written. */
export async function readShard(path: string): Promise<Shard | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
  return deserialize(bytes) as Shard;
}

/** True when the shard exists under its final name. */
export async function shardExists(path: string): Promise<boolean> {
  return await Deno.stat(path).then((s) => s.isFile, () => false);
}
