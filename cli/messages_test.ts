/**
 * What a person meets on the command line: the help of every command, the message for an unknown
 * flag or a flag without its value, `--rgbd` without a scale, `--camera`, a tiny `--deadline`,
 * `models verify`, `perceive --query` with a phrase the detector cannot see, and `export` from a
 * file in another training format.
 */
import assert from "node:assert/strict";
import { main } from "../main.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";

const root = new URL("..", import.meta.url).pathname;
const SCENE = `${root}tests/fixtures/street.json`;

/** Runs a command in-process, capturing what it prints. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = (...a: unknown[]) => out.push(a.join(" "));
  console.error = (...a: unknown[]) => err.push(a.join(" "));
  try {
    const code = await main(args);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** Runs `deno run -A main.ts …` in a child process (for what only a process prints). */
async function child(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${root}main.ts`, ...args],
    env: { SPATIAL_EXECUTION_PROVIDERS: "cpu", SPATIAL_OFFLINE: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, out: dec.decode(out.stdout), err: dec.decode(out.stderr) };
}

Deno.test("generate, export and eval --help describe every flag, its default and the exit codes", async () => {
  const flags: Record<string, string[]> = {
    generate: [
      "--images",
      "--scenes",
      "--out",
      "--format",
      "--frame",
      "--image-root",
      "--overwrite",
      "--per-image",
      "--seed",
      "--variants",
      "--categories",
      "--concurrency",
      "--quiet",
      "--help",
    ],
    export: ["--in", "--format", "--out", "--frame", "--image-root", "--category", "--help"],
    eval: [
      "--questions",
      "--planner",
      "--model",
      "--limit",
      "--image-root",
      "--json",
      "--out",
      "--quiet",
      "--help",
    ],
  };
  for (const [command, names] of Object.entries(flags)) {
    const r = await cli(command, "--help");
    assert.equal(r.code, 0, command);
    for (const f of names) {
      // Each flag starts a line of its own, with its description.
      assert.match(r.out, new RegExp(`^  (-h, )?${f}\\b.*\\S`, "m"), `${command} ${f}`);
    }
    assert.match(r.out, /^exit codes: 0 /m, command);
    assert.match(r.out, /default/, command);
  }
});

Deno.test("an unknown flag names it, suggests the nearest and points to --help, without the help text", async () => {
  const cases: [string[], RegExp][] = [
    [["generate", "--per-imag", "3"], /--per-imag: unknown flag \(did you mean --per-image\?\)/],
    [["export", "--formt", "llava"], /--formt: unknown flag \(did you mean --format\?\)/],
    [["ask", "--plannr", "rules"], /did you mean --planner\?/],
    [["eval", "--bogus"], /--bogus: unknown flag \(hint: deno task eval --help lists every flag\)/],
  ];
  for (const [args, re] of cases) {
    const r = await cli(...args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.err, re, args.join(" "));
    assert.equal(r.err.split("\n").length, 1, `one line: ${r.err}`);
    assert.ok(!r.err.includes("usage:"), "no help text in the error");
  }
  const missing = await cli("ask", "--rgbd");
  assert.equal(missing.code, 2);
  assert.match(missing.err, /--rgbd: needs a value \(hint: deno task ask --help/);
  const required = await cli("export", "--format", "llava");
  assert.match(required.err, /^error: --in: is required \(hint: deno task export --help/);
});

Deno.test("--rgbd PNG without a scale says the scale is required, not 'got undefined'", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { default: sharp } = await import("sharp");
    const png = async (channels: 1 | 3, path: string, depth?: "ushort") => {
      const raw = { width: 4, height: 4, channels };
      const img = sharp(new Uint8Array(4 * 4 * channels * (depth ? 2 : 1)), { raw });
      await (depth ? img.toColourspace("grey16") : img).png().toFile(path);
    };
    await png(3, `${dir}/rgb.png`);
    await png(1, `${dir}/depth.png`, "ushort");
    const r = await cli(
      "ask",
      `${dir}/rgb.png`,
      "how far is the dog?",
      "--rgbd",
      `${dir}/depth.png`,
    );
    assert.equal(r.code, 2);
    assert.match(r.err, /--depth-scale: is required with a 16-bit PNG depth map/);
    assert.match(r.err, /--camera camera\.json/);
    assert.ok(!/undefined/.test(r.err), r.err);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--camera FILE gives the intrinsics (and the flags override it); a bad file names the field", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cam = `${dir}/camera.json`;
    await Deno.writeTextFile(
      cam,
      JSON.stringify({ fx: 600.5, fy: 601.5, cx: 320.25, cy: 240.75, depth_png_scale: 1000 }),
    );
    const ask = async (...extra: string[]) => {
      const r = await cli(
        "ask",
        "--scene",
        SCENE,
        "How far is the dog?",
        "--planner",
        "rules",
        "--json",
        "--camera",
        cam,
        ...extra,
      );
      return JSON.parse(r.out).trace.intrinsics;
    };
    const k = await ask();
    assert.deepEqual([k.fx, k.fy, k.cx, k.cy, k.source], [600.5, 601.5, 320.25, 240.75, "given"]);
    assert.equal((await ask("--fx", "700")).fx, 700);

    await Deno.writeTextFile(cam, JSON.stringify({ fx: -1 }));
    const bad = await cli("ask", "--scene", SCENE, "q", "--camera", cam);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--camera .*camera\.json: fx: /);
    const none = await cli("ask", "--scene", SCENE, "q", "--camera", `${dir}/none.json`);
    assert.equal(none.code, 2);
    assert.match(none.err, /--camera: .*none\.json: no such file/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "--deadline 0.001 answers 'unanswerable' without a Node TimeoutNegativeWarning",
  ignore: !hasShared("models/yolox_nano.onnx"),
  async fn() {
    const r = await child([
      "ask",
      `${root}samples/dog.jpg`,
      "How far is the dog?",
      "--planner",
      "rules",
      "--deadline",
      "0.001",
      "--models-dir",
      `${SHARED_DIR}/models`,
    ]);
    assert.equal(r.code, 3, r.err);
    assert.match(r.out, /deadline of 1 ms/);
    assert.ok(!/Warning/.test(r.err), r.err);
  },
});

Deno.test("models verify: optional models absent is exit 0; a required one missing is exit 3", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const empty = await cli("models", "verify", "--models-dir", dir);
    assert.equal(empty.code, 3);
    assert.match(empty.out, /MISSING \(required\)\s+yolox-nano/);
    assert.match(empty.out, /absent \(optional model\)\s+orient-anything/);
    // The shared folder holds the detector and none of the optional models.
    if (hasShared("models/yolox_nano.onnx")) {
      const ok = await cli("models", "verify", "--models-dir", `${SHARED_DIR}/models`);
      assert.equal(ok.code, 0, ok.out);
      assert.match(ok.out, /the required models \(yolox-nano\) are in place/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "perceive --query 'dog, lamp' says lamp is not detectable and which detector could see it",
  ignore: !hasShared("models/yolox_nano.onnx"),
  async fn() {
    const r = await child([
      "perceive",
      `${root}samples/dog.jpg`,
      "--query",
      "dog, lamp",
      "--json",
      "--models-dir",
      `${SHARED_DIR}/models`,
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.err,
      /note: "lamp": not detectable by yolox-nano; an open-vocabulary detector could look for it: --detector grounding-dino-tiny/,
    );
    assert.ok(!/"dog"/.test(r.err.split("\n").filter((l) => l.startsWith("note")).join()));
    assert.ok(JSON.parse(r.out).objects.some((o: { label: string }) => o.label === "dog"));
  },
});

Deno.test("export from a file in another training format prints one summary line, not one per record", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const src = `${dir}/llava.jsonl`;
    await Deno.writeTextFile(src, '{"conversations": []}\n'.repeat(5));
    const r = await cli("export", "--in", src, "--format", "llava", "--out", `${dir}/o.jsonl`);
    assert.equal(r.code, 3);
    const lines = r.err.split("\n").filter((l) => l.includes("not a trace"));
    assert.equal(lines.length, 1, r.err);
    assert.match(lines[0], /5 lines are not a trace or an sr-cot record, skipped \(first: line 1:/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
