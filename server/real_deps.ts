/**
 * The app's real dependencies: the agent's `ask`, the image loader, the SR-CoT exporter, and
 * model availability from the model registry and an Ollama probe.
 *
 * @module
 */
import { ask } from "../agent/ask.ts";
import { probeLlm, serverUrl } from "../agent/llm_backend.ts";
import { DEFAULT_MODEL, type LlmApi } from "../agent/ollama.ts";
import { loadImage } from "../models/image.ts";
import { perceptionConfig } from "../models/config.ts";
import { deviceInfo } from "../models/stack.ts";
import { MODELS } from "../models/registry.ts";
import { isModelPresent } from "../models/store.ts";
import type { AppDeps, ModelsInfo } from "./deps.ts";
import { traceExporter } from "./export.ts";

/** Dependencies for `createApp` from the server's flags. */
export function realDeps(
  opts: Pick<AppDeps, "limits" | "token" | "allowedHosts" | "imageStore" | "log"> & {
    host?: string;
    model?: string;
    api?: LlmApi;
    stream?: boolean;
  },
): AppDeps {
  const api = opts.api ?? "ollama";
  const llm = {
    host: serverUrl({ api, url: opts.host }),
    model: opts.model ?? DEFAULT_MODEL,
    api,
    ...(opts.stream ? { stream: true } : {}),
  };
  return {
    ask,
    loadImage,
    exporter: traceExporter(),
    llm,
    models: async (): Promise<ModelsInfo> => {
      const cfg = perceptionConfig();
      const [perception, probe, device] = await Promise.all([
        Promise.all(MODELS.map(async (m) => ({
          id: m.id,
          task: m.task,
          license: m.license,
          present: await isModelPresent(m, cfg),
        }))),
        probeLlm({ api, url: llm.host }, llm.model),
        deviceInfo(cfg),
      ]);
      return {
        perception,
        llm: { ...llm, available: probe.ok, ...(probe.ok ? {} : { error: probe.error.message }) },
        device,
      };
    },
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    ...(opts.allowedHosts ? { allowedHosts: opts.allowedHosts } : {}),
    ...(opts.imageStore ? { imageStore: opts.imageStore } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  };
}
