import assert from "node:assert/strict";
import { InputError } from "../core/errors.ts";
import { norm, type Vec3 } from "../core/vec.ts";
import { configurePerception } from "../models/config.ts";
import { loadImage } from "../models/image.ts";
import { deadUrl, startFakeOllama } from "../tests/fake_ollama.ts";
import { startFakeOpenAi } from "../tests/fake_openai.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";
import { ask } from "./ask.ts";
import { LlmError } from "./ollama.ts";
import type { ToolEvent, TraceEvent } from "./trace.ts";

const SCENE = new URL("../tests/fixtures/street.json", import.meta.url).pathname;

Deno.test("ask: rules on a scene — trace records intrinsics, source, planner; events stream", async () => {
  const seen: TraceEvent[] = [];
  const r = await ask(
    {
      question: "Which is closer to the camera, the dog or the bicycle?",
      scenePath: SCENE,
      planner: "rules",
    },
    { onEvent: (e) => seen.push(e) },
  );
  assert.equal(r.status, "answered");
  assert.equal(r.planner, "rules");
  assert.equal(r.value, "dog");
  assert.deepEqual(seen, r.trace.events);
  assert.equal(r.trace.intrinsics.source, "scene");
  assert.equal(r.trace.intrinsics.fx, 600);
  assert.equal(r.trace.scene, SCENE);
  assert.equal(r.trace.planner, "rules");
  assert.deepEqual(r.trace.answer, { text: r.answer, value: "dog" });
  assert.equal(
    r.trace.frame.axes,
    "+x right, +y forward (away from the camera, horizontal), +z up",
  );
});

Deno.test("ask: given intrinsics win over the scene's", async () => {
  const r = await ask({
    question: "How many cars are there?",
    scenePath: SCENE,
    planner: "rules",
    camera: { fx: 1000 },
  });
  assert.equal(r.trace.intrinsics.source, "given");
  assert.equal(r.trace.intrinsics.fy, 1000);
  assert.equal(r.value, 3);
});

Deno.test("ask: auto uses the LLM when Ollama has the model, and says so", async () => {
  const fake = startFakeOllama({
    chat: [{ message: { content: "<answer>yes</answer>" } }],
  });
  try {
    const r = await ask({
      question: "Is the dog next to the person?",
      scenePath: SCENE,
      host: fake.url,
    });
    assert.equal(r.planner, "llm");
    assert.equal(r.trace.llm_model, "qwen3-vl:8b");
    assert.equal(r.value, true);
    const first = r.trace.events[0];
    assert.ok(first.type === "reasoning" && /Planner: llm/.test(first.text));
    // Scene objects are listed for the model, and no image is sent.
    const user = fake.requests[0].messages![1];
    assert.match(user.content, /Perception is already done/);
    assert.match(user.content, /dog_1 \(dog, orientation known, confidence 0\.80\)/);
    assert.equal(user.images, undefined);
  } finally {
    await fake.close();
  }
});

Deno.test("ask: auto falls back to the rules when Ollama is down or lacks the model", async () => {
  const url = await deadUrl();
  const down = await ask({ question: "How many cars are there?", scenePath: SCENE, host: url });
  assert.equal(down.planner, "rules");
  assert.equal(down.value, 3);
  const note = down.trace.events[0];
  assert.ok(
    note.type === "reasoning" && note.text.includes("cannot reach Ollama") &&
      note.text.includes(url),
  );
  const fake = startFakeOllama({ models: ["llama3.2:1b"] });
  try {
    const missing = await ask({
      question: "How many cars are there?",
      scenePath: SCENE,
      host: fake.url,
    });
    assert.equal(missing.planner, "rules");
    const n = missing.trace.events[0];
    assert.ok(n.type === "reasoning" && n.text.includes("ollama pull qwen3-vl:8b"));
  } finally {
    await fake.close();
  }
});

