import assert from "node:assert/strict";
import { Ollama } from "ollama";
import OpenAI from "openai";
import { createApp } from "./app.ts";
import type { AppDeps } from "./deps.ts";
import { listen } from "./listen.ts";
import { FAKE_EVENTS, fakeAsk, type FakeAskOptions, testDeps, tinyPng } from "./test_util.ts";
import { readEvents } from "../web/sse.js";

const ANSWER = (FAKE_EVENTS.at(-1) as { answer: string }).answer;

async function withServer(
  fakeOpts: FakeAskOptions,
  over: Partial<AppDeps>,
  body: (url: string, fake: ReturnType<typeof fakeAsk>) => Promise<void>,
) {
  const fake = fakeAsk(fakeOpts);
  const server = listen(createApp(testDeps(fake.ask, over)), { hostname: "127.0.0.1", port: 0 });
  try {
    await body(server.url, fake);
  } finally {
    await server.shutdown();
  }
}

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 3000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test("over HTTP: events arrive as they happen, not all at the end", async () => {
  await withServer({ stepMs: 60 }, {}, async (url) => {
    const form = new FormData();
    form.append("image", new Blob([(await tinyPng()).slice()], { type: "image/png" }), "a.png");
    form.append("question", "Which is closer?");
    const start = performance.now();
    const res = await fetch(`${url}/api/ask`, { method: "POST", body: form });
    assert.equal(res.status, 200);
    const seen: { event: string; at: number }[] = [];
    await readEvents(res.body!, ({ event }) => seen.push({ event, at: performance.now() - start }));
    assert.deepEqual(seen.map((s) => s.event), [
      "perception",
      "computation",
      "reasoning",
      "answer",
    ]);
    // Four pauses of 60 ms: the first event must arrive well before the last.
    assert.ok(seen[3].at - seen[0].at >= 120, `spread ${seen[3].at - seen[0].at} ms`);
  });
});

