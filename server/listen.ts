/**
 * Serving an app over HTTP: which addresses count as loopback (where no token is needed), and a
 * listener that reports its URL and shuts down on a signal.
 *
 * Clients do not reach `Deno.serve` directly: a small TCP front accepts them and relays bytes to
 * it over loopback, so that the server can do what `Deno.serve` cannot — cap open connections
 * (503 beyond the cap), close a client that is slow to send its headers or its body, close idle
 * keep-alive connections, and notice at once when a client goes away (a question waiting in the
 * queue then leaves it). The front knows which relayed connection each request came on from the
 * relay's port, so "idle" means no request in flight, not merely no bytes (a queued client is
 * silent but not idle).
 *
 * @module
 */
import type { Hono } from "hono";
import { InputError } from "../core/errors.ts";
import { HttpError, toErrorResponse } from "./errors.ts";
import { DEFAULT_LIMITS, type ServerLimits } from "./limits.ts";

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
  /** Client connections open now. */
  connections(): number;
}

/** The connection limits `listen` enforces. */
export type ConnectionLimits = Pick<
  ServerLimits,
  "maxConnections" | "headerTimeoutMs" | "bodyTimeoutMs" | "idleTimeoutMs" | "maxBodyBytes"
>;

/** One client connection and its relay. */
interface Relay {
  /** Requests handed to the app and not yet fully answered. */
  inflight: number;
  /** Last byte either way, ms (performance.now). */
  lastActivity: number;
  /** When the client began a request the app has not received yet. */
  requestStart?: number;
  /** Aborts when the client goes away. */
  gone: AbortController;
  close(): void;
}

const encoder = new TextEncoder();

/** Serves `app` on `hostname:port` (0 = any free port) until `signal` aborts or `shutdown`. */
export function listen(
  app: Hono,
  opts: {
    hostname: string;
    port: number;
    signal?: AbortSignal;
    limits?: Partial<ConnectionLimits>;
  },
): Listening {
  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const hostname = opts.hostname.replace(/^\[(.*)\]$/, "$1");
  let listener: Deno.TcpListener;
  try {
    listener = Deno.listen({ hostname, port: opts.port });
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
    throw new InputError("--host", `cannot listen on ${opts.hostname}: ${(e as Error).message}`);
  }
  // Relays by the port of their loopback connection to the inner server.
  const relays = new Map<number, Relay>();
  const inner = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => {},
  }, async (req, info) => {
    const relay = relays.get(info.remoteAddr.port);
    if (relay) {
      relay.inflight++;
      relay.requestStart = undefined;
      info.completed.finally(() => {
        relay.inflight--;
        relay.lastActivity = performance.now();
      }).catch(() => {});
    }
    // Deno's request signal also aborts after every successful response (legacy behaviour), so
    // the app gets its own that aborts only when the client goes away: the relay sees the
    // connection close (e.g. while waiting in the queue), or `completed` fails mid-stream.
    const gone = new AbortController();
    const onAbort = () => gone.abort(new DOMException("client disconnected", "AbortError"));
    const signals = [req.signal, ...(relay ? [relay.gone.signal] : [])];
    for (const s of signals) s.addEventListener("abort", onAbort);
    try {
      const body = req.body ? await readBody(req.body, limits) : undefined;
      return await app.fetch(
        new Request(req.url, {
          method: req.method,
          headers: req.headers,
          body,
          signal: gone.signal,
        }),
      );
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      const { status, headers, body } = toErrorResponse(e);
      return Response.json(body, { status, headers: { ...headers, connection: "close" } });
    } finally {
      for (const s of signals) s.removeEventListener("abort", onAbort);
      info.completed.catch(onAbort);
    }
  });
  const innerPort = inner.addr.port;

  const sweep = setInterval(() => {
    const now = performance.now();
    for (const r of relays.values()) {
      if (r.inflight > 0) continue;
      if (r.requestStart !== undefined) {
        if (now - r.requestStart > limits.headerTimeoutMs) r.close();
      } else if (now - r.lastActivity > limits.idleTimeoutMs) r.close();
    }
  }, Math.max(50, Math.min(1000, limits.headerTimeoutMs / 4, limits.idleTimeoutMs / 4)));

  let open = 0;
  const accepting = (async () => {
    for await (const client of listener) {
      if (open >= limits.maxConnections) {
        refuse(client, limits.maxConnections);
        continue;
      }
      open++;
      relay(client, innerPort, relays).finally(() => open--);
    }
  })().catch(() => {});

  let stopped: Promise<void> | undefined;
  const shutdown = () =>
    stopped ??= (async () => {
      try {
        listener.close();
      } catch {
        // already closed
      }
      await accepting;
      await inner.shutdown();
      for (const r of relays.values()) r.close();
      clearInterval(sweep);
    })();
  opts.signal?.addEventListener("abort", () => void shutdown(), { once: true });
  const addr = listener.addr;
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    finished: inner.finished.then(() => shutdown()),
    shutdown,
    connections: () => open,
  };
}

