/**
 * `deno task ask <image> "<question>"`: answers a spatial question about a photo (or a scene
 * file) with the LLM agent or the rule planner, printing the trace as a story on a terminal, the
 * answer alone when piped, or one JSON object with --json.
 *
 * Exit codes: 0 answered, 2 bad input, 3 unanswerable (the answer says what is missing),
 * 4 the LLM is unreachable or failed with --planner llm, 1 unexpected failure.
 *
 * @module
 */
import { InputError, OutputError } from "../core/errors.ts";
import { checkOutputPath } from "../core/output_path.ts";
import { loadDepthMap } from "../models/depth_map.ts";
import { loadImage } from "../models/image.ts";
import { ask, type AskRequest } from "../agent/ask.ts";
import {
  checkHistory,
  checkOptions,
  checkQuestion,
  DEFAULT_TEXT_LIMITS,
} from "../agent/text_limits.ts";
import { DEFAULT_MODEL, LlmError } from "../agent/ollama.ts";
import { formatHeader, streamPrinter } from "../agent/trace_print.ts";
import { appendTrace } from "../agent/trace_jsonl.ts";
import {
  choiceFlag,
  deadlineFlag,
  HELP_FLAG,
  helpHint,
  hostUrlFlag,
  parseFlags,
  PLANNERS,
  printHelp,
  readStdinText,
  stringFlag,
} from "./args.ts";
import { IMAGE_FLAGS, IMAGE_HELP, readCameraFlags } from "./image_flags.ts";
import { LLM_FLAGS, LLM_HELP, llmRequest, llmServerFlags } from "./llm_flags.ts";
import {
  applyPerceptionFlags,
  checkDevice,
  PERCEPTION_FLAGS,
  PERCEPTION_HELP,
} from "./perception_flags.ts";

/** Exit code: the question could not be answered (see the answer text). */
export const EXIT_UNANSWERABLE = 3;
/** Exit code: `--planner llm` and the LLM could not be reached or failed. */
export const EXIT_LLM_UNAVAILABLE = 4;

/** With no arguments, `ask` answers this question about the bundled sample photo. */
export const DEFAULT_QUESTION = "Which is closer to the camera, the dog or the bicycle?";
/** The bundled sample photo (darknet's dog.jpg). */
export const DEFAULT_IMAGE = new URL("../samples/dog.jpg", import.meta.url).pathname;

