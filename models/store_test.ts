import assert from "node:assert/strict";
import { InputError, OutputError } from "../core/errors.ts";
import { withTmpfs } from "../tests/tmpfs.ts";
import { sha256Hex } from "./image.ts";
import { downloadFile, ensureModel, isModelPresent, verifyModel } from "./store.ts";
import type { ModelSpec } from "./registry.ts";

const BODY = new Uint8Array(200_000).map((_, i) => (i * 7 + 3) % 256);
const DIGEST = sha256Hex(BODY);

interface Server {
  url: string;
  ranges: (string | null)[];
  close: () => Promise<void>;
}

/** A local server: `/file` honours Range; `/cut` sends half the body then hangs up. */
function serve(): Server {
  const ranges: (string | null)[] = [];
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: () => {} },
    (req) => {
      const path = new URL(req.url).pathname;
      const range = req.headers.get("range");
      ranges.push(range);
      if (path === "/missing") return new Response("no", { status: 404 });
      const start = range ? Number(range.match(/bytes=(\d+)-/)![1]) : 0;
      if (start >= BODY.length) return new Response(null, { status: 416 });
      const rest = BODY.subarray(start);
      const headers = { "content-length": String(rest.length) };
      if (path === "/cut" && start === 0) {
        const half = rest.subarray(0, 80_000);
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(half);
          },
          pull(c) {
            c.close(); // fewer bytes than content-length: the client sees a cut connection
          },
        });
        return new Response(stream, { headers });
      }
      return new Response(rest, {
        status: range ? 206 : 200,
        headers: range
          ? { ...headers, "content-range": `bytes ${start}-${BODY.length - 1}/${BODY.length}` }
          : headers,
      });
    },
  );
  const { port } = server.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${port}`,
    ranges,
    close: async () => {
      ac.abort();
      await server.finished;
    },
  };
}

Deno.test("downloadFile verifies, renames into place and reports progress", async () => {
  const srv = serve();
  try {
    const dir = await Deno.makeTempDir();
    const seen: number[] = [];
    await downloadFile(`${srv.url}/file`, `${dir}/a/m.onnx`, {
      sha256: ["0".repeat(64), DIGEST],
      onProgress: (d, t) => {
        seen.push(d);
        assert.equal(t, BODY.length);
      },
    });
    assert.deepEqual(await Deno.readFile(`${dir}/a/m.onnx`), BODY);
    assert.equal(seen.at(-1), BODY.length);
    await assert.rejects(Deno.stat(`${dir}/a/m.onnx.part`), Deno.errors.NotFound);
  } finally {
    await srv.close();
  }
});

Deno.test("downloadFile: an interrupted transfer leaves only .part and resumes with Range", async () => {
  const srv = serve();
  try {
    const dir = await Deno.makeTempDir();
    const dest = `${dir}/m.onnx`;
    await assert.rejects(
      downloadFile(`${srv.url}/cut`, dest, { sha256: [DIGEST] }),
      (e: unknown) => e instanceof InputError && /interrupted|ended after/.test(e.reason),
    );
    await assert.rejects(Deno.stat(dest), Deno.errors.NotFound); // nothing that looks complete
    const partial = (await Deno.stat(`${dest}.part`)).size;
    assert.ok(partial > 0 && partial < BODY.length);
    await downloadFile(`${srv.url}/cut`, dest, { sha256: [DIGEST] });
    assert.equal(srv.ranges.at(-1), `bytes=${partial}-`);
    assert.deepEqual(await Deno.readFile(dest), BODY);
  } finally {
    await srv.close();
  }
});

Deno.test("downloadFile: bad checksum deletes the partial file; HTTP errors are InputErrors", async () => {
  const srv = serve();
  try {
    const dir = await Deno.makeTempDir();
    const dest = `${dir}/m.onnx`;
    await assert.rejects(
      downloadFile(`${srv.url}/file`, dest, { sha256: ["ab".repeat(32)] }),
      (e: unknown) => e instanceof InputError && /checksum mismatch/.test(e.reason),
    );
    await assert.rejects(Deno.stat(dest), Deno.errors.NotFound);
    await assert.rejects(Deno.stat(`${dest}.part`), Deno.errors.NotFound);
    await assert.rejects(
      downloadFile(`${srv.url}/missing`, dest),
      (e: unknown) => e instanceof InputError && /HTTP 404/.test(e.reason),
    );
  } finally {
    await srv.close();
  }
});

function spec(url?: string): ModelSpec {
  return {
    id: "test-model",
    task: "object-detection",
    runtime: "onnxruntime",
    files: [{ name: "sub/test.onnx", url, sha256: [DIGEST] }],
    license: "MIT",
    source: "made by the test",
    inputs: [],
    outputs: [],
    preprocessing: "",
    validated: "n/a",
  };
}

Deno.test("ensureModel downloads on first use; offline or no URL names file, URL and directory", async () => {
  const srv = serve();
  try {
    const modelsDir = await Deno.makeTempDir();
    const err = await ensureModel(spec(`${srv.url}/file`), { modelsDir, offline: true })
      .catch((e) => e);
    assert.ok(err instanceof InputError);
    assert.match(err.message, /sub\/test\.onnx/);
    assert.ok(err.message.includes(`${srv.url}/file`));
    assert.ok(err.message.includes(modelsDir));
    const noUrl = await ensureModel(spec(), { modelsDir, offline: false }).catch((e) => e);
    assert.match(noUrl.message, /no public download: made by the test/);
    assert.equal(await isModelPresent(spec(), { modelsDir }), false);
    const path = await ensureModel(
      spec(`${srv.url}/file`),
      { modelsDir, offline: false },
      () => () => {},
    );
    assert.equal(path, `${modelsDir}/sub/test.onnx`);
    assert.equal(await isModelPresent(spec(), { modelsDir }), true);
    const [status] = await verifyModel(spec(), { modelsDir });
    assert.equal(status.verified, true);
    await Deno.writeFile(path, new Uint8Array([1, 2, 3]));
    assert.equal((await verifyModel(spec(), { modelsDir }))[0].verified, false);
  } finally {
    await srv.close();
  }
});

Deno.test("a download that fails creates no folder (--models-dir stays absent)", async () => {
  const srv = serve();
  const dir = await Deno.makeTempDir();
  try {
    const models = `${dir}/models`;
    await assert.rejects(downloadFile(`${srv.url}/missing`, `${models}/sub/m.onnx`), /HTTP 404/);
    await assert.rejects(
      downloadFile("http://127.0.0.1:9/x", `${models}/m.onnx`),
      /cannot download/,
    );
    await assert.rejects(Deno.stat(models), Deno.errors.NotFound);
    await downloadFile(`${srv.url}/file`, `${models}/sub/m.onnx`);
    assert.equal((await Deno.stat(`${models}/sub/m.onnx`)).size, BODY.length);
  } finally {
    await srv.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a full disk during a download is an OutputError, not an interrupted download", async () => {
  const srv = serve();
  try {
    const ran = await withTmpfs(64 * 1024, async (dir) => {
      await assert.rejects(
        downloadFile(`${srv.url}/file`, `${dir}/m.onnx`),
        (e: unknown) => e instanceof OutputError && /m\.onnx\.part: cannot write/.test(e.message),
      );
    });
    if (!ran) console.warn("skipped: no tmpfs");
  } finally {
    await srv.close();
  }
});
