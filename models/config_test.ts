import assert from "node:assert/strict";
import { InputError } from "../core/errors.ts";
import {
  configFromEnv,
  configurePerception,
  defaultModelsDir,
  perceptionConfig,
  threadsFor,
} from "./config.ts";

const env = (vars: Record<string, string>) => (k: string) => vars[k];

Deno.test("configFromEnv: defaults, per-user cache dir and SPATIAL_* overrides", () => {
  const d = configFromEnv(env({ HOME: "/home/u" }));
  assert.equal(d.modelsDir, "/home/u/.cache/spatial-reasoner/models");
  assert.deepEqual(d.executionProviders, []); // chosen from the device
  assert.equal(d.device, "auto");
  assert.equal(d.depthBackend, "auto");
  assert.equal(d.detector, "auto");
  assert.equal(d.offline, false);
  assert.equal(d.tiling, "auto");
  assert.equal(defaultModelsDir(env({ XDG_CACHE_HOME: "/x" })), "/x/spatial-reasoner/models");
  const c = configFromEnv(env({
    SPATIAL_MODELS_DIR: "/m",
    SPATIAL_EXECUTION_PROVIDERS: " CPU ",
    SPATIAL_DEPTH_BACKEND: "size-prior",
    SPATIAL_OFFLINE: "1",
    SPATIAL_THREADS: "2",
    SPATIAL_DEVICE: "GPU",
    SPATIAL_TILING: "Off",
  }));
  assert.deepEqual(
    [c.modelsDir, c.executionProviders, c.depthBackend, c.offline, c.threads, c.device, c.tiling],
    ["/m", ["cpu"], "size-prior", true, 2, "gpu", "off"],
  );
  assert.throws(
    () => configFromEnv(env({ SPATIAL_TILING: "yes" })),
    /SPATIAL_TILING.*auto, on, off/,
  );
  assert.throws(() => configFromEnv(env({ SPATIAL_DEVICE: "tpu" })), /SPATIAL_DEVICE/);
  assert.throws(() => configFromEnv(env({ SPATIAL_THREADS: "two" })), InputError);
  assert.throws(() => configFromEnv(env({ SPATIAL_EXECUTION_PROVIDERS: " , " })), InputError);
});

Deno.test("configurePerception overrides the environment until reset", () => {
  configurePerception({ modelsDir: "/override", detector: undefined });
  assert.equal(perceptionConfig().modelsDir, "/override");
  configurePerception({});
  assert.notEqual(perceptionConfig().modelsDir, "/override");
});

Deno.test("threadsFor shares the cores among concurrent sessions, at least one each", () => {
  assert.equal(threadsFor(1, 16), 16);
  assert.equal(threadsFor(2, 16), 8);
  assert.equal(threadsFor(3, 16), 5);
  assert.equal(threadsFor(32, 16), 1);
  assert.equal(threadsFor(0, 4), 4);
  assert.ok(threadsFor() >= 1);
});
