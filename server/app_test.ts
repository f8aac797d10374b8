import assert from "node:assert/strict";
import { createApp } from "./app.ts";
import { fakeAsk, readSse, testDeps, tinyPng } from "./test_util.ts";
import type { AppDeps } from "./deps.ts";
import { INTERNAL_ERROR_MESSAGE } from "./errors.ts";
import { MAX_DEADLINE_S } from "../cli/args.ts";

function form(fields: Record<string, string | Uint8Array>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === "string") f.append(k, v);
    else f.append(k, new Blob([v.slice()], { type: "image/png" }), "upload.png");
  }
  return f;
}

async function ask(
  app: ReturnType<typeof createApp>,
  body: FormData | object,
  init: RequestInit = {},
) {
  return await app.request("/api/ask", {
    method: "POST",
    body: body instanceof FormData ? body : JSON.stringify(body),
    ...(body instanceof FormData ? {} : { headers: { "content-type": "application/json" } }),
    ...init,
  });
}

async function errorOf(res: Response) {
  const body = await res.json();
  assert.equal(typeof body.error.message, "string");
  assert.doesNotMatch(JSON.stringify(body), /\bat .*\.ts:\d+/, "no stack trace");
  return body.error as { message: string; field?: string; hint?: string };
}

Deno.test("POST /api/ask streams perception, computation, reasoning, answer in order", async () => {
  const fake = fakeAsk();
  const app = createApp(testDeps(fake.ask));
  const png = await tinyPng();
  const res = await ask(
    app,
    form({ image: png, question: "Which is closer, the dog or the bike?" }),
  );
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  const events = await readSse(res);
  assert.deepEqual(events.map((e) => e.event), [
    "perception",
    "computation",
    "reasoning",
    "answer",
  ]);
  const data = events.map((e) => JSON.parse(e.data));
  assert.deepEqual(data.slice(0, 3).map((d) => d.step), [1, 2, 3]);
  // Each event carries the view so far: boxes after detect, 3D centres after back_project.
  assert.deepEqual(data[0].view.objects.map((o: { id: string }) => o.id), ["dog_1", "bicycle_1"]);
  assert.equal(data[0].view.objects[0].center, undefined);
  assert.deepEqual(data[1].view.objects[0].center, [-0.9, 3.1, -0.5]);
  // Tool events carry their one-line summary for the page; reasoning does not need one.
  assert.equal(data[0].summary, "2 found: dog_1 (dog 0.90), bicycle_1 (bicycle 0.80)");
  assert.equal(
    data[1].summary,
    "dog_1 at (-0.90, 3.10, -0.50), 3.27 m away · bicycle_1 at (0.20, 4.00, -0.30), 4.02 m away",
  );
  assert.equal(data[2].summary, undefined);
  const answer = data[3];
  assert.equal(answer.answer, "The dog is closer to the camera.");
  assert.equal(answer.value, "dog");
  assert.equal(answer.status, "answered");
  assert.deepEqual(answer.view.used.sort(), ["bicycle_1", "dog_1"]);
  assert.equal(answer.image.width, 64);
  assert.match(answer.image.sha256, /^[0-9a-f]{64}$/);
  assert.ok(answer.camera.hfov_deg > 59.9 && answer.camera.hfov_deg < 60.1);
  assert.equal(fake.calls[0].req.question, "Which is closer, the dog or the bike?");
  assert.equal(fake.calls[0].req.image?.width, 64);

  const trace = await (await app.request(`/api/traces/${answer.trace_id}`)).json();
  assert.equal(trace.id, answer.trace_id);
  assert.equal(trace.events.length, 4);
  const exported = await app.request(`/api/traces/${answer.trace_id}/export?format=json`);
  assert.equal(exported.status, 200);
  assert.match(exported.headers.get("content-disposition") ?? "", /attachment; filename="trace-/);
  assert.equal((await exported.json()).id, answer.trace_id);
});

Deno.test("POST /api/ask takes JSON with a data URL, options, planner; follow-ups by image_id", async () => {
  const fake = fakeAsk();
  const app = createApp(testDeps(fake.ask));
  const png = await tinyPng();
  const res = await ask(app, {
    question: "Is the dog left of the bike?",
    image: `data:image/png;base64,${png.toBase64()}`,
    options: "yes; no",
    planner: "rules",
  });
  assert.equal(res.status, 200);
  const answer = JSON.parse((await readSse(res)).at(-1)!.data);
  assert.deepEqual(fake.calls[0].req.options, ["yes", "no"]);
  assert.equal(fake.calls[0].req.planner, "rules");

  const again = await ask(app, {
    question: "How far is the dog?",
    image_id: answer.image.sha256,
    history: [{ role: "user", content: "Is the dog left of the bike?" }, {
      role: "assistant",
      content: answer.answer,
    }],
  });
  assert.equal(again.status, 200);
  await again.body?.cancel();
  // The same decoded image object: perception caches keyed on it (and its sha256) are hit.
  assert.equal(fake.calls[1].req.image, fake.calls[0].req.image);
  assert.equal(fake.calls[1].req.history?.length, 2);

  const gone = await ask(app, { question: "Where?", image_id: "0".repeat(64) });
  assert.equal(gone.status, 404);
  assert.equal((await errorOf(gone)).field, "image_id");
});

Deno.test("bad uploads: each gets its status code and a message naming the field", async () => {
  const app = createApp(testDeps(fakeAsk().ask, { limits: { maxBodyBytes: 50_000 } }));
  const png = await tinyPng();
  const cases: [string, Response, number, RegExp, string?][] = [
    [
      "not an image",
      await ask(
        app,
        form({ image: new TextEncoder().encode("hello, not a picture"), question: "q?" }),
      ),
      422,
      /not a readable image/,
      "image",
    ],
    [
      "too big",
      await ask(app, form({ image: new Uint8Array(60_000), question: "q?" })),
      413,
      /larger than 50000 bytes/,
    ],
    [
      "empty question",
      await ask(app, form({ image: png, question: "   " })),
      400,
      /empty/,
      "question",
    ],
    ["no image", await ask(app, form({ question: "Is it?" })), 400, /no image/, "image"],
    [
      "server path",
      await ask(app, { question: "q?", image_path: "/etc/passwd" }),
      400,
      /unrecognized key/i,
    ],
    ["bad base64", await ask(app, { question: "q?", image: "%%%" }), 400, /base64/, "image"],
    [
      "wrong content type",
      await app.request("/api/ask", {
        method: "POST",
        body: "q",
        headers: { "content-type": "text/plain" },
      }),
      415,
      /unsupported content type/,
    ],
    [
      "bad planner",
      await ask(app, { question: "q?", image_id: "a".repeat(64), planner: "magic" }),
      400,
      /planner/,
      "planner",
    ],
  ];
  for (const [name, res, status, message, field] of cases) {
    assert.equal(res.status, status, name);
    const err = await errorOf(res);
    assert.match(err.message, message, name);
    if (field) assert.equal(err.field, field, name);
  }
});

Deno.test("images over the pixel limit are refused before decoding", async () => {
  const app = createApp(testDeps(fakeAsk().ask, { limits: { maxImagePixels: 1000 } }));
  const res = await ask(app, form({ image: await tinyPng(64, 48), question: "Is it?" }));
  assert.equal(res.status, 422);
  assert.match((await errorOf(res)).message, /3072 pixels, more than the limit of 1000/);
});

Deno.test("bearer token: required on API routes, not on the page or /healthz", async () => {
  const app = createApp(testDeps(fakeAsk().ask, { token: "s3cret" }));
  const none = await app.request("/api/models");
  assert.equal(none.status, 401);
  assert.match(none.headers.get("www-authenticate") ?? "", /Bearer/);
  assert.match((await errorOf(none)).message, /requires a bearer token/);
  const wrong = await app.request("/api/models", { headers: { authorization: "Bearer nope" } });
  assert.equal(wrong.status, 401);
  assert.match((await errorOf(wrong)).message, /wrong token/);
  const v1 = await app.request("/v1/models");
  assert.equal(v1.status, 401);
  const right = await app.request("/api/models", { headers: { authorization: "Bearer s3cret" } });
  assert.equal(right.status, 200);
  assert.equal((await app.request("/healthz")).status, 200);
  assert.equal((await app.request("/")).status, 200);
  // Ollama clients read a string error.
  const chat = await app.request("/api/chat", { method: "POST", body: "{}" });
  assert.equal(chat.status, 401);
  assert.match((await chat.json()).error, /bearer token/);
});

Deno.test("foreign origins and unknown hosts are refused", async () => {
  const app = createApp(testDeps(fakeAsk().ask, { allowedHosts: ["127.0.0.1", "localhost"] }));
  const cross = await app.request("http://127.0.0.1:8787/api/models", {
    headers: { origin: "http://evil.example" },
  });
  assert.equal(cross.status, 403);
  assert.match((await errorOf(cross)).message, /cross-origin/);
  const same = await app.request("http://127.0.0.1:8787/api/models", {
    headers: { origin: "http://127.0.0.1:8787" },
  });
  assert.equal(same.status, 200);
  const rebound = await app.request("http://evil.example:8787/api/models");
  assert.equal(rebound.status, 403);
  assert.match((await errorOf(rebound)).message, /not served here/);
});

function held(deps: Partial<AppDeps> = {}) {
  let open!: () => void;
  const hold = new Promise<void>((r) => open = r);
  const fake = fakeAsk({ hold });
  return { fake, open, app: createApp(testDeps(fake.ask, deps)) };
}

async function stats(app: ReturnType<typeof createApp>) {
  return (await (await app.request("/healthz")).json()).questions;
}

Deno.test("queue full: 503 with Retry-After; queued questions run when a slot frees", async () => {
  const { fake, open, app } = held({ limits: { concurrency: 1, queue: 1, retryAfterSeconds: 7 } });
  const png = await tinyPng();
  const first = ask(app, form({ image: png, question: "one?" }));
  const second = ask(app, form({ image: png, question: "two?" }));
  while ((await stats(app)).queued < 1) await new Promise((r) => setTimeout(r, 5));
  const third = await ask(app, form({ image: png, question: "three?" }));
  assert.equal(third.status, 503);
  assert.equal(third.headers.get("retry-after"), "7");
  assert.match((await errorOf(third)).message, /busy: 1 questions running and 1 waiting/);
  open();
  for (const res of [await first, await second]) {
    assert.equal(res.status, 200);
    assert.equal((await readSse(res)).at(-1)?.event, "answer");
  }
  assert.deepEqual(fake.calls.map((c) => c.req.question), ["one?", "two?"]);
  assert.deepEqual(await stats(app), { active: 0, queued: 0, concurrency: 1, queue: 1 });
});

Deno.test("a client that disconnects aborts its question and frees its slot", async () => {
  const { fake, app } = held({ limits: { concurrency: 1, queue: 0 } });
  const client = new AbortController();
  const res = await ask(app, form({ image: await tinyPng(), question: "q?" }), {
    signal: client.signal,
  });
  assert.equal(res.status, 200);
  while (fake.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
  assert.equal((await stats(app)).active, 1);
  client.abort();
  await res.body?.cancel().catch(() => {});
  while ((await stats(app)).active > 0) await new Promise((r) => setTimeout(r, 5));
  assert.equal(fake.calls[0].opts?.signal?.aborted, true);
});

Deno.test("a question past its deadline ends with an error event", async () => {
  const { fake, app } = held({ limits: { deadlineMs: 30 } });
  const res = await ask(app, form({ image: await tinyPng(), question: "q?" }));
  const events = await readSse(res);
  assert.deepEqual(events.map((e) => e.event), ["error"]);
  const data = JSON.parse(events[0].data);
  assert.match(data.message, /deadline of 0.03 s/);
  assert.equal(data.fatal, true);
  assert.equal(fake.calls[0].opts?.signal?.aborted, true);
  assert.equal(fake.calls[0].opts?.deadlineMs, 30);
  assert.equal((await stats(app)).active, 0);
});

Deno.test("an agent bug becomes a generic error event, never its raw text", async () => {
  const error = console.error;
  const logged: string[] = [];
  console.error = (...a: unknown[]) => logged.push(a.join(" "));
  try {
    for (
      const fail of [
        new TypeError("Cannot read properties of undefined (reading 'group')"),
        new Error("perception exploded"),
      ]
    ) {
      const app = createApp(testDeps(fakeAsk({ fail }).ask));
      const events = await readSse(
        await ask(app, form({ image: await tinyPng(), question: "Is <7> closer?" })),
      );
      assert.deepEqual(events.map((e) => e.event), ["error"]);
      const data = JSON.parse(events[0].data);
      assert.equal(data.message, INTERNAL_ERROR_MESSAGE);
      assert.doesNotMatch(events[0].data, /Cannot read|exploded|TypeError/);
      // The chat APIs answer the same way.
      const chat = await app.request("/v1/chat/completions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "spatial-reasoner",
          stream: false,
          messages: [{
            role: "user",
            content: [
              { type: "text", text: "Is <7> closer?" },
              {
                type: "image_url",
                image_url: { url: `data:image/png;base64,${(await tinyPng()).toBase64()}` },
              },
            ],
          }],
        }),
      });
      assert.doesNotMatch(await chat.text(), /Cannot read|exploded|TypeError/);
    }
  } finally {
    console.error = error;
  }
  assert.ok(logged.some((l) => /reading 'group'/.test(l)), "the real error is logged");
});

