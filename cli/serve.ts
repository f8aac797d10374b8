/**
 * `deno task serve`: the HTTP API, the Ollama- and OpenAI-compatible chat endpoints and the web
 * page (docs/server.md).
 *
 * Exit codes: 0 after a clean shutdown (Ctrl-C), 2 bad flags (including a non-loopback --host
 * without --token, or a port in use).
 *
 * @module
 */
import { join } from "node:path";
import { InputError } from "../core/errors.ts";
import { ImageStore } from "../server/image_store.ts";
import { createApp } from "../server/app.ts";
import { DEFAULT_LIMITS, type ServerLimits } from "../server/limits.ts";
import { isLoopback, listen, LOOPBACK_NAMES } from "../server/listen.ts";
import { realDeps } from "../server/real_deps.ts";
import { LLM_APIS } from "../agent/ollama.ts";
import {
  choiceFlag,
  deadlineFlag,
  HELP_FLAG,
  hostUrlFlag,
  integerFlag,
  noPositionals,
  numberFlag,
  parseFlags,
  positiveFlag,
  printHelp,
  stringFlag,
} from "./args.ts";
import {
  applyPerceptionFlags,
  checkDevice,
  PERCEPTION_FLAGS,
  PERCEPTION_HELP,
} from "./perception_flags.ts";

/** Default cap of the kept uploaded images, MiB. */
export const DEFAULT_IMAGE_STORE_MB = 512;

/** The server's data folder: SPATIAL_DATA_DIR, else XDG_DATA_HOME or ~/.local/share. */
function defaultDataDir(): string {
  const env = Deno.env.get("SPATIAL_DATA_DIR");
  if (env) return env;
  const xdg = Deno.env.get("XDG_DATA_HOME") ?? join(Deno.env.get("HOME") ?? ".", ".local/share");
  return join(xdg, "spatial-reasoner");
}

/** Most questions answered at once that `--concurrency` accepts. */
const MAX_CONCURRENCY = 64;
/** Longest queue `--queue` accepts. */
const MAX_QUEUE = 10_000;

const USAGE = `usage: deno task serve [--host 127.0.0.1] [--port 8787] [--token TOKEN]
                       [--concurrency ${DEFAULT_LIMITS.concurrency}] [--queue ${DEFAULT_LIMITS.queue}] [--deadline ${
  DEFAULT_LIMITS.deadlineMs / 1000
}]
                       [--max-body-mb ${
  DEFAULT_LIMITS.maxBodyBytes / 2 ** 20
}] [--max-pixels ${DEFAULT_LIMITS.maxImagePixels}]
                       [--model NAME] [--llm-api ollama|openai] [--llm-url URL] [--stream]
                       [--data-dir DIR]
                       [--image-store-mb ${DEFAULT_IMAGE_STORE_MB}] [--quiet] [model options]

Serves the web page at / and the API (docs/server.md).

  --host          address to bind (default 127.0.0.1); anything but loopback needs --token
  --port          port (default 8787; 0 picks a free one)
  --token         bearer token every API route requires (or env SPATIAL_SERVER_TOKEN)
  --concurrency   questions answered at once
  --queue         questions waiting for a slot; beyond it the server answers 503 + Retry-After
  --deadline      seconds one question may take
  --max-body-mb   largest request body, MiB
  --max-pixels    largest image, width × height
  --model         model for the LLM planner (default: the agent's default)
  --llm-api       ollama (default: Ollama's /api/chat) or openai (any OpenAI-compatible
                  /v1/chat/completions server: vLLM, llama-server, LM Studio, SGLang; API key
                  from LLM_API_KEY or OPENAI_API_KEY, never a flag)
  --llm-url       the LLM server (ollama: OLLAMA_HOST, else http://127.0.0.1:11434; openai:
                  http://127.0.0.1:8000/v1); --ollama-host is the same flag
  --stream        read the model's replies as a stream
  --data-dir      the server's data folder; uploaded images are kept in DIR/images by sha256 so
                  trace exports carry them (default: SPATIAL_DATA_DIR, else
                  ~/.local/share/spatial-reasoner)
  --image-store-mb  most MiB of kept images; the least recently used go first (0: keep none,
                  and exports of uploaded images are refused with the reason)
  --quiet         no request log (by default one line per API call: method, path, status, ms,
                  trace id)

${PERCEPTION_HELP}`;

