/**
 * `deno task perceive <image> [--rgbd depth.png --depth-scale 1000] [--fx F --fy F --cx C --cy C]
 * [--json]`: runs detect → estimate_depth → back_project → estimate_orientation on one image and
 * prints the scene: JSON (with --json or when stdout is not a terminal) or a table.
 *
 * Exit codes: 0 success, 2 bad input (a missing or unreadable file, a bad flag, a missing model).
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { resolveIntrinsics } from "../core/intrinsics.ts";
import { loadDepthMap } from "../models/depth_map.ts";
import { loadImage } from "../models/image.ts";
import type { NormalizedScene } from "../scene/schema.ts";
import { defaultRegistry } from "../tools/index.ts";
import { createWorkspace } from "../tools/workspace.ts";
import { perceive } from "../agent/perceive.ts";
import { newTrace } from "../agent/trace.ts";
import { checkText, DEFAULT_TEXT_LIMITS } from "../agent/text_limits.ts";
import { HELP_FLAG, parseFlags, printHelp, stringFlag } from "./args.ts";
import { cameraFlags, depthScaleFlag, IMAGE_FLAGS } from "./image_flags.ts";
import { applyPerceptionFlags, PERCEPTION_FLAGS, PERCEPTION_HELP } from "./perception_flags.ts";

const USAGE = `usage: deno task perceive <image> [options]

Detects objects, estimates their metric depth, back-projects them to 3D and estimates their
orientation; prints the scene (docs/perception.md) as JSON, or as a table on a terminal.

options:
  --rgbd FILE         depth map registered to the image: 16-bit PNG (with --depth-scale) or raw
                      little-endian float32 metres (width × height × 4 bytes)
  --depth-scale N     PNG value per metre (1000 for millimetres, 256 for KITTI)
  --fx F --fy F       focal lengths in pixels (default: EXIF focal length, else a 60° field of view)
  --cx C --cy C       principal point in pixels (default: image centre)
  --query TEXT        only look for these things (comma-separated), e.g. "dog, person"
  --json              print JSON even on a terminal
  -h, --help          this help

${PERCEPTION_HELP}

exit codes: 0 success, 2 bad input (file, flag or missing model)`;

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    query: { type: "string" },
    json: { type: "boolean" },
    ...HELP_FLAG,
    ...IMAGE_FLAGS,
    ...PERCEPTION_FLAGS,
  }, USAGE);
  if (printHelp(values, USAGE)) return 0;
  if (positionals.length !== 1) {
    throw new InputError("image", `expected one image path, got ${positionals.length}`, USAGE);
  }
  applyPerceptionFlags(values);
  // every flag is checked before any file is read
  const given = cameraFlags(values);
  const rgbd = stringFlag(values, "rgbd");
  const scale = depthScaleFlag(values);
  if (scale !== undefined && !rgbd) {
    throw new InputError("--depth-scale", "only means something with --rgbd");
  }
  // The server's text limit, checked before any model loads.
  const rawQuery = stringFlag(values, "query");
  const query = rawQuery === undefined
    ? undefined
    : checkText(rawQuery, DEFAULT_TEXT_LIMITS.maxQuestionChars, "--query", 'e.g. "dog, person"');
  const image = await loadImage(positionals[0]);
  const camera = resolveIntrinsics(image.width, image.height, {
    given,
    focal35mm: image.focal35mm,
  });
  const depthMap = rgbd ? await loadDepthMap({ path: rgbd, scale }, image) : undefined;
  const workspace = createWorkspace({ camera, image, depthMap });
  const trace = newTrace({
    question: "(perceive)",
    image: { path: image.path, sha256: image.sha256, width: image.width, height: image.height },
    intrinsics: camera,
    planner: "rules",
  });
  const scene = await perceive(
    defaultRegistry(),
    { workspace },
    trace,
    undefined,
    query ? { query } : {},
  );
  if (values.json || !Deno.stdout.isTerminal()) console.log(JSON.stringify(scene, null, 2));
  else console.log(formatScene(scene));
  return 0;
}

const f2 = (v: number) => v.toFixed(2);

/** The scene as a table for a person. */
export function formatScene(scene: NormalizedScene): string {
  const c = scene.camera!;
  const head = `${scene.image ?? "(image)"}  ${scene.width}×${scene.height}  ` +
    `fx ${c.fx.toFixed(1)} fy ${c.fy.toFixed(1)} (${scene.intrinsics_source})\n` +
    `frame: ${scene.frame}\n`;
  if (scene.objects.length === 0) return `${head}no objects found`;
  const rows: string[][] = scene.objects.map((o) => {
    const d = (o as { depth?: { value: number; uncertainty: number; method: string } }).depth;
    return [
      String(o.id),
      String(o.label),
      o.score !== undefined ? f2(o.score) : "",
      `[${o.center.map(f2).join(", ")}]`,
      d ? `${f2(d.value)} ± ${f2(d.uncertainty)} (${d.method})` : "",
      o.front
        ? `[${o.front.map(f2).join(", ")}] (${f2(o.orientation_confidence ?? 0)})`
        : "unknown",
    ];
  });
  const header = ["id", "label", "score", "center [x right, y fwd, z up] m", "depth m", "front"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  return head + [line(header), ...rows.map(line)].join("\n");
}
