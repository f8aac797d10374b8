/**
 * Test helpers for the server: a deterministic stand-in for the agent's `ask` that records what
 * it was given and emits a fixed perception → computation → reasoning → answer trace (with
 * optional pauses, so tests can hold questions in flight), and app dependencies around it.
 *
 * @module
 */
import type { AskOptions, AskRequest } from "../agent/ask.ts";
import { addEvent, newTrace, type NewTraceEvent } from "../agent/trace.ts";
import { intrinsicsFromFov } from "../core/intrinsics.ts";
import { loadImage } from "../models/image.ts";
import { ImageStore } from "./image_store.ts";
import type { AppDeps, AskFn } from "./deps.ts";

/** The events the fake agent records, in order. */
export const FAKE_EVENTS: NewTraceEvent[] = [
  {
    type: "perception",
    tool: "detect",
    input: {},
    ok: true,
    output: {
      model: "fake-detector",
      method: "fixed boxes",
      uncertainty: "none",
      not_detectable: [],
      objects: [
        { id: "dog_1", label: "dog", box: [120, 220, 320, 540], score: 0.9 },
        { id: "bicycle_1", label: "bicycle", box: [110, 120, 570, 420], score: 0.8 },
      ],
    },
    duration_ms: 5,
    models: ["fake-detector"],
  },
  {
    type: "computation",
    tool: "back_project",
    input: { object_ids: ["dog_1", "bicycle_1"] },
    ok: true,
    output: {
      objects: [
        {
          id: "dog_1",
          label: "dog",
          center: [-0.9, 3.1, -0.5],
          size: [0.5, 0.9, 0.7],
          distance: 3.266,
          method: "fixed",
        },
        {
          id: "bicycle_1",
          label: "bicycle",
          center: [0.2, 4.0, -0.3],
          size: [1.7, 0.6, 1.1],
          distance: 4.016,
          method: "fixed",
        },
      ],
      points: [],
      intrinsics_source: "assumed_fov",
    },
    duration_ms: 1,
  },
  { type: "reasoning", text: "dog_1 is 3.1 m away, bicycle_1 is 4.0 m away.", source: "rules" },
  { type: "answer", answer: "The dog is closer to the camera.", value: "dog" },
];

/** What one call of the fake received. */
export interface FakeCall {
  req: AskRequest;
  opts?: AskOptions;
}

/** Behaviour of the fake agent. */
export interface FakeAskOptions {
  /** Pause before each event, ms. */
  stepMs?: number;
  /** Awaited before the first event (hold questions in flight). */
  hold?: Promise<void>;
  /** Thrown instead of answering. */
  fail?: Error;
}

/** A deterministic `ask` and the calls it received. */
export function fakeAsk(opts: FakeAskOptions = {}): { ask: AskFn; calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  const ask: AskFn = async (req, askOpts) => {
    calls.push({ req, opts: askOpts });
    const signal = askOpts?.signal;
    const image = req.image!;
    const trace = newTrace({
      question: req.question,
      ...(req.options ? { options: req.options } : {}),
      image: {
        ...(image.path ? { path: image.path } : {}),
        sha256: image.sha256,
        width: image.width,
        height: image.height,
      },
      intrinsics: intrinsicsFromFov(image.width, image.height),
      planner: "rules",
    });
    askOpts?.onStart?.(trace);
    await abortable(opts.hold ?? Promise.resolve(), signal);
    if (opts.fail) throw opts.fail;
    for (const e of FAKE_EVENTS) {
      await abortable(new Promise((r) => setTimeout(r, opts.stepMs ?? 0)), signal);
      askOpts?.onEvent?.(addEvent(trace, structuredClone(e)));
    }
    return {
      answer: trace.answer!.text,
      value: trace.answer!.value,
      planner: "rules",
      status: "answered",
      trace,
    };
  };
  return { ask, calls };
}

/** `p`, or the signal's reason as soon as it aborts. */
function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * App dependencies around an `ask`: the real image loader, a JSON exporter, no LLM, uploads kept
 * in a new temporary folder.
 */
export function testDeps(ask: AskFn, over: Partial<AppDeps> = {}): AppDeps {
  return {
    ask,
    loadImage,
    imageStore: new ImageStore({
      dir: Deno.makeTempDirSync({ prefix: "spatial-images-" }),
      maxBytes: 16 * 2 ** 20,
    }),
    exporter: {
      formats: ["json"],
      frames: ["ours"],
      render: (trace) => ({
        body: JSON.stringify(trace),
        contentType: "application/json",
        extension: "json",
      }),
    },
    models: () =>
      Promise.resolve({
        perception: [{ id: "fake-detector", task: "object-detection", present: true, license: "" }],
        llm: { host: "http://127.0.0.1:9", model: "none", available: false, error: "not here" },
      }),
    llm: { host: "http://127.0.0.1:9", model: "none" },
    ...over,
  };
}

/** A small real PNG (solid colour), for uploads. */
export async function tinyPng(width = 64, height = 48): Promise<Uint8Array> {
  const sharp = (await import("sharp")).default;
  const buf = await sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } },
  }).png().toBuffer();
  return new Uint8Array(buf);
}

/** Server-sent events of a response body, parsed. */
export async function readSse(res: Response): Promise<{ event: string; data: string }[]> {
  const text = await res.text();
  return text.split("\n\n").filter((b) => b.trim()).map((block) => {
    const lines = block.split("\n");
    const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "message";
    const data = lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
    return { event, data };
  });
}
