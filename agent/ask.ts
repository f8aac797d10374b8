/**
 * `ask`: the one entry point for a spatial question — used by the CLI, the server and the
 * evaluation. It builds the workspace (image or scene, depth map, intrinsics resolved given →
 * scene → EXIF → assumed field of view), starts the trace, picks the planner (`auto`: the LLM
 * when Ollama answers quickly and has the model, else the rule planner, and says which), streams
 * every event to `onEvent`, and returns the answer with the whole trace.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import type { RgbImage } from "../core/image.ts";
import { type Camera, intrinsicsFor } from "../core/intrinsics.ts";
import { loadImage } from "../models/image.ts";
import { loadSceneFile } from "../scene/load.ts";
import type { NormalizedScene } from "../scene/schema.ts";
import { defaultRegistry } from "../tools/index.ts";
import type { Registry } from "../tools/registry.ts";
import type { ToolContext } from "../tools/tool.ts";
import { createWorkspace, type DepthMap, type Workspace } from "../tools/workspace.ts";
import { cameraRefusal } from "./camera_free.ts";
import { perceptionContext, type PerceptionFacts } from "../prompts/user_turn.ts";
import { encodeForLlm } from "./llm_image.ts";
import { type PlannerOutcome, runLlmLoop } from "./llm_loop.ts";
import { createChatClient, probeLlm, serverUrl } from "./llm_backend.ts";
import { DEFAULT_MODEL, type LlmApi, LlmError } from "./ollama.ts";
import { perceive } from "./perceive.ts";
import { unanswerable } from "./rules/execute.ts";
import { runRulePlanner } from "./rules/planner.ts";
import type { TraceSinks } from "./run_tool.ts";
import { addEvent, type AnswerValue, newTrace, type NewTraceEvent, type Trace } from "./trace.ts";

/** A question and what it is about. */
export interface AskRequest {
  question: string;
  /** Multiple-choice options; the answer's value is then one of them. */
  options?: string[];
  /** The image, already loaded by models/image.ts. */
  image?: RgbImage;
  /** Or a path to load it from. */
  imagePath?: string;
  /** A scene replaces perception (the image may then be absent). */
  scene?: NormalizedScene;
  /** Or a path to a scene file: scene JSON or a SpatialLM layout (scene/load.ts). */
  scenePath?: string;
  /** For a SpatialLM layout: where the observer stands, "A->B" or "doorway". */
  viewpoint?: string;
  /** Metric depth registered to the image (RGB-D). */
  depthMap?: DepthMap;
  /** User intrinsics (any subset; the rest come from the image centre / defaults). */
  camera?: Partial<Camera>;
  /** `auto` (default): the LLM when Ollama answers, else the rules. */
  planner?: "auto" | "llm" | "rules";
  /** Ollama model (default {@link DEFAULT_MODEL}). */
  model?: string;
  /** LLM server URL (Ollama: default OLLAMA_HOST, else http://127.0.0.1:11434). */
  host?: string;
  /** LLM protocol: `ollama` (default) or `openai` (any `/v1/chat/completions` server). */
  api?: LlmApi;
  /** Stream the LLM's replies. */
  stream?: boolean;
  /** Earlier chat turns, oldest first (the LLM sees them; the rule planner ignores them). */
  history?: { role: "user" | "assistant"; content: string }[];
  /** Ollama's `think` for models that reason; its text lands in the trace as `think` events. */
  think?: boolean;
}

/** How to run it. */
export interface AskOptions extends TraceSinks {
  /** Cancels the question; `ask` then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Overall time limit in milliseconds, from the call; past it the answer is "unanswerable". */
  deadlineMs?: number;
  /** The tools (default: tools/index.ts defaultRegistry()). */
  registry?: Registry;
}

/** The answer. */
export interface AskResult {
  /** Readable answer, or why there is none. */
  answer: string;
  /** boolean (yes/no), string (object or option), number (m, degrees, count), or null. */
  value: AnswerValue;
  /** Which planner answered. */
  planner: "rules" | "llm";
  status: "answered" | "unanswerable";
  trace: Trace;
}

/** How long `auto` waits for Ollama before using the rule planner. */
export const PROBE_TIMEOUT_MS = 1500;

