import assert from "node:assert/strict";
import type { z } from "zod";
import { backProjectTool } from "../tools/back_project.ts";
import { calculate } from "../tools/calculate.ts";
import { changeViewpoint } from "../tools/change_viewpoint.ts";
import { compareVectors } from "../tools/compare_vectors.ts";
import type { detectTool } from "../tools/detect.ts";
import type { estimateDepthTool } from "../tools/estimate_depth.ts";
import type { estimateOrientationTool } from "../tools/estimate_orientation.ts";
import { createRegistry } from "../tools/registry.ts";
import { fixtureWorkspace } from "../tools/test_workspace.ts";
import { runTool } from "./run_tool.ts";
import { addEvent, newTrace, type ToolEvent } from "./trace.ts";
import { compactJson, summarizeToolEvent, summaryLines } from "./trace_summary.ts";

function emptyTrace() {
  return newTrace({
    question: "q?",
    intrinsics: { fx: 500, fy: 500, cx: 320, cy: 240, source: "scene" },
    planner: "rules",
  });
}

/** A perception event with a hand-written output (type-checked against the tool's schema). */
function perception(tool: string, output: unknown): ToolEvent {
  return addEvent(emptyTrace(), {
    type: "perception",
    tool,
    input: {},
    ok: true,
    output,
    duration_ms: 1,
  }) as ToolEvent;
}

/** A computation event from the real tool run on the fixture scene. */
async function computed(tool: string, args: unknown): Promise<ToolEvent> {
  const registry = createRegistry([backProjectTool, changeViewpoint, compareVectors, calculate]);
  const trace = emptyTrace();
  await runTool(registry, tool, args, { workspace: fixtureWorkspace() }, trace);
  return trace.events[0] as ToolEvent;
}

Deno.test("summary: detect lists ids, labels and scores, and what cannot be detected", () => {
  const output: z.output<typeof detectTool.output> = {
    model: "yolox-nano",
    method: "m",
    uncertainty: "u",
    objects: [
      { id: "dog_1", label: "dog", box: [1, 2, 3, 4], score: 0.8349 },
      { id: "bicycle_1", label: "bicycle", box: [1, 2, 3, 4], score: 0.81 },
      { id: "cup_1", label: "cup" },
    ],
    not_detectable: [{ query: "lamp", reason: "not a COCO class" }],
    cached: false,
  };
  assert.equal(
    summarizeToolEvent(perception("detect", output)),
    "3 found: dog_1 (dog 0.83), bicycle_1 (bicycle 0.81), cup_1 (cup) · " +
      'not detectable: "lamp" (not a COCO class)',
  );
  assert.equal(
    summarizeToolEvent(perception("detect", { ...output, objects: [], not_detectable: [] })),
    "nothing found",
  );
});

Deno.test("summary: estimate_depth gives depth ± uncertainty and the method", () => {
  const output: z.output<typeof estimateDepthTool.output> = {
    model: "size-prior",
    method: "m",
    uncertainty: "u",
    objects: [
      { id: "dog_1", label: "dog", depth: 1.4712, uncertainty: 0.5, method: "size-prior: …" },
      { id: "horse_1", label: "horse", depth: 10.539, uncertainty: 1.222, method: "size-prior" },
    ],
    skipped: [{ id: "cup_1", reason: "no box" }],
  };
  assert.deepEqual(summaryLines(perception("estimate_depth", output)), [
    "dog_1 1.47 ± 0.50 m, horse_1 10.54 ± 1.22 m (size-prior)",
    "skipped: cup_1 (no box)",
  ]);
});

Deno.test("summary: estimate_orientation gives fronts with confidence, or unknown", () => {
  const output: z.output<typeof estimateOrientationTool.output> = {
    model: "orient-anything",
    method: "m",
    uncertainty: "u",
    objects: [
      {
        id: "car_1",
        label: "car",
        front: [0, -1, 0],
        azimuth_deg: 0,
        confidence: 0.9,
        source: "orient-anything",
      },
      { id: "ball_1", label: "sports ball", front: null, confidence: 0.1, source: "unknown" },
      {
        id: "person_1",
        label: "person",
        front: [0, 1, 0],
        azimuth_deg: 180,
        facing: "facing away (180°)",
        confidence: 0.95,
        source: "blazepose-full",
      },
      {
        id: "dog_1",
        label: "dog",
        front: null,
        confidence: 0,
        source: "unknown",
        reason: "no offline orientation model",
      },
    ],
  };
  assert.equal(
    summarizeToolEvent(perception("estimate_orientation", output)),
    "car_1 front (0.00, -1.00, 0.00) azimuth 0.00° confidence 0.90, ball_1 unknown, " +
      "person_1 front (0.00, 1.00, 0.00) facing away (180°) confidence 0.95, " +
      "dog_1 unknown (no offline orientation model) (model orient-anything)",
  );
});

