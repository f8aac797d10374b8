/**
 * What the app needs from the layers below, as one injectable object: tests hand it a
 * deterministic `ask`; `cli/serve.ts` hands it the real one (see `server/real_deps.ts`).
 *
 * @module
 */
import type { AskOptions, AskRequest, AskResult } from "../agent/ask.ts";
import type { LlmApi } from "../agent/ollama.ts";
import type { Trace } from "../agent/trace.ts";
import type { RgbImage } from "../core/image.ts";
import type { ImageStore } from "./image_store.ts";
import type { ServerLimits } from "./limits.ts";

/** Answers one question (the agent's `ask`). */
export type AskFn = (req: AskRequest, opts?: AskOptions) => Promise<AskResult>;

/** Decodes uploaded bytes into an image; throws an `InputError` for anything not a usable image. */
export type ImageLoader = (
  bytes: Uint8Array,
  limits: { maxBytes: number; maxPixels: number },
) => Promise<RgbImage>;

/** A trace rendered in an export format, ready to download. */
export interface ExportedTrace {
  /** File contents. */
  body: string;
  /** MIME type, e.g. `application/x-ndjson`. */
  contentType: string;
  /** Suggested file name extension, without the dot. */
  extension: string;
}

/**
 * Renders a trace in one of the exporter's formats and frames; image paths in the records are
 * made relative to `imageRoot` when given.
 */
export type TraceExporter = (
  trace: Trace,
  format: string,
  frame: string,
  opts?: { imageRoot?: string },
) => ExportedTrace;

/** What `GET /api/models` reports. */
export interface ModelsInfo {
  /** Perception models the tools can use, and whether their files are present. */
  perception: { id: string; task: string; present: boolean; license: string }[];
  /** The LLM for the `llm` planner: where, which, and whether it answers with that model. */
  llm: { host: string; model: string; api?: LlmApi; available: boolean; error?: string };
  /** Where perception runs: the `--device` setting and the providers it resolved to. */
  device?: { setting: string; providers: string[]; error?: string };
}

/** Everything `createApp` needs. */
export interface AppDeps {
  /** The agent. */
  ask: AskFn;
  /** The image loader. */
  loadImage: ImageLoader;
  /** SR-CoT export, with the formats and frames it knows (the first frame is the default). */
  exporter: { formats: readonly string[]; frames: readonly string[]; render: TraceExporter };
  /** Model availability for `GET /api/models`. */
  models: () => Promise<ModelsInfo>;
  /**
   * The LLM passed to `ask` unless a request names another model: its server URL, the protocol
   * (`ollama` when absent, or `openai` for any OpenAI-compatible server) and whether to stream.
   */
  llm: { host: string; model: string; api?: LlmApi; stream?: boolean };
  /**
   * Where uploaded images are kept so exports carry them; without it, traces of uploaded images
   * are not exported (the export says why).
   */
  imageStore?: ImageStore;
  /** Receives one line per API request (method, path, status, ms, trace id); none when absent. */
  log?: (line: string) => void;
  /** Limits; each absent one takes its default. */
  limits?: Partial<ServerLimits>;
  /** Bearer token every API route requires; no auth when absent. */
  token?: string;
  /** Host names the server answers to (DNS-rebinding guard); any when absent. */
  allowedHosts?: readonly string[];
}
