/**
 * The HTTP app: spatial questions over SSE, the Ollama and OpenAI chat dialects, traces and
 * their SR-CoT export, health and models, and the web page. Everything it needs comes in
 * through {@link AppDeps}, so tests run it with `app.request()` and a deterministic agent.
 *
 * @module
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppDeps } from "./deps.ts";
import { HttpError, toErrorResponse } from "./errors.ts";
import { bearerAuth, originGuard } from "./guard.ts";
import { askRoute } from "./routes/ask.ts";
import { healthRoutes } from "./routes/health.ts";
import { ollamaError, ollamaRoutes } from "./routes/ollama.ts";
import { openaiRoutes } from "./routes/openai.ts";
import { sceneRoute } from "./routes/scene.ts";
import { traceRoutes } from "./routes/traces.ts";
import { webRoutes } from "./routes/web.ts";
import { requestLog } from "./request_log.ts";
import { createState } from "./state.ts";

/** Routes whose clients read Ollama's error shape. */
const OLLAMA_PATHS = new Set(["/api/chat", "/api/tags"]);

/** Builds the app. */
export function createApp(deps: AppDeps): Hono {
  const state = createState(deps);
  const app = new Hono();
  const limit = bodyLimit({
    maxSize: state.limits.maxBodyBytes,
    onError: () => {
      throw new HttpError(413, `request body is larger than ${state.limits.maxBodyBytes} bytes`, {
        hint: "send a smaller image (JPEG at phone resolution is plenty)",
      });
    },
  });
  app.use("*", originGuard(deps.allowedHosts));
  for (const path of ["/api/*", "/v1/*", "/healthz"]) {
    if (deps.log) app.use(path, requestLog(deps.log));
  }
  for (const path of ["/api/*", "/v1/*"]) {
    app.use(path, bearerAuth(deps.token));
    app.use(path, limit);
  }
  askRoute(app, state);
  traceRoutes(app, state);
  ollamaRoutes(app, state);
  openaiRoutes(app, state);
  healthRoutes(app, state);
  sceneRoute(app);
  webRoutes(app);
  const onError = (e: unknown, c: Context) => {
    const { status, headers, body } = toErrorResponse(e);
    return c.json(OLLAMA_PATHS.has(c.req.path) ? ollamaError(e).body : body, status, headers);
  };
  app.notFound((c) =>
    onError(
      new HttpError(404, `no route ${c.req.method} ${c.req.path}`, {
        hint: "see docs/server.md for the routes",
      }),
      c,
    )
  );
  app.onError(onError);
  return app;
}
