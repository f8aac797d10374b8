/**
 * Finished traces: `GET /api/traces/:id` (the trace as JSON) and
 * `GET /api/traces/:id/export?format=…&frame=…` (the trace rendered by the SR-CoT exporter, as
 * a download; frame `ours` by default, or `spatialreasoner`). Traces live in a bounded in-memory store: the oldest are forgotten first.
 *
 * @module
 */
import type { Hono } from "hono";
import type { Trace } from "../../agent/trace.ts";
import { InputError } from "../../core/errors.ts";
import { HttpError } from "../errors.ts";
import type { AppState } from "../state.ts";

function findTrace(state: AppState, id: string): Trace {
  const trace = state.traces.get(id);
  if (trace) return trace;
  throw new HttpError(404, `no trace with id "${id}"`, {
    field: "id",
    hint: `the server keeps the last ${state.limits.maxTraces} traces, in memory only`,
  });
}

/** A query parameter that must be one of `allowed`. */
function oneOf(name: string, value: string | undefined, allowed: readonly string[]): string {
  if (value && allowed.includes(value)) return value;
  throw new InputError(
    name,
    value ? `unknown ${name} "${value}"` : "missing",
    `one of: ${allowed.join(", ")}`,
  );
}

/** Adds the routes to `app`. */
export function traceRoutes(app: Hono, state: AppState): void {
  app.get("/api/traces/:id", (c) => c.json(findTrace(state, c.req.param("id"))));

  app.get("/api/traces/:id/export", (c) => {
    const trace = findTrace(state, c.req.param("id"));
    const { formats, frames, render } = state.deps.exporter;
    const format = oneOf("format", c.req.query("format"), formats);
    const frame = oneOf("frame", c.req.query("frame") ?? frames[0], frames);
    const out = render(trace, format, frame);
    return c.body(out.body, 200, {
      "Content-Type": out.contentType,
      "Content-Disposition":
        `attachment; filename="trace-${trace.id}-${format}-${frame}.${out.extension}"`,
    });
  });
}