Deno.test("ask: auto falls back when the first chat call fails after a good probe", async () => {
  const fake = startFakeOllama({ chat: [{ status: 400, error: "model does not support tools" }] });
  try {
    const r = await ask({ question: "How many cars are there?", scenePath: SCENE, host: fake.url });
    assert.equal(r.planner, "rules");
    assert.equal(r.trace.planner, "rules");
    assert.equal(r.trace.llm_model, undefined);
    assert.equal(r.value, 3);
    assert.ok(
      r.trace.events.some((e) => e.type === "error" && /does not support tools/.test(e.message)),
    );
  } finally {
    await fake.close();
  }
});

Deno.test("ask: --planner llm with Ollama down throws an LlmError", async () => {
  const url = await deadUrl();
  await assert.rejects(
    ask({ question: "How many cars?", scenePath: SCENE, planner: "llm", host: url }),
    (e: unknown) => e instanceof LlmError && e.kind === "unreachable",
  );
});

Deno.test("ask: the deadline turns a slow LLM into an unanswerable result", async () => {
  const fake = startFakeOllama({
    chat: [{ delayMs: 5000, message: { content: "<answer>x</answer>" } }],
  });
  try {
    const t0 = performance.now();
    const r = await ask(
      { question: "How many cars?", scenePath: SCENE, planner: "llm", host: fake.url },
      { deadlineMs: 300 },
    );
    assert.ok(performance.now() - t0 < 3000);
    assert.equal(r.status, "unanswerable");
    assert.equal(r.value, null);
    assert.match(r.answer, /deadline/);
  } finally {
    await fake.close();
  }
});

Deno.test("ask: an abort signal rejects with its reason", async () => {
  const fake = startFakeOllama({
    chat: [{ delayMs: 5000, message: { content: "<answer>x</answer>" } }],
  });
  try {
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error("client went away")), 100);
    await assert.rejects(
      ask({ question: "How many cars?", scenePath: SCENE, planner: "llm", host: fake.url }, {
        signal: ac.signal,
      }),
      /client went away/,
    );
  } finally {
    await fake.close();
  }
});

Deno.test("ask: bad input is an InputError naming the field", async () => {
  const cases: [Parameters<typeof ask>[0], RegExp][] = [
    [{ question: " ", scenePath: SCENE }, /^question/],
    [{ question: "How many cars?" }, /^image: no image and no scene/],
    [{ question: "Which?", scenePath: SCENE, options: ["only one"] }, /^options/],
    [{ question: "q", scenePath: "/nonexistent.json" }, /scene file not found/],
    [{ question: "q", scenePath: SCENE, planner: "magic" as "auto" }, /^planner/],
  ];
  for (const [req, re] of cases) {
    await assert.rejects(ask(req), (e: unknown) => e instanceof InputError && re.test(e.message));
  }
});

const DOG = "images/dog.jpg";
Deno.test({
  name: "ask: the LLM receives the image as JPEG, EXIF-rotated pixels re-encoded",
  ignore: !hasShared(DOG),
  fn: async () => {
    const fake = startFakeOllama({ chat: [{ message: { content: "<answer>no</answer>" } }] });
    try {
      const image = await loadImage(`${SHARED_DIR}/${DOG}`);
      const r = await ask({ question: "Is the dog left of the bike?", image, host: fake.url });
      assert.equal(r.planner, "llm");
      const sent = fake.requests[0].messages![1].images![0] as string;
      assert.ok(sent.startsWith("/9j/"), "base64 of a JPEG");
      assert.match(fake.requests[0].messages![1].content, /768×576 px/);
      assert.equal(r.trace.image?.sha256, image.sha256);
      assert.equal(r.trace.intrinsics.source, "assumed_fov");
    } finally {
      await fake.close();
    }
  },
});

