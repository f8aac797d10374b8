import assert from "node:assert/strict";
import { InputError } from "../../core/errors.ts";
import { getModelSpec } from "../registry.ts";
import { filePath, verifyModel } from "../store.ts";
import { conversionLog, ensureConverted, isConversionValid } from "./cache.ts";

const spec = getModelSpec("objectron-chair");
const file = spec.files[0];
const src = file.tflite!;

Deno.test("conversion is cached; a corrupt cached file is detected and converted again", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tflite_cache_" });
  const warnings: string[] = [];
  const warn = conversionLog.warn;
  conversionLog.warn = (m) => warnings.push(m);
  try {
    const dest = filePath({ modelsDir: dir }, file);
    assert.equal(await ensureConverted(src, dest), dest);
    assert.ok(await isConversionValid(src, dest));
    const first = (await Deno.stat(dest)).mtime!.getTime();
    await ensureConverted(src, dest); // cached: not rewritten
    assert.equal((await Deno.stat(dest)).mtime!.getTime(), first);
    assert.equal(warnings.length, 0);

    const good = await Deno.readFile(dest);
    await Deno.writeFile(dest, good.subarray(0, good.length >> 1)); // truncated
    assert.equal(await isConversionValid(src, dest), false);
    const [status] = await verifyModel(spec, { modelsDir: dir });
    assert.equal(status.verified, false);
    await ensureConverted(src, dest);
    assert.deepEqual(await Deno.readFile(dest), good);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /failed its check/);
    assert.equal((await verifyModel(spec, { modelsDir: dir }))[0].verified, true);
  } finally {
    conversionLog.warn = warn;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a missing or altered source file is an error saying to run deno install", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tflite_cache_" });
  try {
    const dest = `${dir}/x.onnx`;
    await assert.rejects(
      ensureConverted(src, dest, `${dir}/absent.tflite`),
      (e: unknown) => e instanceof InputError && /deno install/.test(e.hint ?? ""),
    );
    await Deno.writeFile(`${dir}/other.tflite`, new Uint8Array([1, 2, 3]));
    await assert.rejects(
      ensureConverted(src, dest, `${dir}/other.tflite`),
      (e: unknown) => e instanceof InputError && /expected 190e4ea4/.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
