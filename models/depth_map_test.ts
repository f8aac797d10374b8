import assert from "node:assert/strict";
import sharp from "sharp";
import { InputError } from "../core/errors.ts";
import { loadDepthMap } from "./depth_map.ts";

async function temp(name: string, bytes: Uint8Array): Promise<string> {
  const path = `${await Deno.makeTempDir()}/${name}`;
  await Deno.writeFile(path, bytes);
  return path;
}

async function png16(values: number[], width: number, height: number): Promise<Uint8Array> {
  const u16 = Uint16Array.from(values);
  return new Uint8Array(
    await sharp(u16, { raw: { width, height, channels: 1 } }) // Uint16Array: 16-bit input
      .toColourspace("grey16").png().toBuffer(),
  );
}

Deno.test("loadDepthMap reads 16-bit PNG with a scale and raw float32", async () => {
  const png = await temp("d.png", await png16([0, 1000, 2500, 65535], 2, 2));
  const m = await loadDepthMap({ path: png, scale: 1000 }, { width: 2, height: 2 });
  assert.deepEqual([...m.data], [0, 1, 2.5, 65.535].map(Math.fround));
  assert.equal(m.source, `rgbd:${png}`);
  const f = new Float32Array([1.5, 0, -1, NaN]);
  const raw = await temp("d.f32", new Uint8Array(f.buffer));
  const r = await loadDepthMap({ path: raw }, { width: 2, height: 2 });
  assert.deepEqual([...r.data], [1.5, 0, 0, 0]);
});

Deno.test("loadDepthMap errors: no scale, wrong size, 8-bit PNG, missing and empty files", async () => {
  const png = await temp("d.png", await png16([1, 2, 3, 4], 2, 2));
  const check = (re: RegExp) => (e: unknown) => e instanceof InputError && re.test(e.message);
  await assert.rejects(
    loadDepthMap({ path: png }, { width: 2, height: 2 }),
    check(/--depth-scale/),
  );
  await assert.rejects(
    loadDepthMap({ path: png, scale: 1000 }, { width: 4, height: 2 }),
    check(/depth map is 2×2, the image is 4×2/),
  );
  const rgb = await temp(
    "rgb.png",
    new Uint8Array(
      await sharp({ create: { width: 2, height: 2, channels: 3, background: "#123" } }).png()
        .toBuffer(),
    ),
  );
  await assert.rejects(
    loadDepthMap({ path: rgb, scale: 1 }, { width: 2, height: 2 }),
    check(/16-bit/),
  );
  await assert.rejects(
    loadDepthMap({ path: `${png}.x` }, { width: 2, height: 2 }),
    check(/not found/),
  );
  const empty = await temp("e.png", new Uint8Array());
  await assert.rejects(loadDepthMap({ path: empty }, { width: 2, height: 2 }), check(/empty/));
  const short = await temp("s.f32", new Uint8Array(8));
  await assert.rejects(
    loadDepthMap({ path: short }, { width: 2, height: 2 }),
    check(/16 bytes, got 8/),
  );
});
