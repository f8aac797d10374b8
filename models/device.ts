/**
 * Which processor runs the models: `--device auto|gpu|cpu` (or `SPATIAL_DEVICE`) turned into an
 * onnxruntime execution-provider list. The GPU is probed once per process, lazily (on the first
 * model session), and the answer is cached:
 *
 * - **webgpu** — the provider bundled inside onnxruntime-node (Dawn). On Linux it runs over
 *   Vulkan and needs only `libvulkan.so.1` (Debian `libvulkan1`) and the GPU driver; the probe
 *   checks that library first (so no native warning is printed where it is missing), then opens a
 *   session on a one-node graph, which asks Dawn for an adapter.
 * - **cuda** — onnxruntime-node's CUDA provider, only when its provider library is installed
 *   (onnxruntime-node's install script downloads it; Deno skips that script) and CUDA 12 and
 *   cuDNN 9 load.
 *
 * `auto` takes webgpu, else cuda, else the CPU, and says so in one line only when a GPU is used;
 * `gpu` is the same but a machine without one is an {@link InputError} (exit 2) naming what was
 * missing; `cpu` never probes.
 *
 * @module
 */
import * as ort from "onnxruntime-node";
import { InputError } from "../core/errors.ts";

/** What the user asked for. */
export type Device = "auto" | "gpu" | "cpu";

/** The accepted `--device` values. */
export const DEVICES: readonly Device[] = ["auto", "gpu", "cpu"];

/** One GPU provider's probe result: usable, or why not. */
export type Availability = { ok: true; detail: string } | { ok: false; reason: string };

/** What the probe found, per GPU provider. */
export interface GpuProbe {
  webgpu: Availability;
  cuda: Availability;
}

/** The decision: providers in order, which GPU provider (if any), and the notice to print once. */
export interface DeviceChoice {
  providers: string[];
  gpu?: "webgpu" | "cuda";
  /** A line for stderr, present only when a GPU is used. */
  notice?: string;
}

/** Parses a `--device` / `SPATIAL_DEVICE` value. */
export function parseDevice(raw: string, field = "--device"): Device {
  const v = raw.trim().toLowerCase();
  if ((DEVICES as readonly string[]).includes(v)) return v as Device;
  throw new InputError(field, `must be one of ${DEVICES.join(", ")}, got "${raw}"`);
}

/**
 * Chooses the providers for `device` given what the probe found (pure: tests stub the probe).
 * Throws an InputError when `gpu` is asked for and neither provider is usable.
 */
export function chooseProviders(device: Device, probe: GpuProbe | undefined): DeviceChoice {
  if (device === "cpu" || !probe) return { providers: ["cpu"] };
  for (const gpu of ["webgpu", "cuda"] as const) {
    const a = probe[gpu];
    if (a.ok) {
      return {
        providers: [gpu, "cpu"],
        gpu,
        notice: `perception on the GPU: onnxruntime ${gpu} (${a.detail})` +
          (device === "auto" ? "; --device cpu to turn it off" : ""),
      };
    }
  }
  if (device === "gpu") {
    throw new InputError(
      "--device",
      `gpu asked for, but no GPU provider works here (webgpu: ${reasonOf(probe.webgpu)}; ` +
        `cuda: ${reasonOf(probe.cuda)})`,
      "install the GPU driver and Debian's libvulkan1 for webgpu, or use --device cpu",
    );
  }
  return { providers: ["cpu"] };
}

function reasonOf(a: Availability): string {
  return a.ok ? a.detail : a.reason;
}

/**
 * A one-node ONNX graph (Identity on a float [1]), built with models/onnx_writer.ts; opening a
 * session on it with only a GPU provider tells whether that provider can start.
 */
const PROBE_GRAPH = Uint8Array.from(
  atob(
    "CAgSFnNwYXRpYWwtcmVhc29uZXItdGVzdHM6RwoYCgF4EgF5GgZub2RlXzAiCElkZW50aXR5EglnZW5lcmF0ZWRa" +
      "DwoBeBIKCggIARIECgIIAWIPCgF5EgoKCAgBEgQKAggBQgQKABAN",
  ),
  (c) => c.charCodeAt(0),
);

