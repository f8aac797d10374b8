import assert from "node:assert/strict";
import { InputError } from "../core/errors.ts";
import { formatFlags } from "./format_flags.ts";

Deno.test("formatFlags: the default format and frame, or the given ones", () => {
  assert.deepEqual(formatFlags({}, "sr-cot"), { format: "sr-cot", frame: "ours" });
  assert.deepEqual(
    formatFlags({ format: "llava", frame: "spatialreasoner" }),
    { format: "llava", frame: "spatialreasoner" },
  );
});

Deno.test("formatFlags: unknown names, a missing required format, llamafactory off our frame", () => {
  const field = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof InputError);
      return `${e.field}: ${e.reason}`;
    }
    assert.fail("no error");
  };
  assert.match(field(() => formatFlags({ format: "csv" })), /^--format: must be one of sr-cot/);
  assert.match(field(() => formatFlags({})), /^--format: is required/);
  assert.match(field(() => formatFlags({ frame: "kitti" }, "sr-cot")), /^--frame: must be one/);
  assert.match(
    field(() => formatFlags({ format: "llamafactory", frame: "spatialreasoner" })),
    /^--frame: llamafactory records hold tool calls/,
  );
});
