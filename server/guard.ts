/**
 * Who may call the API: a bearer token when the server has one (required whenever it listens
 * beyond loopback), the host names it answers to (so a web page elsewhere cannot reach a loopback
 * server through DNS rebinding), and same-origin browsers only (no cross-site form posts).
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { createHash, timingSafeEqual } from "node:crypto";
import { HttpError } from "./errors.ts";

/** Whether `given` equals `token`, in time independent of where they differ. */
export function tokenMatches(given: string, token: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** Requires `Authorization: Bearer <token>`; passes everything when `token` is undefined. */
export function bearerAuth(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (token !== undefined) {
      const header = c.req.header("authorization") ?? "";
      const m = header.match(/^Bearer\s+(.+)$/i);
      if (!m || !tokenMatches(m[1].trim(), token)) {
        throw new HttpError(401, m ? "wrong token" : "this server requires a bearer token", {
          field: "Authorization",
          hint: "send the header Authorization: Bearer <token given to deno task serve --token>",
          headers: { "WWW-Authenticate": 'Bearer realm="spatial-reasoner"' },
        });
      }
    }
    await next();
  };
}

/** Refuses requests whose Host is not allowed, and browser requests from another origin. */
export function originGuard(allowedHosts: readonly string[] | undefined): MiddlewareHandler {
  const allowed = allowedHosts && new Set(allowedHosts.map((h) => h.toLowerCase()));
  return async (c, next) => {
    const url = new URL(c.req.url);
    const host = (c.req.header("host") ?? url.host).toLowerCase();
    if (allowed && !allowed.has(hostname(host))) {
      throw new HttpError(403, `host "${host}" is not served here`, {
        hint: "open the address that deno task serve printed",
      });
    }
    const origin = c.req.header("origin");
    if (origin !== undefined && originHost(origin) !== host) {
      throw new HttpError(403, `cross-origin request from ${origin} refused`, {
        hint: "call the API from the page the server serves, or from a non-browser client",
      });
    }
    await next();
  };
}

/** The host of an Origin header; undefined for `null` (sandboxed frames) or garbage. */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** `host:port` → `host` (IPv6 brackets kept: `[::1]`). */
function hostname(host: string): string {
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
}