/** The probe graph's bytes (tests check it is still a valid one-node model). */
export function probeGraph(): Uint8Array {
  return PROBE_GRAPH.slice();
}

function firstLine(e: unknown): string {
  const msg = String((e as Error)?.message ?? e);
  // onnxruntime prefixes its messages with a source location; keep what a user can act on
  const tail = msg.split("\n")[0].replace(/^.*?(Failed to|No supported)/, "$1");
  return tail.slice(0, 160);
}

/** True when the shared library `name` loads in this process (needs --allow-ffi). */
function loadable(name: string): boolean {
  try {
    Deno.dlopen(name, {}).close();
    return true;
  } catch {
    return false;
  }
}

async function sessionStarts(provider: string): Promise<Availability> {
  try {
    const s = await ort.InferenceSession.create(PROBE_GRAPH, {
      executionProviders: [provider],
      logSeverityLevel: 4,
    });
    await s.release();
    return { ok: true, detail: provider === "webgpu" ? webgpuDetail() : "CUDA 12" };
  } catch (e) {
    return { ok: false, reason: firstLine(e) };
  }
}

function webgpuDetail(): string {
  switch (Deno.build.os) {
    case "linux":
      return "over Vulkan";
    case "darwin":
      return "over Metal";
    case "windows":
      return "over Direct3D 12";
    default:
      return Deno.build.os;
  }
}

/** Where onnxruntime-node keeps its native libraries for this platform. */
function ortBinDir(): string | undefined {
  try {
    const entry = new URL(import.meta.resolve("onnxruntime-node"));
    const arch = Deno.build.arch === "aarch64" ? "arm64" : "x64";
    const os = Deno.build.os === "windows" ? "win32" : Deno.build.os;
    return new URL(`../bin/napi-v6/${os}/${arch}/`, entry).pathname;
  } catch {
    return undefined;
  }
}

async function probeWebgpu(): Promise<Availability> {
  const bundled = ort.listSupportedBackends?.().some((b) => b.name === "webgpu" && b.bundled);
  if (!bundled) return { ok: false, reason: "this onnxruntime-node build has no webgpu provider" };
  if (Deno.build.os === "linux" && !loadable("libvulkan.so.1")) {
    return {
      ok: false,
      reason: "libvulkan.so.1 not found (Debian/Ubuntu: apt-get install libvulkan1)",
    };
  }
  return await sessionStarts("webgpu");
}

async function probeCuda(): Promise<Availability> {
  if (Deno.build.os !== "linux" && Deno.build.os !== "windows") {
    return { ok: false, reason: `no CUDA provider for ${Deno.build.os}` };
  }
  const dir = ortBinDir();
  const lib = Deno.build.os === "windows"
    ? "onnxruntime_providers_cuda.dll"
    : "libonnxruntime_providers_cuda.so";
  try {
    if (!dir) throw new Error("no onnxruntime-node");
    Deno.statSync(`${dir}${lib}`);
  } catch {
    return {
      ok: false,
      reason: "onnxruntime-node's CUDA provider library is not installed (its install script, " +
        "which Deno skips, downloads it; it also needs CUDA 12 and cuDNN 9)",
    };
  }
  return await sessionStarts("cuda");
}

let probed: Promise<GpuProbe> | undefined;

/** Probes both GPU providers, once per process; later calls return the same answer. */
export function probeGpu(): Promise<GpuProbe> {
  probed ??= (async () => ({ webgpu: await probeWebgpu(), cuda: await probeCuda() }))();
  return probed;
}

/** Where the one-line GPU notice goes; tests replace it. */
export const deviceLog = { info: (msg: string) => console.error(msg) };

const said = new Set<string>();

/**
 * The providers for `device`, probing the GPU only when the device is not `cpu`, and printing
 * the GPU notice once per process.
 */
export async function providersFor(
  device: Device,
  probe: () => Promise<GpuProbe> = probeGpu,
): Promise<DeviceChoice> {
  const choice = chooseProviders(device, device === "cpu" ? undefined : await probe());
  if (choice.notice && !said.has(choice.notice)) {
    said.add(choice.notice);
    deviceLog.info(choice.notice);
  }
  return choice;
}
