/**
 * Cold start of the command line: a fresh `deno run main.ts ask` (a scene-file question with the
 * rule planner — process start, module loading and the answer, no model) against a bare
 * `deno run` of an empty script, measured in the same run (Deno prints the ratio; target
 * ≤ 15×). With ../shared present, a fresh `ask` on a photo (model session, detect) as well.
 * Run: `deno bench -A bench/startup_bench.ts`.
 */
import { hasShared, SHARED_DIR } from "../tests/shared.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const empty = Deno.makeTempFileSync({ suffix: ".ts" });
const SCENE = `${ROOT}tests/fixtures/street.json`;

async function deno(args: string[]): Promise<void> {
  const r = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!r.success) throw new Error(new TextDecoder().decode(r.stderr));
}

const opts = { group: "cold start", n: 8, warmup: 1 };
Deno.bench("bare `deno run` of an empty script", { ...opts, baseline: true }, async () => {
  await deno(["run", empty]);
});
Deno.bench("`ask --scene` (rules): start-up + answer (target ≤ 15×)", opts, async () => {
  await deno([
    "run",
    "-A",
    "main.ts",
    "ask",
    "--scene",
    SCENE,
    "How far apart are the dog and the truck?",
    "--planner",
    "rules",
  ]);
});
Deno.bench("`ask --help`: module loading only", opts, async () => {
  await deno(["run", "-A", "main.ts", "ask", "--help"]);
});
if (hasShared("models/yolox_nano.onnx") && hasShared("images/dog.jpg")) {
  Deno.bench("`ask` on a photo (rules, offline): + model session and detect", opts, async () => {
    await deno([
      "run",
      "-A",
      "main.ts",
      "ask",
      `${SHARED_DIR}/images/dog.jpg`,
      "Which is closer to the camera, the dog or the bicycle?",
      "--planner",
      "rules",
      "--offline",
      "--models-dir",
      `${SHARED_DIR}/models`,
      "--providers",
      "cpu",
    ]);
  });
}
