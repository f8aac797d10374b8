import assert from "node:assert/strict";
import { readInputFile, readInputJson, readInputText } from "./input_file.ts";

Deno.test("readInputFile refuses FIFOs, devices and directories without reading them", async () => {
  const dir = await Deno.makeTempDir();
  const fifo = `${dir}/fifo`;
  const made = await new Deno.Command("mkfifo", { args: [fifo] }).output().catch(() => undefined);
  if (made?.success) {
    await assert.rejects(readInputFile(fifo, { what: "scene" }), /scene is not a regular file/);
  } else console.warn("skipping the FIFO case: mkfifo is not available");
  await assert.rejects(readInputFile("/dev/zero"), /file is not a regular file/);
  await assert.rejects(readInputFile(dir), /is a directory/);
  await assert.rejects(readInputFile(`${dir}/none`, { what: "scene" }), /scene file not found/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readInputFile caps the size, also where stat says 0 bytes (/proc)", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/big.json`;
  await Deno.writeTextFile(path, "x".repeat(100));
  await assert.rejects(
    readInputFile(path, { maxBytes: 99 }),
    /100 bytes, more than the limit of 99/,
  );
  assert.equal((await readInputFile(path, { maxBytes: 100 })).length, 100);
  // /proc/self/maps reports size 0 but holds far more than 16 bytes.
  await assert.rejects(readInputFile("/proc/self/maps", { maxBytes: 16 }), /over 16 bytes/);
  await assert.rejects(readInputFile("/proc/self/mem"), /cannot read file/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readInputText and readInputJson name the path for bad text or JSON", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeFile(`${dir}/bin`, new Uint8Array([0xff, 0xfe, 0x00]));
  await assert.rejects(readInputText(`${dir}/bin`), /bin: file is not UTF-8 text/);
  await Deno.writeTextFile(`${dir}/bad.json`, "{");
  await assert.rejects(readInputJson(`${dir}/bad.json`), /bad\.json: not valid JSON/);
  await Deno.writeTextFile(`${dir}/ok.json`, '{"a":1}');
  assert.deepEqual(await readInputJson(`${dir}/ok.json`), { a: 1 });
  await Deno.remove(dir, { recursive: true });
});
