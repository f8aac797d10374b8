import assert from "node:assert/strict";
import { InputError } from "../core/errors.ts";
import { chatQuestion, plannerOfModel } from "./chat.ts";
import { HttpError } from "./errors.ts";
import { DEFAULT_LIMITS } from "./limits.ts";
import { createApp } from "./app.ts";
import { fakeAsk, testDeps, tinyPng } from "./test_util.ts";

const IMG = { data: "aGVsbG8=", field: "messages[0].images[0]" };

Deno.test("chat model names select the planner; others are 404", () => {
  assert.equal(plannerOfModel("spatial-reasoner"), "auto");
  assert.equal(plannerOfModel("spatial-reasoner:latest"), "auto");
  assert.equal(plannerOfModel("spatial-reasoner:rules"), "rules");
  assert.equal(plannerOfModel("spatial-reasoner:llm"), "llm");
  assert.throws(() => plannerOfModel("gpt-4o"), (e: HttpError) => e.status === 404);
});

Deno.test("chatQuestion: last user text is the question, latest image, earlier turns as context", () => {
  const q = chatQuestion([
    { role: "system", text: "be brief", images: [] },
    { role: "user", text: "Which is closer?", images: [IMG] },
    { role: "assistant", text: "The dog.", images: [] },
    { role: "user", text: "  How far is it?  ", images: [] },
  ], DEFAULT_LIMITS);
  assert.equal(q.question, "How far is it?");
  assert.deepEqual(q.image, { bytes: new TextEncoder().encode("hello") });
  assert.deepEqual(q.history, [
    { role: "user", content: "Which is closer?" },
    { role: "assistant", content: "The dog." },
  ]);
});

Deno.test("chatQuestion: missing question, image or user turn name the field", () => {
  const fail = (turns: Parameters<typeof chatQuestion>[0], field: string, reason: RegExp) =>
    assert.throws(() => chatQuestion(turns, DEFAULT_LIMITS), (e: InputError) => {
      assert.equal(e.field, field);
      assert.match(e.reason, reason);
      return true;
    });
  fail([], "messages", /no messages/);
  fail([{ role: "assistant", text: "hi", images: [] }], "messages[0].role", /not the user/);
  fail([{ role: "user", text: "where?", images: [] }], "messages[0].images", /no image/);
  fail([{ role: "user", text: " ", images: [IMG] }], "messages[0].content", /empty/);
});

Deno.test("one turn limit for every API: a chat turn over 8000 characters names its message", async () => {
  const long = "x".repeat(DEFAULT_LIMITS.maxTurnChars + 1);
  assert.throws(
    () =>
      chatQuestion([
        { role: "user", text: long, images: [IMG] },
        { role: "assistant", text: "ok", images: [] },
        { role: "user", text: "And now?", images: [] },
      ], DEFAULT_LIMITS),
    (e: InputError) =>
      e instanceof InputError && e.field === "messages[0].content" &&
      /8001 characters, more than the limit of 8000/.test(e.reason),
  );
  // The same limit on /api/ask's history, and the last 20 turns kept on both.
  const res = await createApp(testDeps(fakeAsk().ask)).request("/api/ask", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      question: "q?",
      image: `data:image/png;base64,${(await tinyPng()).toBase64()}`,
      history: [{ role: "user", content: long }],
    }),
  });
  assert.equal(res.status, 400);
  assert.match((await res.json()).error.message, /history\[0\]\.content: is 8001 characters/);
  const turns = Array.from({ length: 30 }, (_, i) => ({
    role: i % 2 ? "assistant" : "user",
    text: `turn ${i}`,
    images: i === 0 ? [IMG] : [],
  }));
  const q = chatQuestion([...turns, { role: "user", text: "last?", images: [] }], DEFAULT_LIMITS);
  assert.equal(q.history?.length, DEFAULT_LIMITS.maxHistoryTurns);
  assert.equal(q.history?.[0].content, "turn 10");
});
