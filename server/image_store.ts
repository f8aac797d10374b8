/**
 * Uploaded images kept on disk so a trace's export can carry its image: content-addressed
 * (`<sha256>.<ext>` in one folder of the server's data folder), the encoded bytes as uploaded,
 * with a cap on their total size. Eviction is least recently used: a file's modification time is
 * set each time its image is uploaded or asked about again, and the oldest files go first when a
 * new one would exceed the cap.
 *
 * @module
 */
import { join } from "node:path";

/** The image folder and its cap. */
export interface ImageStoreOptions {
  /** Folder of the images (created when missing). */
  dir: string;
  /** Most bytes the folder may hold. */
  maxBytes: number;
}

/** File name extension of encoded image bytes, from their signature. */
export function imageExtension(bytes: Uint8Array): string {
  const is = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (is([0xff, 0xd8, 0xff])) return "jpg";
  if (is([0x89, 0x50, 0x4e, 0x47])) return "png";
  if (is([0x52, 0x49, 0x46, 0x46]) && is([0x57, 0x45, 0x42, 0x50], 8)) return "webp";
  if (is([0x47, 0x49, 0x46])) return "gif";
  return "img";
}

/** Content-addressed image files with a size cap. */
export class ImageStore {
  readonly dir: string;
  readonly maxBytes: number;

  /** Builds a store over `opts.dir` (created on the first save). */
  constructor(opts: ImageStoreOptions) {
    this.dir = opts.dir;
    this.maxBytes = opts.maxBytes;
  }

  /**
   * Keeps `bytes` as `<sha256>.<ext>` (written once, via a temporary file and a rename; later
   * saves only mark it used) and evicts the least recently used files beyond the cap. Returns the
   * file's path, or undefined when the image alone is larger than the cap.
   */
  async save(sha256: string, bytes: Uint8Array): Promise<string | undefined> {
    if (bytes.byteLength > this.maxBytes) return undefined;
    await Deno.mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${sha256}.${imageExtension(bytes)}`);
    if (!(await this.touch(path))) {
      const tmp = `${path}.${crypto.randomUUID()}.tmp`;
      await Deno.writeFile(tmp, bytes);
      await Deno.rename(tmp, path);
    }
    await this.evict(path);
    return path;
  }

  /** The stored file of an image, marked used; undefined when it is not (or no longer) kept. */
  async find(sha256: string): Promise<string | undefined> {
    for (const name of await this.#names()) {
      if (name.startsWith(`${sha256}.`) && !name.endsWith(".tmp")) {
        const path = join(this.dir, name);
        if (await this.touch(path)) return path;
      }
    }
    return undefined;
  }

  /** Sets a file's modification time to now; false when it does not exist. */
  async touch(path: string): Promise<boolean> {
    const now = new Date();
    try {
      await Deno.utime(path, now, now);
      return true;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return false;
      throw e;
    }
  }

  /** Removes the least recently used files until the folder fits the cap (`keep` stays). */
  async evict(keep?: string): Promise<void> {
    const files: { path: string; size: number; mtime: number }[] = [];
    for (const name of await this.#names()) {
      if (name.endsWith(".tmp")) continue;
      const path = join(this.dir, name);
      try {
        const st = await Deno.stat(path);
        if (st.isFile) files.push({ path, size: st.size, mtime: st.mtime?.getTime() ?? 0 });
      } catch {
        // Removed meanwhile.
      }
    }
    let total = files.reduce((n, f) => n + f.size, 0);
    files.sort((a, b) => a.mtime - b.mtime);
    for (const f of files) {
      if (total <= this.maxBytes) break;
      if (f.path === keep) continue;
      await Deno.remove(f.path).catch(() => {});
      total -= f.size;
    }
  }

  /**
   * Why a trace's image cannot go into an export, or undefined when it can (or the trace has no
   * image: a scene-only question).
   */
  async exportProblem(image: { path?: string } | undefined): Promise<string | undefined> {
    if (!image) return undefined;
    if (image.path?.startsWith(this.dir) && await this.touch(image.path)) return undefined;
    return `the image of this trace is no longer in the server's image store (it keeps the ` +
      `most recent ${Math.round(this.maxBytes / 2 ** 20)} MiB of uploads)`;
  }

  async #names(): Promise<string[]> {
    const names: string[] = [];
    try {
      for await (const e of Deno.readDir(this.dir)) if (e.isFile) names.push(e.name);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    return names;
  }
}
