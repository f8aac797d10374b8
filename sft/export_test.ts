import assert from "node:assert/strict";
import { parseScene } from "../scene/schema.ts";
import { defaultRegistry } from "../tools/index.ts";
import { checkFormat } from "./checks.ts";
import {
  convertRecord,
  FORMATS,
  type LlamaFactoryRecord,
  type LlavaRecord,
  type MessagesRecord,
  OBSERVATION_SEPARATOR,
  toLlamaFactory,
} from "./export.ts";
import { generateForScene } from "./generate.ts";
import type { SrCotRecord } from "./record.ts";
import { recordFromInput } from "./sample.ts";
import { sceneWorkspace } from "./inputs.ts";
import { workspaceFacts } from "../agent/ask.ts";
import { createChatClient } from "../agent/llm_backend.ts";
import { runLlmLoop } from "../agent/llm_loop.ts";
import { newTrace } from "../agent/trace.ts";
import { perceptionContext } from "../prompts/user_turn.ts";
import { startFakeOllama } from "../tests/fake_ollama.ts";
import { messyLlmTrace, talkyLlmTrace } from "../tests/fake_llm.ts";
import { NUDGE_NO_ANSWER } from "../agent/llm_loop.ts";
import { FINAL_CALL_NOTE } from "../prompts/tool_result.ts";

const SCENE = parseScene(JSON.parse(
  await Deno.readTextFile(
    new URL("../tests/fixtures/street.json", import.meta.url),
  ),
));
const tools = defaultRegistry().functionSchemas();

async function records(): Promise<SrCotRecord[]> {
  const { records } = await generateForScene(
    {
      key: "street.json",
      workspace: sceneWorkspace(SCENE),
      scene: SCENE,
      perceptionEvents: [],
      image: { path: "/data/photos/street.jpg", width: 1280, height: 720 },
      imagePath: "photos/street.jpg",
    },
    { seed: 3, perImage: 12, frame: "ours", circular: true, flip: true },
    {},
  );
  return records;
}

const META_KEYS = [
  "id",
  "question_id",
  "variant",
  "category",
  "answer",
  "answer_text",
  "frame",
  "intrinsics_source",
  "models",
  "orientation_confidences",
];

Deno.test("every format round-trips through JSON and carries the metadata", async () => {
  const rs = await records();
  for (const format of FORMATS) {
    for (const r of rs) {
      const line = JSON.stringify(convertRecord(r, format, { tools, imageRoot: "/data" }));
      const parsed = JSON.parse(line);
      const meta = format === "sr-cot" ? parsed : parsed.meta;
      for (const k of META_KEYS) assert.ok(k in meta, `${format}: no ${k}`);
      assert.equal(meta.question_id, r.question_id);
      assert.ok(Array.isArray(meta.orientation_confidences));
    }
  }
});

Deno.test("llava: human with <image> and the prompt, gpt with the SR-CoT, image under the root", async () => {
  const [r] = await records();
  const l = convertRecord(r, "llava", { tools, imageRoot: "/data" }) as LlavaRecord;
  assert.equal(l.image, "photos/street.jpg");
  assert.deepEqual(l.conversations.map((c) => c.from), ["human", "gpt"]);
  assert.ok(l.conversations[0].value.startsWith("<image>\n"));
  assert.ok(l.conversations[0].value.includes(r.question));
  assert.ok(checkFormat(l.conversations[1].value));
  // Without a root the record's own relative path stays.
  assert.equal((convertRecord(r, "llava", { tools }) as LlavaRecord).image, "photos/street.jpg");
});

Deno.test("messages: system states the frame, user has an image part, assistant the SR-CoT", async () => {
  const [r] = await records();
  const m = convertRecord(r, "messages", { tools }) as MessagesRecord;
  assert.deepEqual(m.messages.map((x) => x.role), ["system", "user", "assistant"]);
  const text = (i: number) => m.messages[i].content.map((p) => "text" in p ? p.text : "").join("");
  assert.match(text(0), /\+x right, \+y forward/);
  assert.equal(m.messages[1].content[0].type, "image");
  assert.equal(text(1), r.prompt);
  assert.deepEqual(m.images, ["photos/street.jpg"]);
  assert.equal(text(2), r.cot);
  // One column type in every row: content is always a list of parts.
  for (const msg of m.messages) assert.ok(Array.isArray(msg.content));
});