Deno.test("traces: unknown id 404, export format checked", async () => {
  const app = createApp(testDeps(fakeAsk().ask));
  const missing = await app.request("/api/traces/nope");
  assert.equal(missing.status, 404);
  assert.equal((await errorOf(missing)).field, "id");
  const events = await readSse(await ask(app, form({ image: await tinyPng(), question: "q?" })));
  const id = JSON.parse(events.at(-1)!.data).trace_id;
  const noFormat = await app.request(`/api/traces/${id}/export`);
  assert.equal(noFormat.status, 400);
  assert.deepEqual(await errorOf(noFormat), {
    message: "format: missing",
    field: "format",
    hint: "one of: json",
  });
  const badFormat = await app.request(`/api/traces/${id}/export?format=xml`);
  assert.equal(badFormat.status, 400);
  assert.match((await errorOf(badFormat)).message, /unknown format "xml"/);
  const badFrame = await app.request(`/api/traces/${id}/export?format=json&frame=kitti`);
  assert.equal(badFrame.status, 400);
  assert.equal((await errorOf(badFrame)).field, "frame");
});

Deno.test("healthz, models, unknown routes, the page", async () => {
  const app = createApp(testDeps(fakeAsk().ask));
  const health = await (await app.request("/healthz")).json();
  assert.equal(health.ok, true);
  const models = await (await app.request("/api/models")).json();
  assert.equal(models.perception[0].id, "fake-detector");
  assert.equal(models.llm.available, false);
  assert.deepEqual(models.planners, ["auto", "rules", "llm"]);
  assert.deepEqual(models.export_formats, ["json"]);
  const missing = await app.request("/api/nothing");
  assert.equal(missing.status, 404);
  assert.match((await errorOf(missing)).message, /no route GET \/api\/nothing/);
  const page = await app.request("/");
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type") ?? "", /text\/html/);
  assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'self'/);
  assert.match(await page.text(), /<script type="module" src="app.js">/);
  assert.equal((await app.request("/..%2Fdeno.json")).status, 404);
  assert.equal((await app.request("/app_test.ts")).status, 404);
});

Deno.test("the longest deadline the CLI accepts does not overflow the server's timers", async () => {
  const app = createApp(
    testDeps(fakeAsk().ask, { limits: { deadlineMs: MAX_DEADLINE_S * 1000 } }),
  );
  const events = await readSse(await ask(app, form({ image: await tinyPng(), question: "q?" })));
  assert.equal(events.at(-1)?.event, "answer");
});

Deno.test("the server's LLM settings reach ask: protocol, server and streaming", async () => {
  const fake = fakeAsk();
  const llm = {
    host: "http://127.0.0.1:8000/v1",
    model: "m",
    api: "openai" as const,
    stream: true,
  };
  const app = createApp(testDeps(fake.ask, { llm }));
  const png = await tinyPng();
  const res = await ask(app, {
    question: "Which is closer?",
    image: `data:image/png;base64,${png.toBase64()}`,
  });
  await res.body?.cancel();
  const req = fake.calls[0].req;
  assert.deepEqual([req.api, req.host, req.model, req.stream], [
    "openai",
    "http://127.0.0.1:8000/v1",
    "m",
    true,
  ]);
});
