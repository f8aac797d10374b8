/// <reference lib="dom" />
/**
 * Calls to the server's API with the bearer token when one is set (kept for this tab only),
 * and the server's JSON errors turned into thrown {@link ApiError}s.
 *
 * @module
 */

const KEY = "spatial-reasoner-token";

/** An error answer of the API: `{ error: { message, field?, hint? } }` and its status. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{ message: string, field?: string, hint?: string }} error
   */
  constructor(status, error) {
    super(error.message);
    this.status = status;
    this.field = error.field;
    this.hint = error.hint;
  }
}

/** Takes a token from the address (`#token=…`) into this tab's storage, out of the address bar. */
export function adoptTokenFromHash() {
  const m = location.hash.match(/token=([^&]+)/);
  if (!m) return;
  sessionStorage.setItem(KEY, decodeURIComponent(m[1]));
  history.replaceState(null, "", location.pathname);
}

/** @param {string} token */
export function setToken(token) {
  sessionStorage.setItem(KEY, token);
}

/**
 * `fetch` with the token; a non-2xx answer throws an {@link ApiError}.
 *
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<Response>}
 */
export async function api(path, init = {}) {
  const headers = new Headers(init.headers);
  const token = sessionStorage.getItem(KEY);
  if (token) headers.set("authorization", `Bearer ${token}`);
  const res = await fetch(path, { ...init, headers });
  if (res.ok) return res;
  let error = { message: `${res.status} ${res.statusText}` };
  try {
    const body = await res.json();
    if (body?.error?.message) error = body.error;
  } catch {
    // Not JSON: keep the status line.
  }
  throw new ApiError(res.status, error);
}
