import assert from "node:assert/strict";
import sharp from "sharp";
import { crc32, deflateSync } from "node:zlib";
import { InputError } from "../core/errors.ts";
import { loadImage, sha256Hex } from "./image.ts";

async function tempFile(name: string, bytes: Uint8Array): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "image_test_" });
  const path = `${dir}/${name}`;
  await Deno.writeFile(path, bytes);
  return path;
}

async function jpeg(width: number, height: number): Promise<Uint8Array> {
  const raw = new Uint8Array(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 37) % 251; // texture, so the JPEG is long
  return new Uint8Array(
    await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer(),
  );
}

/** A PNG whose header claims width × height but whose data is a few bytes: a decompression bomb. */
function bombPng(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    const body = new Uint8Array([...new TextEncoder().encode(type), ...data]);
    out.set(body, 4);
    view.setUint32(8 + data.length, crc32(body));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const idat = new Uint8Array(deflateSync(new Uint8Array(1 + width * 3 * 2)));
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", idat),
    chunk("IEND", new Uint8Array()),
  ];
  const total = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) total.set(p, (o += p.length) - p.length);
  return total;
}

async function rejects(p: Promise<unknown>, path: string, reason: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof InputError, `expected InputError, got ${e}`);
    assert.equal(e.field, path);
    assert.match(e.reason, reason);
    return true;
  });
}

Deno.test("loadImage decodes RGB, hashes the bytes and applies EXIF orientation", async () => {
  const bytes = new Uint8Array(
    await sharp(await jpeg(40, 20)).withMetadata({ orientation: 6 }).jpeg().toBuffer(),
  );
  const path = await tempFile("rotated.jpg", bytes);
  const img = await loadImage(path);
  assert.equal(img.width, 20); // orientation 6 = rotate 90°: 40×20 becomes 20×40
  assert.equal(img.height, 40);
  assert.equal(img.data.length, 20 * 40 * 3);
  assert.equal(img.sha256, sha256Hex(bytes));
  assert.equal(img.path, path);
  assert.equal(img.focal35mm, undefined);
});

Deno.test("loadImage reads FocalLengthIn35mmFormat and accepts PNG and WebP", async () => {
  const withFocal = new Uint8Array(
    await sharp(await jpeg(16, 8)).withExif({ IFD2: { FocalLengthIn35mmFilm: "28" } }).jpeg()
      .toBuffer(),
  );
  assert.equal((await loadImage(withFocal)).focal35mm, 28);
  const grey = new Uint8Array(
    await sharp(new Uint8Array(20).fill(128), { raw: { width: 5, height: 4, channels: 1 } }).png()
      .toBuffer(),
  );
  const g = await loadImage(grey);
  assert.deepEqual([g.width, g.height, g.data.length, g.data[0]], [5, 4, 60, 128]);
  const webp = new Uint8Array(
    await sharp({ create: { width: 6, height: 3, channels: 4, background: "#ff000080" } }).webp()
      .toBuffer(),
  );
  assert.equal((await loadImage(webp)).data.length, 6 * 3 * 3);
});

Deno.test("loadImage: missing, empty, non-image, truncated and bomb files are InputErrors", async () => {
  const dir = await Deno.makeTempDir();
  await rejects(loadImage(`${dir}/nope.jpg`), `${dir}/nope.jpg`, /not found/);
  const empty = await tempFile("empty.jpg", new Uint8Array());
  await rejects(loadImage(empty), empty, /empty/);
  const text = await tempFile("notes.jpg", new TextEncoder().encode("not an image at all"));
  await rejects(loadImage(text), text, /not a readable image/);
  const full = await jpeg(64, 64);
  const cut = await tempFile("cut.jpg", full.subarray(0, Math.floor(full.length / 2)));
  await rejects(loadImage(cut), cut, /truncated or corrupt/);
  const bomb = await tempFile("bomb.png", bombPng(60000, 60000));
  await rejects(loadImage(bomb), bomb, /decompression bomb/);
  const big = await tempFile("big.jpg", full);
  await rejects(loadImage(big, { maxBytes: 100 }), big, /more than the limit of 100/);
  const gif = await tempFile(
    "a.gif",
    new Uint8Array(
      await sharp({ create: { width: 2, height: 2, channels: 3, background: "#000" } }).gif()
        .toBuffer(),
    ),
  );
  await rejects(loadImage(gif), gif, /unsupported image format "gif"/);
  await rejects(loadImage(dir), dir, /is a directory/);
});
