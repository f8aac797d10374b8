import assert from "node:assert/strict";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { parseScene } from "../scene/schema.ts";
import { parseLayout } from "../scene/spatiallm.ts";
import { formatScene } from "./perceive.ts";

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
    const f of [
      "--rgbd",
      "--depth-scale",
      "--fx",
      "--cy",
      "--json",
      "--models-dir",
      "--offline",
      "--tiling",
    ]
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
      ["perceive", `${dir}/none.jpg`, "--tiling", "yes"],
      /--tiling: must be one of auto, on, off, got "yes"/,
    ],
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

Deno.test("--device gpu without a GPU: one line, exit 2; models doctor says what was found", async () => {
  const doctor = await cli(["models", "doctor", "--json"], { SPATIAL_EXECUTION_PROVIDERS: "" });
  assert.equal(doctor.code, 0);
  const report = JSON.parse(doctor.stdout);
  assert.equal(report.device, "auto");
  assert.ok("webgpu" in report.probe && "cuda" in report.probe);
  if (report.probe.webgpu.ok || report.probe.cuda.ok) {
    console.warn("skipping the no-GPU half: this machine has a working GPU provider");
    return;
  }
  assert.deepEqual(report.providers, ["cpu"]);
  const p = await cli(["perceive", `${SHARED_DIR}/images/dog.jpg`, "--device", "gpu"], {
    SPATIAL_EXECUTION_PROVIDERS: "",
  });
  assert.equal(p.code, 2);
  assert.equal(p.stderr.trim().split("\n").length, 1, p.stderr);
  assert.match(p.stderr, /--device: gpu asked for, but no GPU provider works here .*--device cpu/);
  const bad = await cli(["perceive", `${SHARED_DIR}/images/dog.jpg`, "--device", "tpu"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--device: must be one of auto, gpu, cpu/);
});

Deno.test("perceive --scene converts between scene JSON and SpatialLM layouts", async () => {
  const room = `${root}tests/fixtures/room_layout.txt`;
  const text = await cli(["perceive", "--scene", room, "--format", "spatiallm"]);
  assert.equal(text.code, 0, text.stderr);
  assert.deepEqual(
    parseLayout(text.stdout).boxes.map((b) => b.className),
    parseLayout(await Deno.readTextFile(room)).boxes.map((b) => b.className),
  );
  const street = `${root}tests/fixtures/street.json`;
  const json = await cli(["perceive", "--scene", street, "--format", "spatiallm"]);
  assert.equal(json.code, 0, json.stderr);
  const scene = parseScene(JSON.parse(await Deno.readTextFile(street)));
  const boxes = parseLayout(json.stdout).boxes;
  assert.deepEqual(
    boxes.map((b) => b.className),
    scene.objects.map((o) => o.label.replace(" ", "_")),
  );
  boxes.forEach((b, i) =>
    b.position.forEach((x, k) => assert.ok(Math.abs(x - scene.objects[i].center[k]) < 1e-3))
  );
  const bad = await cli(["perceive", "--scene", room, "--format", "xml"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--format/);
});

Deno.test({
  name: "perceive --format spatiallm writes the perceived scene as a layout",
  ignore: !hasShared("models/yolox_nano.onnx"),
  async fn() {
    const env = { SPATIAL_MODELS_DIR: `${SHARED_DIR}/models` };
    const image = `${root}samples/dog.jpg`;
    const r = await cli(["perceive", image, "--format", "spatiallm"], env);
    assert.equal(r.code, 0, r.stderr);
    const layout = parseLayout(r.stdout);
    assert.ok(layout.boxes.length > 0);
    assert.ok(layout.boxes.every((b) => b.position[1] > 0), "in front of the camera (+y)");
  },
});

Deno.test("perceive table: shows the camera height, pitch and horizon when estimated", () => {
  const scene = {
    width: 100,
    height: 80,
    camera: { fx: 100, fy: 100, cx: 50, cy: 40 },
    intrinsics_source: "given" as const,
    frame: "camera-gravity-aligned",
    camera_pose: {
      camera_height: 1.63,
      camera_height_sigma: 0.05,
      pitch_deg: -2.04,
      pitch_sigma_deg: 0.5,
      horizon_row: 36.4,
      source: "objects",
      note: "fitted",
    },
    objects: [],
  };
  assert.match(
    formatScene(scene),
    /camera: 1\.63 ± 0\.05 m above the ground, pitch -2\.0° ± 0\.5°, horizon at row 36 \(objects\)/,
  );
  assert.doesNotMatch(formatScene({ ...scene, camera_pose: undefined }), /above the ground/);
});
