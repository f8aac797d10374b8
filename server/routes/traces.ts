/**
 * Finished traces: `GET /api/traces/:id` (the trace as JSON) and
 * `GET /api/traces/:id/export?format=…&frame=…` (the trace rendered by the SR-CoT exporter, as
 * a download; frame `ours` by default, or `spatialreasoner`; refused with the reason when the
 * trace's image is no longer kept), and `GET /api/images/:name` (a kept upload, as the exported
 * records name it). Traces live in a bounded in-memory store: the oldest are forgotten first.
 *
 * @module
 */
import type { Hono } from "hono";
import type { Trace } from "../../agent/trace.ts";
import { InputError } from "../../core/errors.ts";
import { HttpError } from "../errors.ts";
import type { AppState } from "../state.ts";

const MIME: Record<string, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
};

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

/**
 * Why a trace cannot be exported with its image (uploaded images are kept only in the image
 * store), or undefined when it can.
 */
export async function imageExportProblem(
  state: AppState,
  trace: Trace,
): Promise<string | undefined> {
  const store = state.deps.imageStore;
  if (!trace.image) return undefined;
  if (!store) return "this server keeps no uploaded images (it was started without a data folder)";
  return await store.exportProblem(trace.image);
}

/** Adds the routes to `app`. */
export function traceRoutes(app: Hono, state: AppState): void {
  app.get("/api/traces/:id", (c) => c.json(findTrace(state, c.req.param("id"))));

  // A kept image by its file name (`<sha256>.<ext>`, as exported records name it).
  app.get("/api/images/:name", async (c) => {
    const name = c.req.param("name");
    const store = state.deps.imageStore;
    const sha = name.match(/^([0-9a-f]{64})\.\w+$/)?.[1];
    const path = store && sha ? await store.find(sha) : undefined;
    if (!path || !path.endsWith(`/${name}`)) {
      throw new HttpError(404, `no kept image "${name}"`, {
        field: "name",
        hint: "images are kept by sha256, the most recent ones only",
      });
    }
    return c.body(await Deno.readFile(path), 200, {
      "Content-Type": MIME[name.split(".").pop() ?? ""] ?? "application/octet-stream",
    });
  });

  app.get("/api/traces/:id/export", async (c) => {
    const trace = findTrace(state, c.req.param("id"));
    const { formats, frames, render } = state.deps.exporter;
    const format = oneOf("format", c.req.query("format"), formats);
    const frame = oneOf("frame", c.req.query("frame") ?? frames[0], frames);
    const problem = await imageExportProblem(state, trace);
    if (problem) {
      throw new HttpError(422, `cannot export this trace with its image: ${problem}`, {
        field: "id",
        hint: "ask the question again with the image; a training record without its image " +
          "would teach nothing about the picture",
      });
    }
    const store = state.deps.imageStore;
    const out = render(trace, format, frame, store ? { imageRoot: store.dir } : {});
    return c.body(out.body, 200, {
      "Content-Type": out.contentType,
      "Content-Disposition":
        `attachment; filename="trace-${trace.id}-${format}-${frame}.${out.extension}"`,
    });
  });
}
