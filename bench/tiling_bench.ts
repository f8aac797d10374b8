/**
 * Cost of tiled detection (models/tiles.ts): YOLOX-nano on a wide KITTI frame (1242×375: the
 * whole image + 4 tiles) against the same detector untiled, measured in the same run; Deno
 * prints the ratio. Also an ordinary photo (dog.jpg) under `auto`, which must cost the same as
 * untiled (it is not tiled). Skipped with a message when ../shared is absent.
 *
 * @module
 */
import { configurePerception, perceptionConfig } from "../models/config.ts";
import { loadImage } from "../models/image.ts";
import { DEFAULT_DETECT_OPTIONS, detectYolox } from "../models/yolox.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";

if (hasShared("models/yolox_nano.onnx") && hasShared("data/kitti3d/000001/image.png")) {
  configurePerception({
    modelsDir: `${SHARED_DIR}/models`,
    executionProviders: ["cpu"],
    offline: true,
  });
  const cfg = perceptionConfig();
  const kitti = await loadImage(`${SHARED_DIR}/data/kitti3d/000001/image.png`);
  const dog = await loadImage(`${SHARED_DIR}/images/dog.jpg`);
  const run = (image: typeof kitti, tiling: "off" | "auto") => async () => {
    await detectYolox(image, { ...DEFAULT_DETECT_OPTIONS, tiling }, cfg);
  };
  await run(kitti, "off")(); // session creation outside the measurement
  Deno.bench("KITTI 1242×375, untiled", { group: "kitti", baseline: true }, run(kitti, "off"));
  Deno.bench(
    "KITTI 1242×375, tiled (auto: whole + 4 tiles)",
    { group: "kitti" },
    run(kitti, "auto"),
  );
  Deno.bench("dog.jpg 768×576, untiled", { group: "photo", baseline: true }, run(dog, "off"));
  Deno.bench("dog.jpg 768×576, auto (not tiled)", { group: "photo" }, run(dog, "auto"));
}
