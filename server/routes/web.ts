/**
 * The web page: the files of `web/`, read once when the app is built and served from memory at
 * `/` and `/<file>`. Requests name a file from that fixed set or get 404 — no request path ever
 * reaches the file system.
 *
 * @module
 */
import type { Hono } from "hono";
import { HttpError } from "../errors.ts";

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
};

/** Only this page's own scripts, styles and images; uploads are drawn from blob: URLs. */
const CSP = "default-src 'self'; img-src 'self' blob: data:; script-src 'self'; " +
  "style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'none'; form-action 'none'";

/** The servable files of a directory (tests excluded), by name. */
export function readWebFiles(dir: URL): Map<string, { body: Uint8Array; type: string }> {
  const files = new Map<string, { body: Uint8Array; type: string }>();
  for (const entry of Deno.readDirSync(dir)) {
    const ext = entry.name.split(".").pop() ?? "";
    if (!entry.isFile || !TYPES[ext] || entry.name.includes("_test.")) continue;
    files.set(entry.name, { body: Deno.readFileSync(new URL(entry.name, dir)), type: TYPES[ext] });
  }
  return files;
}

/** Adds `/` and `/<file>` to `app`; call last, after the API routes. */
export function webRoutes(app: Hono, dir = new URL("../../web/", import.meta.url)): void {
  const files = readWebFiles(dir);
  const serve = (name: string) => {
    const file = files.get(name);
    if (!file) throw new HttpError(404, `no such page: /${name}`);
    return new Response(file.body.slice(), {
      headers: {
        "Content-Type": file.type,
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Content-Security-Policy": CSP,
      },
    });
  };
  app.get("/", () => serve("index.html"));
  app.get("/:file{[\\w.-]+}", (c) => serve(c.req.param("file")));
}
