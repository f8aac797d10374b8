/**
 * `POST /api/ask`: one question about one image, answered as a stream of server-sent events —
 * `perception`, `computation`, `reasoning` as the agent records them, then `answer` (or
 * `error`) — after which the stream closes. Each event's data is the trace event plus `view`,
 * the objects and their numbers so far, for the page to draw (with `units` when lengths are not
 * metres); a tool event also carries `summary`, its key numbers in one line (what the terminal
 * story prints, parts joined), lengths in the scene's units. The
 * answer says whether the trace can be exported (`export: {ok, reason?}`).
 *
 * @module
 */
import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { FrameUnits } from "../../agent/number_format.ts";
import type { Trace, TraceEvent } from "../../agent/trace.ts";
import { summarizeToolEvent } from "../../agent/trace_summary.ts";
import { readAskRequest } from "../ask_input.ts";
import { toErrorResponse } from "../errors.ts";
import { admit } from "../question.ts";
import type { AppState } from "../state.ts";
import { imageExportProblem } from "./traces.ts";
import { cameraView, traceView, ViewBuilder } from "../view.ts";

/** Adds the route to `app`. */
export function askRoute(app: Hono, state: AppState): void {
  app.post("/api/ask", async (c) => {
    const input = await readAskRequest(c.req.raw, state.limits);
    // Admission and the image decode happen before the stream opens, so a full queue or a bad
    // image is a plain status code, not an event.
    const question = await admit(state, input, c.req.raw.signal);
    return streamSSE(c, async (stream) => {
      const gone = new AbortController();
      stream.onAbort(() => gone.abort(new DOMException("client disconnected", "AbortError")));
      const signal = AbortSignal.any([c.req.raw.signal, gone.signal]);
      const view = new ViewBuilder();
      // The scene's length units, known once the trace starts: summaries and the view name them.
      let units: FrameUnits = "metres";
      const onStart = (trace: Trace) => {
        units = trace.frame.units;
        view.setUnits(units);
      };
      let sending = Promise.resolve();
      const send = (event: string, data: unknown) => {
        sending = sending.then(() => stream.writeSSE({ event, data: JSON.stringify(data) }));
      };
      const onEvent = (e: TraceEvent) => {
        // The answer goes out once `ask` returns, with the trace id and the final view.
        if (e.type === "answer") return;
        view.add(e);
        const tool = e.type === "perception" || e.type === "computation";
        send(e.type, {
          ...e,
          ...(tool ? { summary: summarizeToolEvent(e, units) } : {}),
          view: view.snapshot(),
        });
      };
      try {
        const result = await question.run(signal, { onStart, onEvent });
        const exportProblem = result.status === "answered"
          ? await imageExportProblem(state, result.trace)
          : "only answered questions make training records";
        const answerEvent = result.trace.events.findLast((e) => e.type === "answer");
        send("answer", {
          type: "answer",
          step: answerEvent?.step ?? result.trace.events.length + 1,
          answer: result.answer,
          value: result.value,
          status: result.status,
          planner: result.planner,
          trace_id: result.trace.id,
          ...(question.image
            ? { image: { sha256: question.image.sha256, ...result.trace.image } }
            : {}),
          camera: cameraView(result.trace),
          view: traceView(result.trace),
          export: exportProblem ? { ok: false, reason: exportProblem } : { ok: true },
        });
      } catch (e) {
        // A client that went away has nobody to tell; a deadline is told.
        if (!signal.aborted) {
          send("error", { type: "error", fatal: true, ...toErrorResponse(e).body.error });
        }
      } finally {
        question.release();
        await sending;
      }
    });
  });
}
