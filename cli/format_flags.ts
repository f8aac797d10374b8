/**
 * Flags shared by the commands that write training data (`generate`, `export`): `--format` and
 * `--frame`, checked together.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { type Format, FORMATS } from "../sft/export.ts";
import { FRAME_NAMES, type FrameName } from "../sft/record.ts";
import { choiceFlag, type FlagSpec, type Parsed } from "./args.ts";

/** Flag specs to merge into a command's own. */
export const FORMAT_FLAGS: FlagSpec = {
  format: { type: "string" },
  frame: { type: "string" },
};

/** The training format and the frame its text is written in. */
export interface FormatFlags {
  format: Format;
  frame: FrameName;
}

/** Reads `--format` (required unless `defaultFormat` is given) and `--frame` (default ours). */
export function formatFlags(values: Parsed["values"], defaultFormat?: Format): FormatFlags {
  const format = choiceFlag(values, "format", FORMATS, defaultFormat);
  const frame = choiceFlag<FrameName>(values, "frame", FRAME_NAMES, "ours");
  if (format === "llamafactory" && frame !== "ours") {
    throw new InputError("--frame", "llamafactory records hold tool calls, which are in our frame");
  }
  return { format, frame };
}
