/**
 * Serving an app over HTTP: which addresses count as loopback (where no token is needed), and a
 * listener that reports its URL and shuts down on a signal.
 *
 * @module
 */
import type { Hono } from "hono";
import { InputError } from "../core/errors.ts";

/** Host names that only this machine can reach. */
export const LOOPBACK_NAMES: readonly string[] = ["127.0.0.1", "localhost", "[::1]"];

/** Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A running server. */
export interface Listening {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** Port actually bound (useful with port 0). */
  port: number;
  /** Settles when the server has shut down. */
  finished: Promise<void>;
  /** Stops accepting, lets open requests finish. */
  shutdown(): Promise<void>;
}

/** Serves `app` on `hostname:port` (0 = any free port) until `signal` aborts or `shutdown`. */
export function listen(
  app: Hono,
  opts: { hostname: string; port: number; signal?: AbortSignal },
): Listening {
  let server: Deno.HttpServer;
  try {
    server = Deno.serve({
      hostname: opts.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: opts.port,
      signal: opts.signal,
      onListen: () => {},
    }, async (req, info) => {
      // Deno's request signal also aborts after every successful response (legacy behaviour), so
      // the app gets its own that aborts only when the client goes away: the request's signal
      // while the handler runs (e.g. waiting in the queue), then `completed` failing while the
      // body streams.
      const gone = new AbortController();
      const onAbort = () => gone.abort(new DOMException("client disconnected", "AbortError"));
      req.signal.addEventListener("abort", onAbort);
      try {
        return await app.fetch(new Request(req, { signal: gone.signal }));
      } finally {
        req.signal.removeEventListener("abort", onAbort);
        info.completed.catch(onAbort);
      }
    });
  } catch (e) {
    if (e instanceof Deno.errors.AddrInUse) {
      throw new InputError(
        "--port",
        `port ${opts.port} is already in use`,
        "choose another --port",
      );
    }
    if (e instanceof Deno.errors.AddrNotAvailable) {
      throw new InputError("--host", `cannot bind ${opts.hostname} on this machine`);
    }
    throw e;
  }
  const addr = server.addr as Deno.NetAddr;
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    finished: server.finished,
    shutdown: () => server.shutdown(),
  };
}
