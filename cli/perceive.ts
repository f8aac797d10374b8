/**
 * `deno task perceive <image> [--rgbd depth.png --depth-scale 1000] [--fx F --fy F --cx C --cy C]
 * [--json | --format json|table|spatiallm]`: runs detect → estimate_depth → back_project →
 * estimate_orientation on one image and prints the scene: JSON (with --json or when stdout is not
 * a terminal), a table, or SpatialLM's layout text. `--scene FILE` prints a scene file (JSON or a
 * SpatialLM layout) in the chosen format instead, without perception.
 *
 * Exit codes: 0 success, 2 bad input (a missing or unreadable file, a bad flag, a missing model).
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { resolveIntrinsics } from "../core/intrinsics.ts";
import { loadDepthMap } from "../models/depth_map.ts";
import { loadImage } from "../models/image.ts";
import { loadSceneFile } from "../scene/load.ts";
import type { NormalizedScene } from "../scene/schema.ts";
import { formatLayout } from "../scene/spatiallm.ts";
import { sceneToLayout } from "../scene/spatiallm_scene.ts";
import { defaultRegistry } from "../tools/index.ts";
import { createWorkspace } from "../tools/workspace.ts";
import { perceive } from "../agent/perceive.ts";
import { newTrace, type Trace } from "../agent/trace.ts";
import { checkText, DEFAULT_TEXT_LIMITS } from "../agent/text_limits.ts";
import { MODELS } from "../models/registry.ts";
import { choiceFlag, HELP_FLAG, helpHint, parseFlags, printHelp, stringFlag } from "./args.ts";
import { IMAGE_FLAGS, IMAGE_HELP, readCameraFlags } from "./image_flags.ts";
import { describeFacing } from "../core/facing.ts";
import {
  applyPerceptionFlags,
  checkDevice,
  PERCEPTION_FLAGS,
  PERCEPTION_HELP,
} from "./perception_flags.ts";

const USAGE = `usage: deno task perceive <image> [options]
       deno task perceive --scene FILE [--viewpoint A->B] --format spatiallm|json|table

Detects objects, estimates their metric depth, back-projects them to 3D and estimates their
orientation; prints the scene (docs/perception.md) as JSON, or as a table on a terminal.

options:
${IMAGE_HELP}
  --query TEXT          only look for these things (comma-separated), e.g. "dog, person"
  --json                print JSON even on a terminal (= --format json)
  --format NAME         json (default when piped), table (default on a terminal), or spatiallm:
                        SpatialLM's layout text (bbox_N=Bbox(class,x,y,z,angle_z,sx,sy,sz) lines,
                        our frame's axes, the camera at the origin; docs/CONVENTIONS.md)
  --scene FILE          print this scene file (scene JSON or a SpatialLM layout) instead of
                        perceiving an image: converts between the formats
  --viewpoint A->B      with a layout --scene: stand at A facing B (see ask --help)
  -h, --help            this help

${PERCEPTION_HELP}

exit codes: 0 success, 2 bad input (file, flag or missing model)`;

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    query: { type: "string" },
    json: { type: "boolean" },
    format: { type: "string" },
    scene: { type: "string" },
    viewpoint: { type: "string" },
    ...HELP_FLAG,
    ...IMAGE_FLAGS,
    ...PERCEPTION_FLAGS,
  }, USAGE);
  if (printHelp(values, USAGE)) return 0;
  const format = choiceFlag(
    values,
    "format",
    FORMATS,
    values.json || !Deno.stdout.isTerminal() ? "json" : "table",
  );
  if (values.json && format !== "json") {
    throw new InputError("--json", `contradicts --format ${format}`, "give one of them");
  }
  const scenePath = stringFlag(values, "scene");
  const viewpoint = stringFlag(values, "viewpoint");
  if (viewpoint !== undefined && !scenePath) {
    throw new InputError("--viewpoint", "needs --scene with a SpatialLM layout", USAGE);
  }
  if (scenePath) {
    if (positionals.length) {
      throw new InputError("image", "give an image or --scene, not both", USAGE);
    }
    print(await loadSceneFile(scenePath, { viewpoint }), format, scenePath);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new InputError(
      "image",
      `expected one image path, got ${positionals.length}`,
      helpHint(USAGE),
    );
  }
  applyPerceptionFlags(values);
  await checkDevice();
  // every flag is checked before any file is read
  const { camera: given, depthScale: scale } = await readCameraFlags(values);
  const rgbd = stringFlag(values, "rgbd");
  if (values["depth-scale"] !== undefined && !rgbd) {
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
  for (const line of notDetectableNotes(trace)) console.error(line);
  print(scene, format);
  return 0;
}

/** Output formats of `perceive`. */
export const FORMATS = ["json", "table", "spatiallm"] as const;

function print(scene: NormalizedScene, format: typeof FORMATS[number], source = "scene"): void {
  for (const s of (scene.skipped_lines ?? []) as { line: number; reason: string }[]) {
    console.error(`warning: ${source}:${s.line} skipped: ${s.reason}`);
  }
  if (format === "json") console.log(JSON.stringify(scene, null, 2));
  else if (format === "spatiallm") console.log(formatLayout(sceneToLayout(scene)).trimEnd());
  else console.log(formatScene(scene));
}

/**
 * One line per query phrase the detector could not look for, naming the detectors that could:
 * the open-vocabulary ones in the model registry.
 */
export function notDetectableNotes(trace: Trace): string[] {
  const detect = trace.events.find((e) => e.type === "perception" && e.tool === "detect");
  if (!detect || detect.type !== "perception" || !detect.ok) return [];
  const output = detect.output as { not_detectable?: { query: string; reason: string }[] };
  const missing = output.not_detectable ?? [];
  if (!missing.length) return [];
  const open = MODELS.filter((m) => m.task === "open-vocabulary-detection").map((m) => m.id);
  const could = open.length
    ? `an open-vocabulary detector could look for it: --detector ${open.join(" or --detector ")}` +
      ` (deno task models pull ${open[0]})`
    : "no detector in the registry looks for free-text queries";
  return missing.map((m) => `note: "${m.query}": ${m.reason}; ${could}`);
}

const f2 = (v: number) => v.toFixed(2);

/** The scene as a table for a person. */
export function formatScene(scene: NormalizedScene): string {
  const c = scene.camera;
  const head = (c
    ? `${scene.image ?? "(image)"}  ${scene.width}×${scene.height}  ` +
      `fx ${c.fx.toFixed(1)} fy ${c.fy.toFixed(1)} (${scene.intrinsics_source})\n`
    : "") +
    `frame: ${scene.frame}\n` +
    (scene.camera_pose
      ? `camera: ${f2(scene.camera_pose.camera_height)} ± ${
        f2(scene.camera_pose.camera_height_sigma)
      } m above the ground, pitch ${scene.camera_pose.pitch_deg.toFixed(1)}° ± ${
        scene.camera_pose.pitch_sigma_deg.toFixed(1)
      }°, horizon at row ${scene.camera_pose.horizon_row.toFixed(0)} ` +
        `(${scene.camera_pose.source})\n`
      : "");
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
        ? `${describeFacing(o.front)} [${o.front.map(f2).join(", ")}] (${
          f2(o.orientation_confidence ?? 0)
        })`
        : "unknown",
    ];
  });
  const header = ["id", "label", "score", "center [x right, y fwd, z up] m", "depth m", "front"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  return head + [line(header), ...rows.map(line)].join("\n");
}
