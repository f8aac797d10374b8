/**
 * Where the shared data lives (../shared beside the checkout) and whether it is there, so tests
 * that use it can skip with a message on a machine that lacks it.
 *
 * @module
 */

/** Absolute path of the shared folder (SPATIAL_SHARED_DIR overrides). */
export const SHARED_DIR = Deno.env.get("SPATIAL_SHARED_DIR") ??
  new URL("../../shared", import.meta.url).pathname;

/** True when `relative` exists under the shared folder; logs a skip note when it does not. */
export function hasShared(relative: string): boolean {
  try {
    Deno.statSync(`${SHARED_DIR}/${relative}`);
    return true;
  } catch {
    console.warn(`skipping: ${SHARED_DIR}/${relative} is absent`);
    return false;
  }
}
