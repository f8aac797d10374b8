/**
 * Latency of the perception tools on a real photo (../shared/images/dog.jpg with the real
 * YOLOX-nano weights), and `detect`'s whole cost — JPEG decode + letterbox + inference + decode
 * + NMS + workspace update, with the result cache cleared — against the bare `session.run` of
 * the same graph on the same input, measured in the same run (Deno prints the ratio); and
 * `detect` on an already decoded image (target ≤ 1.2× the bare run), with `loadImage` apart.
 * Run: `deno task bench`, or `deno run -A bench/perception_bench.ts [rounds]` for the same ratio
 * measured round by round (interleaved medians). Skipped with a message when ../shared is absent.
 */
import { intrinsicsFromFov } from "../core/intrinsics.ts";
import { configurePerception, perceptionConfig } from "../models/config.ts";
import { loadImage } from "../models/image.ts";
import { getModelSpec } from "../models/registry.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { getSession, ort } from "../models/runtime.ts";
import { letterbox, YOLOX_SIZE } from "../models/yolox.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { defaultRegistry } from "../tools/index.ts";
import { createWorkspace } from "../tools/workspace.ts";

if (hasShared("models/yolox_nano.onnx")) {
  const modelsDir = `${SHARED_DIR}/models`;
  configurePerception({ modelsDir, executionProviders: ["cpu"], offline: true });
  const reg = defaultRegistry();
  const path = `${SHARED_DIR}/images/dog.jpg`;
  const image = await loadImage(path);
  const camera = intrinsicsFromFov(image.width, image.height);
  const spec = getModelSpec("yolox-nano");
  // The very session detect uses (same providers and threads), so the ratio is the tool's cost.
  const { session } = await getSession(
    spec,
    `${modelsDir}/${spec.files[0].name}`,
    perceptionConfig(),
  );
  const { tensor } = letterbox(image);
  const feeds = { images: new ort.Tensor("float32", tensor, [1, 3, YOLOX_SIZE, YOLOX_SIZE]) };

  if (import.meta.main) {
    // `deno run -A bench/perception_bench.ts [rounds]`: the bare run and detect on the decoded
    // image interleaved round by round (fair on a busy machine), then loadImage; medians.
    const rounds = Number(Deno.args[0] ?? 40);
    const t = { bare: [] as number[], detect: [] as number[], loadImage: [] as number[] };
    const time = async (into: number[], f: () => Promise<unknown>) => {
      const s = performance.now();
      await f();
      into.push(performance.now() - s);
    };
    for (let i = 0; i < rounds; i++) {
      await time(t.bare, () => session.run(feeds));
      clearResultCache();
      await time(
        t.detect,
        () => reg.call("detect", {}, { workspace: createWorkspace({ camera, image }) }),
      );
    }
    // Decoding apart: sharp's worker threads would otherwise compete with the next inference.
    for (let i = 0; i < rounds; i++) await time(t.loadImage, () => loadImage(path));
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const [bare, detect, load] = [med(t.bare), med(t.detect), med(t.loadImage)];
    console.log(
      `median of ${rounds}: bare session.run ${bare.toFixed(1)} ms; detect on the decoded image ` +
        `${detect.toFixed(1)} ms = ${(detect / bare).toFixed(2)}× (target ≤ 1.2×); ` +
        `loadImage ${load.toFixed(1)} ms (${image.width}×${image.height} JPEG)`,
    );
    Deno.exit(0);
  }

  Deno.bench(
    "bare session.run (yolox-nano, 416²)",
    { group: "detect", baseline: true },
    async () => {
      await session.run(feeds);
    },
  );
  Deno.bench(
    "detect whole: decode JPEG + preprocess + inference + NMS",
    { group: "detect" },
    async () => {
      clearResultCache();
      const img = await loadImage(path);
      const r = await reg.call("detect", {}, {
        workspace: createWorkspace({ camera, image: img }),
      });
      if (!r.ok) throw new Error(r.error);
    },
  );
  Deno.bench(
    "detect on a decoded image: preprocess + inference + NMS (target ≤ 1.2×)",
    { group: "detect" },
    async () => {
      clearResultCache();
      const r = await reg.call("detect", {}, { workspace: createWorkspace({ camera, image }) });
      if (!r.ok) throw new Error(r.error);
    },
  );
  Deno.bench("  part: decode JPEG (loadImage), reported apart", { group: "detect" }, async () => {
    await loadImage(path);
  });
  Deno.bench("  part: letterbox 416 (one-pass resize + BGR pack)", { group: "detect" }, () => {
    letterbox(image);
  });
  Deno.bench("detect, cached result (same image, new question)", { group: "detect" }, async () => {
    const r = await reg.call("detect", {}, { workspace: createWorkspace({ camera, image }) });
    if (!r.ok) throw new Error(r.error);
  });

  // a workspace with the detections, for the later tools
  const ws = createWorkspace({ camera, image });
  await reg.call("detect", {}, { workspace: ws });
  const ids = [...ws.objects.keys()];
  Deno.bench("estimate_depth (size-prior, 3 objects)", { group: "tools" }, async () => {
    const r = await reg.call("estimate_depth", {}, { workspace: ws });
    if (!r.ok) throw new Error(r.error);
  });
  Deno.bench("back_project (3 objects)", { group: "tools" }, async () => {
    const r = await reg.call("back_project", { object_ids: ids }, { workspace: ws });
    if (!r.ok) throw new Error(r.error);
  });
  Deno.bench("estimate_orientation (no model installed)", { group: "tools" }, async () => {
    const r = await reg.call("estimate_orientation", {}, { workspace: ws });
    if (!r.ok) throw new Error(r.error);
  });
  const depthMap = {
    width: image.width,
    height: image.height,
    data: new Float32Array(image.width * image.height).fill(3),
    source: "bench",
  };
  const wsD = createWorkspace({ camera, image, depthMap });
  await reg.call("detect", {}, { workspace: wsD });
  Deno.bench("estimate_depth (rgbd, 3 objects)", { group: "tools" }, async () => {
    const r = await reg.call("estimate_depth", {}, { workspace: wsD });
    if (!r.ok) throw new Error(r.error);
  });
}
