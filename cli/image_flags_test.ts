import assert from "node:assert/strict";
import { InputError } from "../core/errors.ts";
import { parseFlags } from "./args.ts";
import { cameraFlags, IMAGE_FLAGS } from "./image_flags.ts";

Deno.test("cameraFlags reads the given intrinsics and leaves the others undefined", () => {
  const { values } = parseFlags(["--fx", "500", "--cy", "240.5"], IMAGE_FLAGS, "u");
  assert.deepEqual(cameraFlags(values), { fx: 500, fy: undefined, cx: undefined, cy: 240.5 });
});

Deno.test("cameraFlags: a value that is not a number names its flag", () => {
  const { values } = parseFlags(["--fy", "wide"], IMAGE_FLAGS, "u");
  assert.throws(() => cameraFlags(values), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.equal(e.field, "--fy");
    return true;
  });
});
