import assert from "node:assert/strict";
import type { Message } from "ollama";
import { runOn, startFake } from "../tests/fake_llm.ts";
import { startFakeOpenAi } from "../tests/fake_openai.ts";
import { probeLlm } from "./llm_backend.ts";
import { resolveOpenAiUrl, toOpenAiMessages } from "./openai_chat.ts";

const MODEL = "qwen3-vl:8b";

const call = (name: string, args: unknown): Partial<Message> => ({
  content: "",
  tool_calls: [{ function: { name, arguments: args as Record<string, unknown> } }],
});

for (const api of ["ollama", "openai"] as const) {
  for (const stream of [false, true]) {
    const label = `${api}${stream ? " streamed" : ""}`;
    Deno.test(`backend ${label}: tool call, thinking kept out of the answer, answer`, async () => {
      const { fake, server } = startFake(api, [
        {
          message: {
            ...call("compare_vectors", { a: "dog_1", b: "bicycle_1" }),
            thinking: "I need the distance first.",
          },
        },
        { message: { content: "It is 2.59 m away.<answer>dog</answer>", thinking: "Done." } },
      ], stream);
      try {
        const { outcome, trace } = await runOn(server, {
          question: "Which is closer?",
          options: ["dog", "bicycle"],
          image: new Uint8Array([0xff, 0xd8, 1, 2, 0xff, 0xd9]),
        });
        assert.equal(outcome.status, "answered");
        assert.equal(outcome.value, "dog");
        const think = trace.events.filter((e) => e.type === "reasoning" && e.source === "think");
        assert.deepEqual(think.map((e) => e.type === "reasoning" && e.text), [
          "I need the distance first.",
          "Done.",
        ]);
        const tool = trace.events.find((e) => e.type === "computation");
        assert.ok(tool && tool.type === "computation" && tool.ok, JSON.stringify(tool));
        assert.equal(fake.requests.length, 2);
        if (api === "openai") {
          const second = fake.requests[1] as { messages: Record<string, unknown>[] };
          const assistant = second.messages.find((m) => m.role === "assistant")!;
          const toolMsg = second.messages.find((m) => m.role === "tool")!;
          const id = (assistant.tool_calls as { id: string }[])[0].id;
          assert.equal(toolMsg.tool_call_id, id);
          const user = second.messages.find((m) => m.role === "user")!;
          const parts = user.content as { type: string; image_url?: { url: string } }[];
          assert.match(parts[1].image_url!.url, /^data:image\/jpeg;base64,/);
          assert.equal((fake.requests[0] as { stream: boolean }).stream, stream);
        }
      } finally {
        await fake.close();
      }
    });
  }
}

Deno.test("openai backend: the key comes from LLM_API_KEY, goes in the header, never in the trace", async () => {
  const key = "sk-test-secret-123";
  const fake = startFakeOpenAi({
    apiKey: key,
    chat: [{ message: { content: "<answer>yes</answer>" } }],
  });
  const before = Deno.env.get("LLM_API_KEY");
  try {
    Deno.env.set("LLM_API_KEY", key);
    const { outcome, trace } = await runOn({ api: "openai", url: fake.url });
    assert.equal(outcome.value, true);
    assert.equal(fake.authorizations[0], `Bearer ${key}`);
    assert.ok(!JSON.stringify(trace).includes(key));
    Deno.env.delete("LLM_API_KEY");
    const probe = await probeLlm({ api: "openai", url: fake.url }, MODEL);
    assert.ok(!probe.ok && /LLM_API_KEY/.test(probe.error.message), JSON.stringify(probe));
  } finally {
    if (before === undefined) Deno.env.delete("LLM_API_KEY");
    else Deno.env.set("LLM_API_KEY", before);
    await fake.close();
  }
});

Deno.test("openai backend: probe lists models; an unknown model names the served ones", async () => {
  const fake = startFakeOpenAi({ models: ["Qwen/Qwen3-VL-8B-Instruct"] });
  try {
    assert.deepEqual(
      await probeLlm({ api: "openai", url: fake.url }, "Qwen/Qwen3-VL-8B-Instruct"),
      { ok: true },
    );
    const missing = await probeLlm({ api: "openai", url: fake.url }, MODEL);
    assert.ok(!missing.ok);
    assert.match(missing.error.message, /not served .*Qwen\/Qwen3-VL-8B-Instruct/);
  } finally {
    await fake.close();
  }
});

Deno.test("openai backend: a server that is down is named, with what to start", async () => {
  const probe = await probeLlm({ api: "openai", url: "http://127.0.0.1:9/v1" }, MODEL, 1000);
  assert.ok(!probe.ok);
  assert.match(
    probe.error.message,
    /cannot reach an OpenAI-compatible server at http:\/\/127\.0\.0\.1:9\/v1/,
  );
});

Deno.test("resolveOpenAiUrl: default, bare host, pasted endpoint, credentials dropped", () => {
  assert.equal(resolveOpenAiUrl(), "http://127.0.0.1:8000/v1");
  assert.equal(resolveOpenAiUrl("localhost:1234/v1/"), "http://localhost:1234/v1");
  assert.equal(
    resolveOpenAiUrl("http://u:p@h:8080/v1/chat/completions"),
    "http://h:8080/v1",
  );
});

Deno.test("toOpenAiMessages: tool messages answer the calls in order; PNG images are typed", () => {
  const out = toOpenAiMessages([
    { role: "user", content: "q", images: [new Uint8Array([0x89, 0x50, 0x4e, 0x47])] },
    {
      role: "assistant",
      content: "",
      tool_calls: [
        { function: { name: "a", arguments: { x: 1 } } },
        { function: { name: "b", arguments: {} } },
      ],
    },
    { role: "tool", content: "1", tool_name: "a" },
    { role: "tool", content: "2", tool_name: "b" },
  ]);
  assert.match(JSON.stringify(out[0]), /data:image\/png;base64/);
  const ids = (out[1] as { tool_calls: { id: string; function: { arguments: string } }[] })
    .tool_calls;
  assert.equal(ids[0].function.arguments, '{"x":1}');
  assert.deepEqual(out.slice(2).map((m) => (m as { tool_call_id: string }).tool_call_id), [
    ids[0].id,
    ids[1].id,
  ]);
});
