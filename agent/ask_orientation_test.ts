import assert from "node:assert/strict";
import { configurePerception } from "../models/config.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { releaseSessions } from "../models/runtime.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { ask } from "./ask.ts";
import type { ToolEvent } from "./trace.ts";

const ready = hasShared("models/yolox_nano.onnx") && hasShared("images/person.jpg");

Deno.test({
  name: "ask on a real photo: a perspective question is answered from the person's own front",
  ignore: !ready,
  fn: async () => {
    configurePerception({
      modelsDir: `${SHARED_DIR}/models`,
      executionProviders: ["cpu"],
      offline: true,
    });
    clearResultCache();
    try {
      const imagePath = `${SHARED_DIR}/images/person.jpg`;
      const r = await ask({ question: "Is the horse in front of the person?", imagePath });
      const orient = r.trace.events.find((e): e is ToolEvent =>
        "tool" in e && e.tool === "estimate_orientation"
      );
      const person = (orient?.output as { objects: { id: string; front: number[] | null }[] })
        .objects.find((o) => o.id === "person_1");
      assert.ok(person?.front, "the person's front is known");
      const compare = r.trace.events.find((e) => "tool" in e && e.tool === "compare_vectors") as
        | ToolEvent
        | undefined;
      assert.ok(compare?.ok, "the answer compares against the person's front");
      assert.equal(r.status, "answered");
      assert.match(r.answer, /^Yes/);

      configurePerception({
        modelsDir: `${SHARED_DIR}/models`,
        executionProviders: ["cpu"],
        offline: true,
        orientationModel: "none",
      });
      clearResultCache();
      const off = await ask({ question: "Is the horse in front of the person?", imagePath });
      assert.equal(off.status, "unanswerable");
      assert.match(off.answer, /orientation of person \(person_1\) is unknown/);
    } finally {
      configurePerception({});
      clearResultCache();
      await releaseSessions();
    }
  },
});
