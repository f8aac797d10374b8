/**
 * `GET /healthz` (liveness and load: slots, queue, cache sizes) and `GET /api/models` (which
 * perception models and which LLM the server can use, the planners, and the export formats).
 *
 * @module
 */
import type { Hono } from "hono";
import type { AppState } from "../state.ts";

/** Adds the routes to `app`. */
export function healthRoutes(app: Hono, state: AppState): void {
  app.get("/healthz", (c) =>
    c.json({
      ok: true,
      questions: state.gate.stats(),
      traces: state.traces.entries,
      images: { entries: state.images.entries, bytes: state.images.size },
    }));

  app.get("/api/models", async (c) =>
    c.json({
      ...(await state.deps.models()),
      planners: ["auto", "rules", "llm"],
      export_formats: state.deps.exporter.formats,
      export_frames: state.deps.exporter.frames,
      limits: {
        max_body_bytes: state.limits.maxBodyBytes,
        max_image_pixels: state.limits.maxImagePixels,
        max_question_chars: state.limits.maxQuestionChars,
        deadline_ms: state.limits.deadlineMs,
      },
    }));
}
