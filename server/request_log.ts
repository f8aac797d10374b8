/**
 * One log line per API request: method, path, status, milliseconds and the trace id when the
 * request made a trace — `POST /api/ask 200 812 ms trace=…`. A streamed answer is logged when
 * its stream ends, so the time is the whole answer's.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";

/** Trace ids by the abort signal of the request that made them. */
const traceIds = new WeakMap<AbortSignal, string>();

/** Records the trace made for the request whose signal is `requestSignal`, for its log line. */
export function noteTrace(requestSignal: AbortSignal, id: string): void {
  traceIds.set(requestSignal, id);
}

/** Middleware writing each request's line to `log` once its response (or stream) is done. */
export function requestLog(log: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const req = c.req.raw;
    const write = () => {
      const ms = Math.round(performance.now() - start);
      const trace = traceIds.get(req.signal);
      log(`${req.method} ${c.req.path} ${c.res.status} ${ms} ms${trace ? ` trace=${trace}` : ""}`);
    };
    const body = c.res.body;
    if (!body || !c.res.headers.get("content-type")?.startsWith("text/event-stream")) {
      write();
      return;
    }
    let done = false;
    const once = () => {
      if (!done) write();
      done = true;
    };
    // A client that goes away cancels the stream rather than ending it: logged too.
    const logged = body.pipeThrough(new TransformStream({ flush: once, cancel: once }));
    const res = c.res;
    c.res = undefined;
    c.res = new Response(logged, res);
  };
}