Deno.test("llamafactory: alternating function_call/observation turns from the trace's tool events", async () => {
  for (const r of await records()) {
    const lf = toLlamaFactory(r, tools);
    const roles = lf.conversations.map((c) => c.from);
    assert.equal(roles[0], "human");
    assert.equal(roles.at(-1), "gpt");
    const middle = roles.slice(1, -1);
    assert.ok(middle.length >= 2, "no tool calls");
    middle.forEach((role, i) => assert.equal(role, i % 2 ? "observation" : "function_call"));
    const calls = lf.conversations.filter((c) => c.from === "function_call").map((c) =>
      JSON.parse(c.value)
    );
    const events = r.trace.events.filter((e) =>
      e.type === "computation" || e.type === "perception"
    );
    assert.deepEqual(calls.map((c) => c.name), events.map((e) => "tool" in e && e.tool));
    const names = (JSON.parse(lf.tools) as { name: string }[]).map((t) => t.name);
    for (const c of calls) assert.ok(names.includes(c.name));
    (lf as LlamaFactoryRecord).conversations.filter((c) => c.from === "observation")
      .forEach((c) => JSON.parse(c.value));
  }
});

Deno.test("llamafactory refuses records in SpatialReasoner's frame", async () => {
  const [r] = await records();
  assert.throws(() => toLlamaFactory({ ...r, frame: "spatialreasoner" }, tools), /our frame/);
});

Deno.test("export re-renders a record in another frame and reads plain traces", async () => {
  const [r] = await records();
  const sr = recordFromInput(r, { frame: "spatialreasoner" })!;
  assert.equal(sr.frame, "spatialreasoner");
  assert.equal(sr.answer, r.answer);
  assert.notEqual(sr.cot, r.cot);
  const fromTrace = recordFromInput(r.trace, { frame: "ours" })!;
  assert.equal(fromTrace.category, "unknown");
  assert.equal(fromTrace.source, "trace");
  assert.equal(fromTrace.answer, r.answer);
  assert.ok(checkFormat(fromTrace.cot));
  const unanswered = { ...r.trace, answer: { text: "Cannot answer", value: null } };
  assert.equal(recordFromInput(unanswered, { frame: "ours" }), null);
});

Deno.test("llamafactory: every object id a tool call uses is introduced before it", async () => {
  for (const r of await records()) {
    const lf = toLlamaFactory(r, tools);
    let seen = "";
    for (const turn of lf.conversations) {
      if (turn.from === "function_call") {
        const ids = turn.value.match(/\b[a-z]+(?:_[a-z]+)*_\d+\b/g) ?? [];
        for (const id of ids) assert.ok(seen.includes(id), `${r.id}: ${id} used before introduced`);
      }
      seen += turn.value;
    }
    assert.match(lf.conversations[0].value, /Perception is already done \(scene file\)/);
  }
});

/** A message of a chat request, in Ollama's form or on the OpenAI wire. */
type WireMessage = {
  role: string;
  content: unknown;
  tool_calls?: { function: { name: string; arguments: unknown } }[];
};

/**
 * The loop's messages (either API's form) as LLaMA-Factory turns: `image` prefixes the first user
 * turn; a reply's calls are one function_call (a list when several) and their results one
 * observation, as LLaMA-Factory joins them. A reply with calls carries no text besides them.
 */
function asTurns(sent: WireMessage[], image: boolean) {
  const turns: { from: string; value: string }[] = [];
  let first = true;
  for (const m of sent.slice(1)) {
    const last = turns.at(-1);
    if (m.role === "tool" && last?.from === "observation") {
      last.value += OBSERVATION_SEPARATOR + m.content;
    } else if (m.role === "tool") turns.push({ from: "observation", value: String(m.content) });
    else if (m.role === "user") {
      turns.push({ from: "human", value: `${image && first ? "<image>" : ""}${m.content}` });
      first = false;
    } else if (m.tool_calls?.length) {
      assert.ok(!m.content, "a reply with calls goes back as its calls alone");
      const calls = m.tool_calls.map(({ function: f }) => ({
        name: f.name,
        arguments: typeof f.arguments === "string" ? JSON.parse(f.arguments) : f.arguments,
      }));
      turns.push({
        from: "function_call",
        value: JSON.stringify(calls.length === 1 ? calls[0] : calls),
      });
    } else turns.push({ from: "gpt", value: String(m.content) });
  }
  return turns;
}

/** The last request's messages, in either API's form. */
const lastSent = (requests: unknown[]) => (requests.at(-1) as { messages: WireMessage[] }).messages;

