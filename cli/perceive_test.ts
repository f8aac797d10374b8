import assert from "node:assert/strict";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { parseScene } from "../scene/schema.ts";

const root = new URL("..", import.meta.url).pathname;

/** Runs `deno run -A main.ts …` and returns exit code, stdout and stderr. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${root}main.ts`, ...args],
    env: { SPATIAL_EXECUTION_PROVIDERS: "cpu", SPATIAL_OFFLINE: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("perceive and models --help exit 0 and list every flag", async () => {
  const p = await cli(["perceive", "--help"]);
  assert.equal(p.code, 0);
  for (
    const f of ["--rgbd", "--depth-scale", "--fx", "--cy", "--json", "--models-dir", "--offline"]
  ) {
    assert.ok(p.stdout.includes(f), f);
  }
  const m = await cli(["models", "--help"]);
  assert.equal(m.code, 0);
  assert.match(m.stdout, /list .*\n[\s\S]*pull[\s\S]*verify/);
});

Deno.test("perceive: bad input exits 2 with one clear line", async () => {
  const dir = await Deno.makeTempDir();
  const cases: [string[], RegExp][] = [
    [["perceive"], /expected one image path, got 0/],
    [["perceive", `${dir}/none.jpg`], /image file not found/],
    [
      ["perceive", `${dir}/none.jpg`, "--fx", "abc"],
      /--fx: must be a number > 0 and ≤ 10000000 \(pixels\), got "abc"/,
    ],
    [["perceive", `${dir}/none.jpg`, "--bogus"], /--bogus/],
    [
      ["perceive", `${dir}/none.jpg`, "--query", "dog,".repeat(600)],
      /--query: is 2400 characters, more than the limit of 2000/,
    ],
    [["models", "frobnicate"], /unknown subcommand "frobnicate"/],
    [["models", "verify", "no-such-model"], /unknown model "no-such-model"/],
  ];
  for (const [args, re] of cases) {
    const r = await cli(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.ok(!/\n\s+at /.test(r.stderr), "no stack trace");
  }
  // a model missing from an empty models directory: names the file, the URL and where to put it
  await Deno.writeFile(`${dir}/x.png`, await tinyPng());
  const missing = await cli(["perceive", `${dir}/x.png`], { SPATIAL_MODELS_DIR: `${dir}/models` });
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /yolox_nano\.onnx not found/);
  assert.ok(missing.stderr.includes("releases/download/0.1.1rc0/yolox_nano.onnx"));
  assert.ok(missing.stderr.includes(`${dir}/models`));
});

/** A valid 2×2 PNG, written by sharp in the test process. */
async function tinyPng(): Promise<Uint8Array> {
  const { default: sharp } = await import("sharp");
  return new Uint8Array(
    await sharp({ create: { width: 2, height: 2, channels: 3, background: "#808080" } }).png()
      .toBuffer(),
  );
}

Deno.test({
  name: "perceive --json prints a valid scene; --rgbd uses the depth map",
  ignore: !hasShared("data/rgbd/nyu_00000/depth.png") || !hasShared("models/yolox_nano.onnx"),
  async fn() {
    const env = { SPATIAL_MODELS_DIR: `${SHARED_DIR}/models` };
    const nyu = `${SHARED_DIR}/data/rgbd/nyu_00000`;
    const cam = JSON.parse(await Deno.readTextFile(`${nyu}/camera.json`));
    const r = await cli([
      "perceive",
      `${nyu}/rgb.jpg`,
      "--rgbd",
      `${nyu}/depth.png`,
      "--depth-scale",
      String(cam.depth_png_scale),
      "--fx",
      String(cam.fx),
      "--fy",
      String(cam.fy),
      "--cx",
      String(cam.cx),
      "--cy",
      String(cam.cy),
      "--json",
    ], env);
    assert.equal(r.code, 0, r.stderr);
    const scene = parseScene(JSON.parse(r.stdout));
    assert.equal(scene.intrinsics_source, "given");
    assert.ok(scene.objects.length > 0);
    const methods = scene.objects.map((o) => (o.depth as { method: string }).method);
    assert.ok(methods.includes("rgbd"), methods.join()); // boxes with no valid pixels fall back
    assert.ok(methods.every((m) => m === "rgbd" || m === "size-prior"));
    const bad = await cli(["perceive", `${nyu}/rgb.jpg`, "--rgbd", `${nyu}/depth.png`], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--depth-scale/);
  },
});

Deno.test("models list and verify report the models directory's state", async () => {
  const dir = await Deno.makeTempDir();
  const list = await cli(["models", "list", "--json", "--models-dir", dir]);
  assert.equal(list.code, 0, list.stderr);
  const j = JSON.parse(list.stdout);
  assert.equal(j.models_dir, dir);
  assert.ok(
    j.models.some((m: { id: string; present: boolean }) => m.id === "yolox-nano" && !m.present),
  );
  const v = await cli(["models", "verify", "yolox-nano", "--models-dir", dir]);
  assert.equal(v.code, 3);
  assert.match(v.stdout, /missing/);
  if (hasShared("models/yolox_nano.onnx")) {
    const ok = await cli(["models", "verify", "yolox-nano", "deeplabv3-mobilenetv2-voc"], {
      SPATIAL_MODELS_DIR: `${SHARED_DIR}/models`,
    });
    assert.equal(ok.code, 0, ok.stdout);
    assert.equal(ok.stdout.match(/^ok /gm)?.length, 2);
  }
});