const USAGE = `usage: deno task ask <image> "<question>" [options]
       deno task ask            (the sample photo samples/dog.jpg and "${DEFAULT_QUESTION}")
       deno task ask --scene scene.json "<question>" [options]
       echo "<question>" | deno task ask <image> - [options]
       deno task ask --scene layout.txt [--viewpoint "door_0->sofa_0"] "<question>"

Answers a spatial question about a photo: perception (detect, depth, orientation) → 3D
computation (back_project, change_viewpoint, compare_vectors, calculate) → answer, with every
step recorded in a trace. See docs/agent.md.

options:
  --options "A;B;C"     multiple-choice options, separated by ';' (the answer picks one);
                        '-' reads them from stdin, one per line or ';'-separated
  -                     as the question: read it from stdin (for long text; at most 2000
                        characters, like every option)
  --follow-up Q         an earlier question of the conversation (repeat, oldest first): the
                        question may then be a follow-up ("And the bike?", "How far is it?")
  --scene FILE          scene file replacing perception (the image may then be omitted):
                        scene JSON, or a SpatialLM layout (wall_0=Wall(...) lines; no camera)
  --viewpoint A->B      for a layout: stand at A facing B (object ids such as door_0, or x,y,z
                        metres in the layout's frame), or "doorway" (first door facing the
                        room's centre); that observer is then "the camera"
${IMAGE_HELP}
  --planner NAME        auto (default: the LLM when Ollama answers, else rules), llm, rules
  --model NAME          LLM (default ${DEFAULT_MODEL}; needs tool calling; models without vision
                        get the text-only path)
${LLM_HELP}
  --think               ask the model to think (models that support it); kept in the trace
  --deadline S          give up after S seconds (answer "unanswerable"); at most 2147481
  --json                print {answer, value, planner, status, trace} as one JSON object
  --trace-out FILE      append the trace to FILE as one JSON line
  -h, --help            this help

${PERCEPTION_HELP}

exit codes: 0 answered, 2 bad input, 3 unanswerable (the answer says what is missing),
            4 LLM unreachable or failed with --planner llm, 1 unexpected failure`;

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    options: { type: "string" },
    "follow-up": { type: "string", multiple: true },
    scene: { type: "string" },
    viewpoint: { type: "string" },
    planner: { type: "string" },
    model: { type: "string" },
    ...LLM_FLAGS,
    think: { type: "boolean" },
    deadline: { type: "string" },
    json: { type: "boolean" },
    "trace-out": { type: "string" },
    ...HELP_FLAG,
    ...IMAGE_FLAGS,
    ...PERCEPTION_FLAGS,
  }, USAGE);
  if (printHelp(values, USAGE)) return 0;
  applyPerceptionFlags(values);
  const scenePath = stringFlag(values, "scene");
  const viewpoint = stringFlag(values, "viewpoint");
  if (viewpoint !== undefined && !scenePath) {
    throw new InputError("--viewpoint", "needs --scene with a SpatialLM layout", USAGE);
  }
  if (positionals.length === 0 && !scenePath) {
    console.error(
      `no image or question given: asking "${DEFAULT_QUESTION}" about ${DEFAULT_IMAGE}`,
    );
    positionals.push(DEFAULT_IMAGE, DEFAULT_QUESTION);
  }
  const wanted = scenePath ? [1, 2] : [2];
  if (!wanted.includes(positionals.length)) {
    throw new InputError(
      "arguments",
      `expected ${scenePath ? "[image] " : "<image> "}"<question>", got ${positionals.length} ` +
        "argument(s)",
      helpHint(USAGE),
    );
  }
  const [imagePath, rawQuestion] = positionals.length === 2
    ? positionals
    : [undefined, positionals[0]];
  const planner = choiceFlag(values, "planner", PLANNERS, "auto");
  const deadline = deadlineFlag(values);
  // Text limits are the server's, checked before any model loads; '-' reads the text from stdin.
  let rawOptions = stringFlag(values, "options");
  if (rawQuestion === "-" && rawOptions === "-") {
    throw new InputError("--options", "only one of the question and --options can be '-' (stdin)");
  }
  const limit = DEFAULT_TEXT_LIMITS.maxQuestionChars;
  const question = checkQuestion(
    rawQuestion === "-" ? await readStdinText("question", limit) : rawQuestion,
  );
  if (rawOptions === "-") {
    rawOptions = await readStdinText("--options", limit * DEFAULT_TEXT_LIMITS.maxOptions);
  }
  const options = checkOptions(rawOptions?.replaceAll("\n", ";"), undefined, "--options");
  if (rawOptions !== undefined && (options?.length ?? 0) < 2) {
    throw new InputError(
      "--options",
      "give at least two options separated by ';'",
      '"dog;bicycle"',
    );
  }

  // Earlier questions: the same limits as chat history on the server (each turn, the last N kept).
  const earlier = checkHistory(
    ((values["follow-up"] ?? []) as string[]).map((content) => ({ content })),
    undefined,
    () => "--follow-up",
  ).map((t) => t.content);
  const { camera, depthScale } = await readCameraFlags(values);
  hostUrlFlag(values, "host"); // a bad --host is exit 2 before any work
  // The trace's destination is checked before any work, so an answer is never computed and lost.
  const traceOut = stringFlag(values, "trace-out");
  if (traceOut) await checkOutputPath(traceOut, "--trace-out");
  await checkDevice(); // after every check of the input: it may load the GPU stack
  const image = imagePath ? await loadImage(imagePath) : undefined;
  const rgbd = stringFlag(values, "rgbd");
  if (rgbd && !image) throw new InputError("--rgbd", "needs the image it is registered to");
  const depthMap = rgbd && image
    ? await loadDepthMap({ path: rgbd, scale: depthScale }, image)
    : undefined;

  const req: AskRequest = {
    question,
    ...(options ? { options } : {}),
    ...(earlier.length
      ? { history: earlier.map((content) => ({ role: "user" as const, content })) }
      : {}),
    ...(image ? { image } : {}),
    ...(scenePath ? { scenePath } : {}),
    ...(viewpoint !== undefined ? { viewpoint } : {}),
    ...(depthMap ? { depthMap } : {}),
    camera,
    planner,
    ...(stringFlag(values, "model") ? { model: stringFlag(values, "model") } : {}),
    ...llmRequest(llmServerFlags(values)),
    ...(values.think ? { think: true } : {}),
  };

  const json = values.json === true;
  const story = !json && Deno.stdout.isTerminal();
  const color = story && !Deno.env.get("NO_COLOR");
  const encoder = new TextEncoder();
  const write = (t: string) => Deno.stdout.writeSync(encoder.encode(t));
  if (story) write(`Question: ${question}\n\n`);

  let result;
  try {
    result = await ask(req, {
      ...(story ? streamPrinter(write, { color }) : {}),
      deadlineMs: deadline !== undefined ? deadline * 1000 : undefined,
    });
  } catch (e) {
    if (e instanceof LlmError) {
      console.error(`error: ${e.message}`);
      return EXIT_LLM_UNAVAILABLE;
    }
    throw e;
  }

  if (json) {
    const { answer, value, planner, status, trace } = result;
    console.log(JSON.stringify({ answer, value, planner, status, trace }));
  } else if (story) {
    write(`\n${formatHeader(result.trace, { color })}\n`);
  } else {
    console.log(result.answer);
  }
  // After the answer is out: a disk that fills meanwhile loses the trace, never the answer.
  if (traceOut) {
    await appendTrace(traceOut, result.trace).catch((e) => {
      throw new OutputError(traceOut, e, "the answer above was not saved to --trace-out");
    });
  }
  return result.status === "answered" ? 0 : EXIT_UNANSWERABLE;
}