for (const api of ["ollama", "openai"] as const) {
  Deno.test(`llamafactory (${api}): an LLM trace with repairs, failed and cached calls and a last call replays byte for byte`, async () => {
    const { trace, requests, outcome } = await messyLlmTrace(api);
    assert.equal(outcome.status, "answered");
    const r = recordFromInput(trace, { frame: "ours" })!;
    const lf = toLlamaFactory(r, tools);
    const sent = lastSent(requests);
    assert.equal(sent[0].content, lf.system);
    assert.deepEqual(asTurns(sent, false), lf.conversations.slice(0, -1));
    // The session holds every kind of hint, so the comparison covers them.
    const observed = lf.conversations.filter((c) => c.from === "observation").map((c) =>
      JSON.parse(c.value)
    );
    assert.ok(observed.some((o) => o.parameters_schema && o.expected), "schema and expected");
    assert.ok(observed.some((o) => o.cached && !o.ok), "cached failure");
    assert.ok(observed.some((o) => o.cached && o.ok), "cached success");
    assert.ok(observed.some((o) => /unknown tool|no tool/i.test(String(o.error))), "unknown tool");
    assert.ok(observed.at(-1).final_call, "the last call's request");
    assert.match(
      lf.conversations[1].value,
      /"object_ids":"dog_1"/,
      "the call as the model wrote it",
    );
    assert.match(lf.conversations[0].value, /Perception is already done \(scene file\)/);
    // And the stored sr-cot row exports the same record.
    const row = JSON.parse(JSON.stringify(convertRecord(r, "sr-cot", { tools })));
    assert.deepEqual(toLlamaFactory(recordFromInput(row, { frame: "ours" })!, tools), lf);
  });

  Deno.test(`llamafactory (${api}): prose, a reminder, two calls in one reply and a last request replay byte for byte`, async () => {
    const { trace, requests, outcome } = await talkyLlmTrace(api);
    assert.equal(outcome.status, "answered");
    const r = recordFromInput(trace, { frame: "ours" })!;
    const lf = toLlamaFactory(r, tools);
    const sent = lastSent(requests);
    assert.equal(sent[0].content, lf.system);
    assert.deepEqual(asTurns(sent, false), lf.conversations.slice(0, -1));
    // Every request the loop made is a prefix of the record (the model saw each turn in it).
    for (const req of requests.slice(0, -1)) {
      const turns = asTurns((req as { messages: WireMessage[] }).messages, false);
      assert.deepEqual(turns, lf.conversations.slice(0, turns.length));
    }
    const from = lf.conversations.map((c) => c.from);
    assert.deepEqual(from, [
      "human",
      "function_call",
      "observation",
      "gpt",
      "human",
      "function_call",
      "observation",
      "gpt",
      "human",
      "gpt",
    ]);
    assert.equal(lf.conversations[3].value, "The dog is at about 6.5 m and the bicycle at 7.1 m.");
    assert.equal(lf.conversations[4].value, NUDGE_NO_ANSWER);
    assert.equal(JSON.parse(lf.conversations[5].value).length, 2, "two calls, one turn");
    assert.equal(lf.conversations[6].value.split(OBSERVATION_SEPARATOR).length, 2);
    assert.equal(lf.conversations[8].value, FINAL_CALL_NOTE);
    // The prose beside calls stays in the trace.
    assert.ok(
      trace.events.some((e) => e.type === "reasoning" && /both objects in 3D/.test(e.text)),
    );
    const row = JSON.parse(JSON.stringify(convertRecord(r, "sr-cot", { tools })));
    assert.deepEqual(toLlamaFactory(recordFromInput(row, { frame: "ours" })!, tools), lf);
  });
}

Deno.test("llamafactory: the record is byte for byte what the agent loop sends", async () => {
  const [r] = (await records()).filter((x) => x.options?.length);
  const lf = toLlamaFactory(r, tools);
  const calls = lf.conversations.filter((c) => c.from === "function_call").map((c) =>
    JSON.parse(c.value)
  );
  // The loop, on the same scene, is fed the record's tool calls and then its SR-CoT reply.
  const fake = startFakeOllama({
    chat: [
      ...calls.map((c) => ({
        message: { content: "", tool_calls: [{ function: c }] },
      })),
      { message: { content: r.cot } },
    ],
  });
  try {
    const ws = sceneWorkspace(SCENE);
    const facts = { ...workspaceFacts(ws), image: { width: 1280, height: 720 } };
    const trace = newTrace({ question: r.question, intrinsics: ws.camera, planner: "llm" });
    const out = await runLlmLoop(
      { question: r.question, options: r.options, context: perceptionContext(facts) },
      {
        client: createChatClient({ url: fake.url }),
        model: "qwen3-vl:8b",
        registry: defaultRegistry(),
        ctx: { workspace: ws },
        trace,
      },
    );
    assert.equal(out.status, "answered");
    const sent = lastSent(fake.requests);
    // The same conversation, in LLaMA-Factory's roles.
    assert.equal(sent[0].content, lf.system);
    assert.deepEqual(asTurns(sent, true), lf.conversations.slice(0, -1));
    assert.equal(lf.conversations.at(-1)!.value, r.cot);
  } finally {
    await fake.close();
  }
});
