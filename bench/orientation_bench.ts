/**
 * Orientation cost on real photos (CPU provider, converted TFLite models), as Deno.bench cases:
 *
 * - group "crop": one person crop through BlazePose (crop + model + torso normal) and one chair
 *   crop through Objectron (crop + model + EPnP), against the crop and tensor packing alone as the
 *   baseline;
 * - group "ask": `ask` on person.jpg with the rule planner, perception cache cleared, with the
 *   offline orientation models against the same ask with orientation disabled
 *   (`--orientation-model none`) — the baseline. The question needs the person's front; without
 *   orientation it is answered "unanswerable", which costs the same reasoning steps up to there.
 *
 * Skipped with a message when ../shared is absent. Run once: `deno bench -A bench/orientation_bench.ts`.
 */
import { ask } from "../agent/ask.ts";
import { intrinsicsFromFov } from "../core/intrinsics.ts";
import { estimatePersonFront, POSE_CROP_SCALE, POSE_INPUT } from "../models/blazepose.ts";
import { configurePerception, perceptionConfig } from "../models/config.ts";
import { loadImage } from "../models/image.ts";
import { estimateChairPose } from "../models/objectron.ts";
import { getModelSpec } from "../models/registry.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { cropToTensor, squareCropAround } from "../models/square_crop.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";

const ready = hasShared("models/yolox_nano.onnx") && hasShared("images/person.jpg") &&
  hasShared("data/chairs/arkit_612.172_00008260.jpg");

if (ready) {
  configurePerception({
    modelsDir: `${SHARED_DIR}/models`,
    executionProviders: ["cpu"],
    threads: 2,
    offline: true,
  });
  const cfg = perceptionConfig();
  const person = await loadImage(`${SHARED_DIR}/images/person.jpg`);
  const personBox: [number, number, number, number] = [188, 97, 277, 372];
  const personCam = intrinsicsFromFov(person.width, person.height);
  const chairs = await loadImage(`${SHARED_DIR}/data/chairs/arkit_612.172_00008260.jpg`);
  const chairBox: [number, number, number, number] = [592, 472, 1367, 1440];
  const chairCam = intrinsicsFromFov(chairs.width, chairs.height);
  const pose = getModelSpec("blazepose-full");
  const chair = getModelSpec("objectron-chair");
  // Warm: conversion (first use) and session creation are not part of the per-crop cost.
  await estimatePersonFront(person, personBox, personCam, pose, cfg);
  await estimateChairPose(chairs, chairBox, chairCam, chair, cfg);

  Deno.bench("person crop + tensor only", { group: "crop", baseline: true }, () => {
    cropToTensor(person, squareCropAround(personBox, POSE_CROP_SCALE), POSE_INPUT);
  });
  Deno.bench("person: BlazePose front", { group: "crop" }, async () => {
    await estimatePersonFront(person, personBox, personCam, pose, cfg);
  });
  Deno.bench("chair: Objectron + EPnP front", { group: "crop" }, async () => {
    await estimateChairPose(chairs, chairBox, chairCam, chair, cfg);
  });

  const image = person;
  const question = "Is the horse in front of the person?";
  const base = { ...cfg };
  Deno.bench("ask person.jpg, orientation disabled", {
    group: "ask",
    baseline: true,
  }, async () => {
    configurePerception({ ...base, orientationModel: "none" });
    clearResultCache();
    await ask({ question, image, planner: "rules" });
  });
  Deno.bench("ask person.jpg, with orientation (BlazePose)", { group: "ask" }, async () => {
    configurePerception(base);
    clearResultCache();
    await ask({ question, image, planner: "rules" });
  });
}