/** Answers a connection over the cap with a 503 and closes it. */
function refuse(client: Deno.TcpConn, max: number): void {
  const body = JSON.stringify({
    error: { message: `the server has ${max} connections open`, hint: "try again in 5 s" },
  });
  const text = "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n" +
    `retry-after: 5\r\nconnection: close\r\ncontent-length: ${encoder.encode(body).length}` +
    `\r\n\r\n${body}`;
  client.write(encoder.encode(text)).catch(() => {}).finally(() => closeQuietly(client));
}

function closeQuietly(c: Deno.Conn): void {
  try {
    c.close();
  } catch {
    // already closed
  }
}

/** Relays one client connection to the inner server until either side closes. */
async function relay(
  client: Deno.TcpConn,
  innerPort: number,
  relays: Map<number, Relay>,
): Promise<void> {
  let upstream: Deno.TcpConn;
  try {
    upstream = await Deno.connect({ hostname: "127.0.0.1", port: innerPort });
  } catch {
    closeQuietly(client);
    return;
  }
  const key = upstream.localAddr.port;
  let closed = false;
  const r: Relay = {
    inflight: 0,
    lastActivity: performance.now(),
    gone: new AbortController(),
    close() {
      if (closed) return;
      closed = true;
      r.gone.abort();
      closeQuietly(client);
      closeQuietly(upstream);
    },
  };
  relays.set(key, r);
  const pump = async (from: Deno.Conn, to: Deno.Conn, fromClient: boolean) => {
    const buf = new Uint8Array(64 * 1024);
    try {
      while (true) {
        const n = await from.read(buf);
        if (n === null) break;
        r.lastActivity = performance.now();
        if (fromClient && r.inflight === 0 && r.requestStart === undefined) {
          r.requestStart = r.lastActivity;
        }
        let written = 0;
        while (written < n) written += await to.write(buf.subarray(written, n));
      }
    } catch {
      // a reset or a close from the other pump
    }
    r.close();
  };
  await Promise.all([pump(client, upstream, true), pump(upstream, client, false)]);
  relays.delete(key);
}

/** The whole request body, within the size limit and the body timeout (else an HttpError). */
async function readBody(
  stream: ReadableStream<Uint8Array>,
  limits: ConnectionLimits,
): Promise<Uint8Array<ArrayBuffer>> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new HttpError(
          408,
          `the request body did not arrive within ${limits.bodyTimeoutMs / 1000} s`,
          {
            hint: "send the whole request at once",
          },
        ),
      );
    }, limits.bodyTimeoutMs);
  });
  try {
    while (true) {
      const { done, value } = await Promise.race([reader.read(), timeout]);
      if (done) break;
      total += value.length;
      if (total > limits.maxBodyBytes) {
        throw new HttpError(413, `request body is larger than ${limits.maxBodyBytes} bytes`, {
          hint: "send a smaller image (JPEG at phone resolution is plenty)",
        });
      }
      chunks.push(value);
    }
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => {});
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