async function loadInputs(req: AskRequest) {
  if (typeof req.question !== "string" || !req.question.trim()) {
    throw new InputError("question", "is empty", "ask something about the image");
  }
  if (req.options !== undefined) {
    if (
      !Array.isArray(req.options) || req.options.some((o) => typeof o !== "string" || !o.trim())
    ) {
      throw new InputError("options", "must be non-empty strings", 'e.g. "dog;bicycle"');
    }
    if (req.options.length < 2) {
      throw new InputError("options", `give at least two options, got ${req.options.length}`);
    }
  }
  const image = req.image ?? (req.imagePath ? await loadImage(req.imagePath) : undefined);
  const scene = req.scene ??
    (req.scenePath ? await loadSceneFile(req.scenePath, { viewpoint: req.viewpoint }) : undefined);
  if (!image && !scene) {
    throw new InputError("image", "no image and no scene", "give an image path or --scene FILE");
  }
  if (req.depthMap && !image) {
    throw new InputError("depthMap", "a depth map needs the image it is registered to");
  }
  if (
    req.depthMap && image &&
    (req.depthMap.width !== image.width || req.depthMap.height !== image.height)
  ) {
    throw new InputError(
      "depthMap",
      `is ${req.depthMap.width}×${req.depthMap.height}, the image is ${image.width}×${image.height}`,
    );
  }
  return { image, scene };
}

/** What is known before the LLM's first call, for its user turn (prompts/user_turn.ts). */
export function workspaceFacts(ws: Workspace, noCamera = false): PerceptionFacts {
  return {
    intrinsics: ws.camera,
    ...(ws.image ? { image: { width: ws.image.width, height: ws.image.height } } : {}),
    ...(ws.depthMap ? { depthMap: true } : {}),
    ...(ws.fromScene
      ? {
        sceneObjects: [...ws.objects.values()].map((o) => ({
          id: o.id,
          label: o.label,
          orientationConfidence: o.front ? (o.orientation_confidence ?? 0) : 0,
        })),
      }
      : {}),
    ...(noCamera ? { noCamera: true } : {}),
  };
}