Deno.test("over HTTP: a client that disconnects mid-stream aborts the question", async () => {
  let open!: () => void;
  const hold = new Promise<void>((r) => open = r);
  await withServer({ hold }, { limits: { concurrency: 1 } }, async (url, fake) => {
    const client = new AbortController();
    const res = await fetch(`${url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        question: "q?",
        image: `data:image/png;base64,${(await tinyPng()).toBase64()}`,
      }),
      signal: client.signal,
    });
    assert.equal(res.status, 200);
    await until(() => fake.calls.length === 1, "the question to start");
    client.abort();
    await until(() => fake.calls[0].opts?.signal?.aborted === true, "the abort to reach ask");
    await until(
      async () => (await (await fetch(`${url}/healthz`)).json()).questions.active === 0,
      "the slot to free",
    );
    open();
  });
});

Deno.test("the real ollama npm client talks to /api/chat, streaming and not", async () => {
  await withServer({}, { token: "token-for-ollama" }, async (url, fake) => {
    const png = await tinyPng();
    const ollama = new Ollama({ host: url, headers: { Authorization: "Bearer token-for-ollama" } });
    const once = await ollama.chat({
      model: "spatial-reasoner:rules",
      messages: [{ role: "user", content: "Which is closer, the dog or the bike?", images: [png] }],
      stream: false,
    });
    assert.equal(once.message.content, ANSWER);
    assert.match(once.message.thinking ?? "", /detect/);
    assert.equal(once.done, true);
    assert.equal(fake.calls[0].req.planner, "rules");

    const parts = [];
    for await (
      const part of await ollama.chat({
        model: "spatial-reasoner",
        messages: [
          { role: "user", content: "Which is closer, the dog or the bike?", images: [png] },
          { role: "assistant", content: ANSWER },
          { role: "user", content: "How far apart are they?" },
        ],
        stream: true,
      })
    ) parts.push(part);
    assert.ok(parts.length >= 4, `${parts.length} parts`);
    assert.equal(parts.map((p) => p.message.content).join(""), ANSWER);
    assert.match(parts.map((p) => p.message.thinking ?? "").join(""), /back_project/);
    assert.equal(parts.at(-1)?.done, true);
    assert.equal(parts.at(-1)?.done_reason, "stop");
    // Follow-up: the image came from the first turn, earlier turns are context.
    const followUp = fake.calls[1].req;
    assert.equal(followUp.question, "How far apart are they?");
    assert.equal(followUp.image, fake.calls[0].req.image);
    assert.deepEqual(followUp.history?.map((h) => h.role), ["user", "assistant"]);
    assert.equal(followUp.planner, "auto");

    await assert.rejects(
      ollama.chat({ model: "llama3", messages: [{ role: "user", content: "hi", images: [png] }] }),
      (e: Error & { status_code?: number }) =>
        e.status_code === 404 && /model "llama3" not found/.test(e.message),
    );
    await assert.rejects(
      ollama.chat({ model: "spatial-reasoner", messages: [{ role: "user", content: "no image" }] }),
      (e: Error & { status_code?: number }) =>
        e.status_code === 400 && /no image in the conversation/.test(e.message),
    );
    const anonymous = new Ollama({ host: url });
    await assert.rejects(
      anonymous.chat({ model: "spatial-reasoner", messages: [] }),
      (e: Error & { status_code?: number }) =>
        e.status_code === 401 && /bearer token/.test(e.message),
    );
    const tags = await ollama.list();
    assert.ok(tags.models.some((m) => m.name === "spatial-reasoner:rules"));
  });
});

Deno.test("the real openai npm client talks to /v1/chat/completions, streaming and not", async () => {
  await withServer({}, { token: "token-for-openai" }, async (url, fake) => {
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: "token-for-openai", maxRetries: 0 });
    const dataUrl = `data:image/png;base64,${(await tinyPng()).toBase64()}`;
    const content = [
      { type: "text" as const, text: "Which is closer, the dog or the bike?" },
      { type: "image_url" as const, image_url: { url: dataUrl } },
    ];
    const once = await client.chat.completions.create({
      model: "spatial-reasoner:rules",
      messages: [{ role: "system", content: "be brief" }, { role: "user", content }],
    });
    assert.equal(once.object, "chat.completion");
    assert.equal(once.choices[0].message.content, ANSWER);
    assert.equal(once.choices[0].finish_reason, "stop");
    assert.equal(fake.calls[0].req.question, "Which is closer, the dog or the bike?");

    const stream = await client.chat.completions.create({
      model: "spatial-reasoner",
      messages: [{ role: "user", content }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let reasoning = "";
    let finish: string | null = null;
    let sawUsage = false;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) {
        sawUsage = chunk.usage !== undefined;
        continue;
      }
      text += choice.delta.content ?? "";
      reasoning += (choice.delta as { reasoning_content?: string }).reasoning_content ?? "";
      finish = choice.finish_reason ?? finish;
    }
    assert.equal(text, ANSWER);
    assert.match(reasoning, /detect[\s\S]*back_project/);
    assert.equal(finish, "stop");
    assert.ok(sawUsage);

    await assert.rejects(
      client.chat.completions.create({
        model: "spatial-reasoner",
        messages: [{
          role: "user",
          content: [{ type: "text", text: "q?" }, {
            type: "image_url",
            image_url: { url: "http://169.254.169.254/latest" },
          }],
        }],
      }),
      (e: Error & { status?: number }) => e.status === 400 && /not fetched/.test(e.message),
    );
    const bad = new OpenAI({ baseURL: `${url}/v1`, apiKey: "wrong-token", maxRetries: 0 });
    await assert.rejects(
      bad.models.list(),
      (e: Error & { status?: number }) => e.status === 401,
    );
    const models = await client.models.list();
    assert.deepEqual(models.data.map((m) => m.id), [
      "spatial-reasoner",
      "spatial-reasoner:rules",
      "spatial-reasoner:llm",
    ]);
  });
});

Deno.test("over HTTP: a client that gives up while queued leaves the queue", async () => {
  let open!: () => void;
  const hold = new Promise<void>((r) => open = r);
  await withServer({ hold }, { limits: { concurrency: 1, queue: 2 } }, async (url, fake) => {
    const body = JSON.stringify({
      question: "q?",
      image: `data:image/png;base64,${(await tinyPng()).toBase64()}`,
    });
    const init = { method: "POST", headers: { "content-type": "application/json" }, body };
    const first = fetch(`${url}/api/ask`, init);
    await until(() => fake.calls.length === 1, "the first question to start");
    const client = new AbortController();
    const second = fetch(`${url}/api/ask`, { ...init, signal: client.signal });
    const stats = async () => (await (await fetch(`${url}/healthz`)).json()).questions;
    await until(async () => (await stats()).queued === 1, "the second question to queue");
    client.abort();
    await assert.rejects(second);
    await until(async () => (await stats()).queued === 0, "the queue to empty");
    open();
    const res = await first;
    await res.body?.cancel();
    assert.equal(fake.calls.length, 1);
  });
});
