/**
 * The shipped server end to end: the real agent with the rule planner and real YOLOX perception
 * on ../shared/images/dog.jpg, through `app.request()`, and the trace exported in every format.
 */
import assert from "node:assert/strict";
import { configurePerception } from "../models/config.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { releaseSessions } from "../models/runtime.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { createApp } from "./app.ts";
import { ImageStore } from "./image_store.ts";
import { realDeps } from "./real_deps.ts";
import { readSse } from "./test_util.ts";

const ready = hasShared("images/dog.jpg") && hasShared("models/yolox_nano.onnx");

Deno.test({
  name: "real rule planner over /api/ask on dog.jpg: streamed trace, view, follow-up, export",
  ignore: !ready,
  async fn() {
    configurePerception({
      modelsDir: `${SHARED_DIR}/models`,
      executionProviders: ["cpu"],
      offline: true,
    });
    try {
      const images = await Deno.makeTempDir();
      const imageStore = new ImageStore({ dir: images, maxBytes: 2 ** 24 });
      const app = createApp(realDeps({ host: "127.0.0.1:9", imageStore }));
      const form = new FormData();
      const jpg = await Deno.readFile(`${SHARED_DIR}/images/dog.jpg`);
      form.append("image", new Blob([jpg], { type: "image/jpeg" }), "dog.jpg");
      form.append("question", "Which is closer to the camera, the dog or the bicycle?");
      form.append("planner", "rules");
      const res = await app.request("/api/ask", { method: "POST", body: form });
      assert.equal(res.status, 200);
      const events = await readSse(res);
      const kinds = events.map((e) => e.event);
      assert.equal(kinds[0], "perception");
      assert.equal(kinds.at(-1), "answer", kinds.join(","));
      assert.ok(kinds.includes("computation"), kinds.join(","));
      // Perception precedes computation, which precedes the answer.
      assert.ok(kinds.lastIndexOf("perception") < kinds.lastIndexOf("computation"));
      const answer = JSON.parse(events.at(-1)!.data);
      assert.equal(answer.planner, "rules");
      assert.equal(answer.status, "answered", answer.answer);
      assert.ok(["dog", "bicycle"].includes(answer.value), `value ${answer.value}`);
      const dog = answer.view.objects.find((o: { label: string }) => o.label === "dog");
      assert.ok(dog?.box && dog.center, JSON.stringify(dog));
      assert.ok(answer.view.used.includes(dog.id));
      assert.equal(answer.image.width, 768);

      const again = await app.request("/api/ask", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          question: "How far is the dog from the camera?",
          planner: "rules",
          image_id: answer.image.sha256,
        }),
      });
      const followUp = JSON.parse((await readSse(again)).at(-1)!.data);
      assert.equal(typeof followUp.value, "number", followUp.answer);

      // The chat dialects reach the same agent: an OpenAI-style request with a data URL.
      const chat = await app.request("/v1/chat/completions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "spatial-reasoner:rules",
          messages: [{
            role: "user",
            content: [
              { type: "text", text: "How far apart are the dog and the bicycle?" },
              { type: "image_url", image_url: { url: `data:image/jpeg;base64,${jpg.toBase64()}` } },
            ],
          }],
        }),
      });
      assert.equal(chat.status, 200);
      const completion = await chat.json();
      assert.equal(typeof completion.value, "number", completion.choices[0].message.content);
      assert.match(completion.choices[0].message.reasoning_content, /compare_vectors/);

      const models = await (await app.request("/api/models")).json();
      assert.ok(
        models.perception.some((m: { id: string; present: boolean }) =>
          m.id === "yolox-nano" && m.present
        ),
      );
      assert.equal(models.llm.available, false);
      assert.deepEqual(models.export_formats, ["sr-cot", "llava", "messages", "llamafactory"]);
      for (const format of models.export_formats) {
        const out = await app.request(`/api/traces/${answer.trace_id}/export?format=${format}`);
        assert.equal(out.status, 200, format);
        const record = JSON.parse((await out.text()).trim());
        assert.ok(record && typeof record === "object", format);
        // The upload was kept, and the record names it (relative to the image folder).
        const name = `${answer.image.sha256}.jpg`;
        if (format === "llava") {
          assert.equal(record.image, name);
          assert.match(record.conversations[0].value, /^<image>\n/);
        }
        if (format === "messages") assert.deepEqual(record.images, [name]);
      }
      const kept = await app.request(`/api/images/${answer.image.sha256}.jpg`);
      assert.equal(kept.status, 200);
      assert.deepEqual(new Uint8Array(await kept.arrayBuffer()), jpg);
      const srCot = await (await app.request(
        `/api/traces/${answer.trace_id}/export?format=sr-cot&frame=spatialreasoner`,
      )).json();
      assert.equal(srCot.frame, "spatialreasoner");
      assert.match(srCot.cot, /^<think>[\s\S]*<\/think>\s*<answer>[\s\S]*<\/answer>$/);
      assert.equal(srCot.trace.id, answer.trace_id);
    } finally {
      configurePerception({});
      clearResultCache();
      await releaseSessions();
    }
  },
});