/** Answers one question. Throws InputError for bad input, LlmError when `planner: "llm"` fails. */
export async function ask(req: AskRequest, opts: AskOptions = {}): Promise<AskResult> {
  opts.signal?.throwIfAborted();
  const started = Date.now();
  const { image, scene } = await loadInputs(req);
  const camera = intrinsicsFor({
    width: image?.width ?? scene?.width,
    height: image?.height ?? scene?.height,
    given: req.camera,
    scene: scene?.camera,
    focal35mm: image?.focal35mm,
  });
  const workspace = createWorkspace({ camera, image, depthMap: req.depthMap, scene });
  const registry = opts.registry ?? defaultRegistry();
  const model = req.model ?? DEFAULT_MODEL;
  const server = { api: req.api, url: req.host, stream: req.stream };
  const host = serverUrl(server);
  const serverName = req.api === "openai" ? "the OpenAI-compatible server" : "Ollama";
  const requested = req.planner ?? "auto";
  if (!["auto", "llm", "rules"].includes(requested)) {
    throw new InputError("planner", `must be auto, llm or rules, got "${requested}"`);
  }

  let planner: "rules" | "llm" = requested === "llm" ? "llm" : "rules";
  let why = requested === "rules" ? "the rule planner was asked for" : "";
  if (requested === "auto") {
    const probe = await probeLlm(server, model, PROBE_TIMEOUT_MS, opts.signal);
    planner = probe.ok ? "llm" : "rules";
    why = probe.ok
      ? `${serverName} at ${host} answered and has ${model}`
      : `the LLM is not available (${probe.error.message}); using the rule planner`;
  }

  const trace = newTrace({
    question: req.question,
    ...(req.options ? { options: req.options } : {}),
    ...(image
      ? {
        image: {
          ...(image.path ? { path: image.path } : {}),
          sha256: image.sha256,
          width: image.width,
          height: image.height,
        },
      }
      : {}),
    ...(scene ? { scene: req.scenePath ?? "(scene given inline)" } : {}),
    intrinsics: camera,
    units: workspace.units,
    planner,
    ...(planner === "llm" ? { llm_model: model } : {}),
  });
  opts.onStart?.(trace);
  const emit = (e: NewTraceEvent) => {
    const full = addEvent(trace, e);
    opts.onEvent?.(full);
  };
  if (requested === "auto") {
    emit({ type: "reasoning", source: "rules", text: `Planner: ${planner} — ${why}.` });
  }
  for (const s of (scene?.skipped_lines ?? []) as { line: number; reason: string }[]) {
    emit({ type: "reasoning", source: "rules", text: `Skipped line ${s.line}: ${s.reason}.` });
  }

  const deadline = opts.deadlineMs !== undefined ? started + opts.deadlineMs : undefined;
  const timer = new AbortController();
  const timeoutId = deadline !== undefined
    ? setTimeout(
      () => timer.abort(new DOMException("deadline", "TimeoutError")),
      Math.max(0, deadline - Date.now()),
    )
    : undefined;
  const signal = opts.signal ? AbortSignal.any([opts.signal, timer.signal]) : timer.signal;
  const ctx: ToolContext = { workspace, signal };
  const env = { registry, ctx, trace, onEvent: opts.onEvent };

  const rules = async (): Promise<PlannerOutcome> => {
    if (image && !scene) await perceive(registry, ctx, trace, opts.onEvent);
    signal.throwIfAborted();
    if (scene?.no_camera) {
      const labels = [...workspace.objects.values()].map((o) => o.label);
      const refusal = cameraRefusal(req.question, req.options, labels);
      if (refusal) return unanswerable(env, refusal);
    }
    return await runRulePlanner(
      { question: req.question, options: req.options, history: req.history },
      env,
    );
  };

  let outcome: PlannerOutcome;
  try {
    if (planner === "llm") {
      const client = createChatClient(server);
      let vision: boolean | undefined;
      if (image) {
        vision = await client.takesImages(model, { timeoutMs: PROBE_TIMEOUT_MS, signal });
        emit({
          type: "reasoning",
          source: "rules",
          text: vision === false
            ? `${model} does not take images (the server says so): text-only path, the tools see ` +
              "the photo."
            : `${model} ${
              vision ? "takes images" : "may take images (the server does not say)"
            }: the photo is sent.`,
        });
      }
      const loop = async (shown: boolean) =>
        runLlmLoop(
          {
            question: req.question,
            options: req.options,
            history: req.history,
            image: image && shown ? await encodeForLlm(image) : undefined,
            context: perceptionContext({
              ...workspaceFacts(workspace, scene?.no_camera === true),
              ...(image && !shown ? { imageShown: false } : {}),
            }),
          },
          {
            client,
            model,
            registry,
            ctx,
            trace,
            onEvent: opts.onEvent,
            think: req.think,
            deadline,
            signal,
          },
        );
      try {
        try {
          outcome = await loop(vision !== false);
        } catch (e) {
          // A server that cannot say whether the model takes images says so by refusing one.
          const refused = e instanceof LlmError && e.kind !== "aborted" && e.kind !== "timeout" &&
            /image|vision|multimodal/i.test(e.message);
          if (!image || vision !== undefined || !refused) throw e;
          emit({
            type: "reasoning",
            source: "rules",
            text: `The server refused the photo (${
              (e as Error).message
            }): text-only path, the tools see the photo.`,
          });
          outcome = await loop(false);
        }
      } catch (e) {
        if (!(e instanceof LlmError) || requested !== "auto" || e.kind === "aborted") throw e;
        // auto: the probe passed but the first call failed; the rules still answer.
        emit({ type: "error", message: e.message });
        emit({ type: "reasoning", source: "rules", text: "Falling back to the rule planner." });
        trace.planner = "rules";
        delete trace.llm_model;
        outcome = await rules();
      }
    } else {
      outcome = await rules();
    }
  } catch (e) {
    opts.signal?.throwIfAborted();
    if (!timer.signal.aborted) throw e;
    const message = `the deadline of ${opts.deadlineMs} ms was reached`;
    emit({ type: "error", message });
    const answer = `No answer: ${message}.`;
    emit({ type: "answer", answer, value: null });
    outcome = { answer, value: null, status: "unanswerable" };
  } finally {
    clearTimeout(timeoutId);
  }
  return { ...outcome, planner: trace.planner, trace };
}