/** Runs the server until interrupted. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    host: { type: "string" },
    port: { type: "string" },
    token: { type: "string" },
    concurrency: { type: "string" },
    queue: { type: "string" },
    deadline: { type: "string" },
    "max-body-mb": { type: "string" },
    "max-pixels": { type: "string" },
    model: { type: "string" },
    "ollama-host": { type: "string" },
    "llm-api": { type: "string" },
    "llm-url": { type: "string" },
    stream: { type: "boolean" },
    "data-dir": { type: "string" },
    "image-store-mb": { type: "string" },
    quiet: { type: "boolean" },
    ...HELP_FLAG,
    ...PERCEPTION_FLAGS,
  }, USAGE);
  if (printHelp(values, USAGE)) return 0;
  noPositionals(positionals, USAGE);
  const host = stringFlag(values, "host") ?? "127.0.0.1";
  if (!/^([\w-]+(\.[\w-]+)*|\[?[0-9a-f:.]+\]?)$/i.test(host)) {
    throw new InputError("--host", `"${host}" is not a host name or IP address`, "e.g. 127.0.0.1");
  }
  const port = integerFlag(values, "port", 0, 65535) ?? 8787;
  const token = stringFlag(values, "token") ?? Deno.env.get("SPATIAL_SERVER_TOKEN") ?? undefined;
  if (token !== undefined && token.length < 8) {
    throw new InputError("--token", "must be at least 8 characters");
  }
  const loopback = isLoopback(host);
  if (!loopback && token === undefined) {
    throw new InputError(
      "--token",
      `is required to listen on ${host}, which other machines can reach`,
      "pass --token <secret> (clients send Authorization: Bearer <secret>), or bind 127.0.0.1",
    );
  }
  const deadline = deadlineFlag(values);
  const maxBodyMb = positiveFlag(values, "max-body-mb", "MiB", 4096);
  const concurrency = integerFlag(values, "concurrency", 1, MAX_CONCURRENCY);
  applyPerceptionFlags(values, concurrency ?? DEFAULT_LIMITS.concurrency);
  await checkDevice();
  const given: Partial<ServerLimits> = {
    concurrency,
    queue: integerFlag(values, "queue", 0, MAX_QUEUE),
    deadlineMs: deadline && deadline * 1000,
    maxBodyBytes: maxBodyMb && Math.round(maxBodyMb * 2 ** 20),
    maxImagePixels: integerFlag(values, "max-pixels", 1, 1e9),
  };
  const limits = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const storeMb = numberFlag(values, "image-store-mb") ?? DEFAULT_IMAGE_STORE_MB;
  if (!(storeMb >= 0)) {
    throw new InputError("--image-store-mb", `must be 0 or more MiB, got ${storeMb}`);
  }
  const dataDir = stringFlag(values, "data-dir") ?? defaultDataDir();
  const imageStore = storeMb > 0
    ? new ImageStore({ dir: join(dataDir, "images"), maxBytes: Math.round(storeMb * 2 ** 20) })
    : undefined;
  const app = createApp(realDeps({
    ...(imageStore ? { imageStore } : {}),
    ...(values.quiet === true ? {} : { log: (line: string) => console.log(line) }),
    model: stringFlag(values, "model"),
    host: hostUrlFlag(values, "llm-url") ?? hostUrlFlag(values, "ollama-host"),
    api: choiceFlag(values, "llm-api", LLM_APIS, "ollama"),
    ...(values.stream === true ? { stream: true } : {}),
    limits,
    token,
    // On loopback without a token, only loopback host names are answered (DNS rebinding).
    allowedHosts: loopback && token === undefined ? [...LOOPBACK_NAMES, host] : undefined,
  }));
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  try {
    const server = listen(app, { hostname: host, port, signal: stop.signal, limits });
    console.log(`Spatial Reasoner listening on ${server.url}/`);
    if (token !== undefined) {
      console.log(`  API routes need: Authorization: Bearer <token>`);
      console.log(`  web page: ${server.url}/#token=<token>`);
    }
    console.log(
      imageStore
        ? `  uploaded images kept in ${imageStore.dir} (up to ${storeMb} MiB)`
        : "  uploaded images are not kept: exports of their traces are refused",
    );
    console.log("  Ctrl-C to stop");
    await server.finished;
    return 0;
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, onSignal);
  }
}
