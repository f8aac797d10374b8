/**
 * One question's path through the server, shared by `/api/ask` and the two chat APIs: wait for
 * a slot, resolve the image (upload or cache), run the agent under the deadline and the
 * client's abort signal, keep the finished trace.
 *
 * @module
 */
import type { AskResult } from "../agent/ask.ts";
import type { TraceSinks } from "../agent/run_tool.ts";
import { InputError } from "../core/errors.ts";
import type { RgbImage } from "../core/image.ts";
import type { Camera } from "../core/intrinsics.ts";
import { sha256Hex } from "../models/image.ts";
import type { NormalizedScene } from "../scene/schema.ts";
import { DeadlineError, HttpError } from "./errors.ts";
import type { Release } from "./queue.ts";
import { noteTrace } from "./request_log.ts";
import type { AppState } from "./state.ts";

/** Which planner answers. */
export type Planner = "auto" | "llm" | "rules";

/** The image of a question: uploaded bytes, or the sha256 of one uploaded before. */
export type ImageSource = { bytes: Uint8Array } | { id: string };

/** A validated question, whichever API it came through. */
export interface QuestionInput {
  question: string;
  options?: string[];
  planner?: Planner;
  model?: string;
  history?: { role: "user" | "assistant"; content: string }[];
  camera?: Partial<Camera>;
  /** The image; absent when a scene stands in for it. */
  image?: ImageSource;
  /** A scene (e.g. a SpatialLM layout) instead of an image. */
  scene?: NormalizedScene;
}

/** A question holding a slot, its image resolved, ready to run once. */
export interface Admitted {
  /** The decoded image (absent for a question about a scene). */
  image?: RgbImage;
  /** Runs the agent; `signal` is the client's (disconnect aborts the work); `sinks` render it live. */
  run(signal: AbortSignal, sinks?: TraceSinks): Promise<AskResult>;
  /** Gives the slot back; runs on its own when `run` settles, safe to call again. */
  release: Release;
}

/**
 * Waits for a slot (503 when the queue is full) and resolves the image; the caller must
 * `run` or `release`. `signal` is the request's: the trace made is noted against it for the
 * request log.
 */
export async function admit(
  state: AppState,
  input: QuestionInput,
  signal: AbortSignal,
): Promise<Admitted> {
  const release = await state.gate.acquire(signal);
  try {
    const image = input.image ? await resolveImage(state, input.image) : undefined;
    return {
      image,
      release,
      run: (runSignal, sinks) =>
        answer(state, input, image, runSignal, sinks).then((r) => {
          noteTrace(signal, r.trace.id);
          return r;
        }).finally(release),
    };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * The image with the path of its file in the image store (when the app has one), so the trace
 * records where the image is and its exports carry it. The decoded image stays the same object
 * (perception caches key on it); its path is the same for the same bytes. An image the store no
 * longer holds keeps its old path, which the export then finds missing and says so.
 */
async function resolveImage(state: AppState, source: ImageSource): Promise<RgbImage> {
  const image = await decodedImage(state, source);
  const store = state.deps.imageStore;
  if (!store) return image;
  try {
    const path = "bytes" in source
      ? await store.save(image.sha256, source.bytes)
      : await store.find(image.sha256);
    if (path) image.path = path;
  } catch (e) {
    // A full or read-only disk costs the export its image, not the answer.
    console.error(`image store: ${(e as Error).message}`);
  }
  return image;
}

/** The cached image for an id, or the upload decoded (and cached by its sha256). */
async function decodedImage(state: AppState, source: ImageSource): Promise<RgbImage> {
  if ("id" in source) {
    const cached = state.images.get(source.id);
    if (cached) return cached;
    throw new HttpError(404, `image ${source.id} is not in the server's image cache`, {
      field: "image_id",
      hint: "send the image itself again (the cache keeps recent images only)",
    });
  }
  // Same bytes as an earlier upload: reuse the decoded image, skipping the decode.
  const known = state.images.get(sha256Hex(source.bytes));
  if (known) return known;
  try {
    const image = await state.deps.loadImage(source.bytes, {
      maxBytes: state.limits.maxBodyBytes,
      maxPixels: state.limits.maxImagePixels,
    });
    state.images.set(image.sha256, image);
    return image;
  } catch (e) {
    if (e instanceof InputError) {
      throw new HttpError(422, `${e.field}: ${e.reason}`, { field: "image", hint: e.hint });
    }
    throw e;
  }
}

async function answer(
  state: AppState,
  input: QuestionInput,
  image: RgbImage | undefined,
  signal: AbortSignal,
  sinks: TraceSinks = {},
): Promise<AskResult> {
  const ms = state.limits.deadlineMs;
  // `ask` ends at the deadline with an "unanswerable" answer and its trace; the hard stop a
  // little later is for a question that does not stop on its own.
  const deadline = new AbortController();
  const grace = Math.min(2000, ms / 10);
  const timer = setTimeout(() => deadline.abort(new DeadlineError(ms)), ms + grace);
  const all = AbortSignal.any([signal, deadline.signal]);
  try {
    const result = await state.deps.ask({
      question: input.question,
      ...(image ? { image } : {}),
      ...(input.scene ? { scene: input.scene } : {}),
      ...(input.options ? { options: input.options } : {}),
      ...(input.planner ? { planner: input.planner } : {}),
      ...(input.history?.length ? { history: input.history } : {}),
      ...(input.camera ? { camera: input.camera } : {}),
      model: input.model ?? state.deps.llm.model,
      host: state.deps.llm.host,
      ...(state.deps.llm.api ? { api: state.deps.llm.api } : {}),
      ...(state.deps.llm.stream ? { stream: true } : {}),
    }, { ...sinks, signal: all, deadlineMs: ms });
    state.traces.set(result.trace.id, result.trace);
    return result;
  } catch (e) {
    throw all.aborted ? all.reason : e;
  } finally {
    clearTimeout(timer);
  }
}