// The fixture: person_1 at (0, 5, 0) facing +x, dog_1 at (1, 7, -0.5), camera at the origin.
Deno.test("summary: back_project gives each centre and distance, and pixels' points", async () => {
  const e = await computed("back_project", {
    object_ids: ["person_1", "dog_1"],
    pixels: [{ u: 320, v: 240, depth: 2 }],
  });
  assert.deepEqual(summaryLines(e), [
    "person_1 at (0.00, 5.00, 0.00), 5.00 m away",
    "dog_1 at (1.00, 7.00, -0.50), 7.09 m away", // √50.25
    "pixel (320.00, 240.00) at depth 2.00 m → (0.00, 2.00, 0.00)",
  ]);
});

Deno.test("summary: change_viewpoint gives the observer, [right, forward, up] and bearing", async () => {
  const e = await computed("change_viewpoint", {
    observer: { object_id: "person_1" },
    points: ["dog_1"],
  });
  // Facing +x, the person's right is −y: the dog (1, 2, −0.5) away is 2 m to the left, 1 m ahead.
  assert.deepEqual(summaryLines(e), [
    "observer: person_1, facing its front",
    "dog_1 [right, forward, up] (-2.00, 1.00, -0.50), 2.29 m, bearing -63.43°",
  ]);
});

Deno.test("summary: compare_vectors gives the vector, relations, distances and cosines", async () => {
  const lines = summaryLines(await computed("compare_vectors", { a: "person_1", b: "dog_1" }));
  assert.equal(lines[0], "dog_1 − person_1 = (1.00, 2.00, -0.50), 2.29 m apart");
  assert.match(lines[1], /^dog_1 right of, behind, .*person_1.* \(observer: the camera\)$/);
  assert.equal(
    lines[2],
    "closer to the camera: person_1 (person_1 5.00 m, dog_1 7.09 m); next to: no",
  );
  // cos = 1 / √5.25 = 0.44 with the front (+x), −2 / √5.25 = −0.87 with the left (+y).
  assert.match(lines[3], /^dog_1 vs person_1's front: cos 0\.44 \(64\.12°\), vs its left: cos /);

  const dirs = await computed("compare_vectors", {
    a: "dog_1",
    b: [0, 1, 0],
    kind: "directions",
  });
  assert.equal(
    summarizeToolEvent(dirs),
    "dog_1 vs (0.00, 1.00, 0.00): cos 0.00, angle 90.00°; parallel: no, same direction: no",
  );
});

Deno.test("summary: calculate gives expression = value with its variables", async () => {
  const e = await computed("calculate", { expression: "norm(v)", variables: { v: [3, 4, 0] } });
  assert.equal(summarizeToolEvent(e), "norm(v) = 5.00 with v = (3.00, 4.00, 0.00)");
  const neg = await computed("calculate", { expression: "-f", variables: { f: [0, 1, 0] } });
  assert.equal(summarizeToolEvent(neg), "-f = (0.00, -1.00, 0.00) with f = (0.00, 1.00, 0.00)");
});

Deno.test("summary: a failed step is its error text", async () => {
  const e = await computed("compare_vectors", { a: "person_1", b: "unicorn_1" });
  assert.equal(e.ok, false);
  assert.equal(summarizeToolEvent(e), e.error);
  assert.match(summarizeToolEvent(e), /unicorn_1/);
});

Deno.test("summary: unknown tools and outputs of another shape read as compact JSON", () => {
  assert.equal(summarizeToolEvent(perception("segment", { area: 1.23456 })), '{"area":1.23}');
  assert.equal(summarizeToolEvent(perception("detect", { boxes: 3 })), '{"boxes":3}');
});

Deno.test("summary: long lists are cut after 8 items with a count", async () => {
  const objects = Array.from({ length: 11 }, (_, i) => ({ id: `cup_${i + 1}`, label: "cup" }));
  assert.match(summarizeToolEvent(perception("detect", { objects })), /cup_8 \(cup\), \+3 more$/);
  const e = await computed("back_project", {
    pixels: Array.from({ length: 9 }, (_, i) => ({ u: i, v: 0, depth: 1 })),
  });
  assert.equal(summaryLines(e).length, 9);
  assert.equal(summaryLines(e).at(-1), "+1 more");
});

Deno.test("summary: compactJson rounds numbers and cuts long values", () => {
  assert.equal(compactJson({ d: 1.23456 }), '{"d":1.23}');
  const s = compactJson({ xs: Array.from({ length: 500 }, (_, i) => i) }, 50);
  assert.equal(s.length, 50);
  assert.ok(s.endsWith("…"));
});
