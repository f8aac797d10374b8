/**
 * A small tmpfs for disk-full tests: mounted when the process may mount (root on Linux), else
 * the test skips with a message.
 *
 * @module
 */

/**
 * Mounts a tmpfs of `bytes` on a fresh temporary folder, runs `fn` with its path, and unmounts
 * it. Returns false (after printing why) when mounting is not possible here.
 */
export async function withTmpfs(
  bytes: number,
  fn: (dir: string) => Promise<void>,
): Promise<boolean> {
  const dir = await Deno.makeTempDir({ prefix: "tmpfs-" });
  let mounted = false;
  try {
    const r = await new Deno.Command("mount", {
      args: ["-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir],
      stdout: "null",
      stderr: "piped",
    }).output().catch((e) => ({ success: false, stderr: new TextEncoder().encode(String(e)) }));
    if (!r.success) {
      const why = new TextDecoder().decode(r.stderr).trim();
      console.warn(`skipping: cannot mount a tmpfs here (${why || "not permitted"})`);
      return false;
    }
    mounted = true;
    await fn(dir);
    return true;
  } finally {
    if (mounted) await new Deno.Command("umount", { args: [dir] }).output();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Fills `dir` with a file of `bytes` zeros (or as many as fit); returns its path. */
export async function fill(dir: string, bytes: number): Promise<string> {
  const path = `${dir}/filler`;
  const file = await Deno.open(path, { write: true, create: true });
  try {
    await file.write(new Uint8Array(bytes));
  } catch {
    // the disk is full: the filler takes what there was
  } finally {
    file.close();
  }
  return path;
}
