import assert from "node:assert/strict";
import { InputError } from "../core/errors.ts";
import { chatQuestion, plannerOfModel } from "./chat.ts";
import { HttpError } from "./errors.ts";
import { DEFAULT_LIMITS } from "./limits.ts";

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
