import assert from "node:assert/strict";
import sharp from "sharp";
import { loadImage } from "./image.ts";
import { loadDepthMap } from "./depth_map.ts";
import { checkPngHeader } from "./png_header.ts";

async function png(): Promise<Uint8Array> {
  const buf = await sharp({ create: { width: 4, height: 3, channels: 3, background: "#808080" } })
    .png().toBuffer();
  return new Uint8Array(buf);
}

Deno.test("a PNG whose IHDR CRC is wrong is refused by the image and depth loaders", async () => {
  const good = await png();
  checkPngHeader(good, "x.png");
  assert.equal((await loadImage(good)).width, 4);
  const bad = good.slice();
  bad[19] ^= 0x01; // width's low byte: 4 → 5, the stored CRC now disagrees
  assert.throws(() => checkPngHeader(bad, "x.png"), /x\.png: PNG header \(IHDR\) fails its CRC/);
  await assert.rejects(loadImage(bad), /fails its CRC check/);
  const dir = await Deno.makeTempDir();
  await Deno.writeFile(`${dir}/d.png`, bad);
  await assert.rejects(
    loadDepthMap({ path: `${dir}/d.png`, scale: 1000 }, { width: 5, height: 3 }),
    /d\.png: PNG header \(IHDR\) fails its CRC/,
  );
  const cut = good.slice(0, 20);
  assert.throws(() => checkPngHeader(cut, "c.png"), /missing or cut short/);
  await Deno.remove(dir, { recursive: true });
});