const YOLOX = "models/yolox_nano.onnx";
Deno.test({
  name: "ask: end to end on dog.jpg with real YOLOX perception and the rule planner",
  ignore: !hasShared(YOLOX) || !hasShared(DOG),
  sanitizeResources: false,
  fn: async () => {
    configurePerception({
      modelsDir: `${SHARED_DIR}/models`,
      executionProviders: ["cpu"],
      offline: true,
    });
    try {
      const r = await ask({
        question: "Which is closer to the camera, the dog or the bicycle?",
        imagePath: `${SHARED_DIR}/${DOG}`,
        planner: "rules",
      });
      const tools = r.trace.events.filter((e): e is ToolEvent => "tool" in e).map((e) => e.tool);
      assert.deepEqual(tools.slice(0, 4), [
        "detect",
        "estimate_depth",
        "back_project",
        "estimate_orientation",
      ]);
      const detect = r.trace.events.find((e): e is ToolEvent =>
        "tool" in e && e.tool === "detect"
      )!;
      assert.deepEqual(detect.models, ["yolox-nano"]);
      assert.equal(r.status, "answered");
      // The answer agrees with the distances in the trace's own back_project output.
      const bp = r.trace.events.filter((e): e is ToolEvent =>
        "tool" in e && e.tool === "back_project"
      )
        .at(-1)!.output as { objects: { label: string; center: Vec3 }[] };
      const d = (l: string) => norm(bp.objects.find((o) => o.label === l)!.center);
      assert.equal(r.value, d("dog") < d("bicycle") ? "dog" : "bicycle");
      const count = await ask({
        question: "How many dogs are there?",
        imagePath: `${SHARED_DIR}/${DOG}`,
        planner: "rules",
      });
      assert.equal(count.value, 1);
    } finally {
      configurePerception({});
    }
  },
});

const PERSON = "images/person.jpg";
Deno.test({
  name: "ask: person.jpg — a missing orientation model makes facing questions unanswerable",
  ignore: !hasShared(YOLOX) || !hasShared(PERSON),
  sanitizeResources: false,
  fn: async () => {
    configurePerception({
      modelsDir: `${SHARED_DIR}/models`,
      executionProviders: ["cpu"],
      offline: true,
    });
    try {
      const r = await ask({
        question: "Is the horse facing the dog?",
        imagePath: `${SHARED_DIR}/${PERSON}`,
        planner: "rules",
      });
      assert.equal(r.status, "unanswerable");
      assert.match(r.answer, /orientation of horse \(horse_1\) is unknown/);
      const far = await ask({
        question: "Which is closer to the camera, the horse or the person?",
        imagePath: `${SHARED_DIR}/${PERSON}`,
        planner: "rules",
      });
      assert.equal(far.status, "answered");
      assert.ok(far.value === "horse" || far.value === "person");
    } finally {
      configurePerception({});
    }
  },
});

for (const vision of [true, false]) {
  Deno.test(`ask: a model ${vision ? "with" : "without"} vision ${vision ? "gets the photo" : "gets the text-only path"}, and the trace says which`, async () => {
    const fake = startFakeOllama({
      capabilities: vision ? ["completion", "tools", "vision"] : ["completion", "tools"],
      chat: [{ message: { content: "<answer>yes</answer>" } }],
    });
    try {
      const r = await ask({
        question: "Is there a dog?",
        imagePath: new URL("../samples/dog.jpg", import.meta.url).pathname,
        planner: "llm",
        host: fake.url,
      });
      assert.equal(r.value, true);
      const user = fake.requests[0].messages![1];
      assert.equal(user.images !== undefined, vision);
      assert.equal(/is not shown to you/.test(user.content), !vision);
      const said = r.trace.events.find((e) => e.type === "reasoning" && /images/.test(e.text));
      assert.ok(said && said.type === "reasoning");
      assert.match(said.text, vision ? /takes images: the photo is sent/ : /text-only path/);
    } finally {
      await fake.close();
    }
  });
}

Deno.test("ask (openai): a server that refuses the photo gets the text-only path, and the trace says so", async () => {
  const fake = startFakeOpenAi({
    chat: (req) =>
      JSON.stringify(req).includes("image_url")
        ? { status: 400, error: "this model does not support image input" }
        : { message: { content: "<answer>yes</answer>" } },
  });
  try {
    const r = await ask({
      question: "Is there a dog?",
      imagePath: new URL("../samples/dog.jpg", import.meta.url).pathname,
      planner: "llm",
      api: "openai",
      host: fake.url,
    });
    assert.equal(r.value, true);
    assert.equal(fake.requests.length, 2);
    assert.match(JSON.stringify(fake.requests[1]), /is not shown to you/);
    assert.ok(
      r.trace.events.some((e) => e.type === "reasoning" && /refused the photo/.test(e.text)),
    );
  } finally {
    await fake.close();
  }
});
