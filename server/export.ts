/**
 * A finished trace as SR-CoT training data, through the data layer's own functions: the trace
 * becomes a canonical record (`sft/sample.ts`), which is converted to the requested format
 * (`sft/export.ts`). Nothing is rendered here.
 *
 * @module
 */
import { HttpError } from "./errors.ts";
import type { AppDeps } from "./deps.ts";
import { convertRecord, type Format, FORMATS } from "../sft/export.ts";
import { FRAME_NAMES, type FrameName } from "../sft/record.ts";
import { recordFromInput } from "../sft/sample.ts";
import { defaultRegistry } from "../tools/index.ts";

/** The exporter the app serves `GET /api/traces/:id/export` with. */
export function traceExporter(): AppDeps["exporter"] {
  const tools = defaultRegistry().functionSchemas();
  return {
    formats: FORMATS,
    frames: FRAME_NAMES,
    render(trace, format, frame, opts = {}) {
      const record = recordFromInput(trace, { frame: frame as FrameName });
      if (!record) {
        throw new HttpError(422, "this trace has no answer that can be exported", {
          field: "id",
          hint: "only answered questions make training records",
        });
      }
      const out = convertRecord(record, format as Format, { tools, ...opts });
      return {
        body: JSON.stringify(out) + "\n",
        contentType: "application/x-ndjson",
        extension: "jsonl",
      };
    },
  };
}
