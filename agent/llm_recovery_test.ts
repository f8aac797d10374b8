import assert from "node:assert/strict";
import type { Message } from "ollama";
import type { ScriptedReply } from "../tests/fake_ollama.ts";
import { runOn, startFake } from "../tests/fake_llm.ts";
import { CACHED_FAILURE_NOTE, FINAL_CALL_NOTE } from "../prompts/tool_result.ts";
import type { ToolEvent, Trace } from "./trace.ts";

const call = (name: string, args: unknown): Partial<Message> => ({
  content: "",
  tool_calls: [{ function: { name, arguments: args as Record<string, unknown> } }],
});

const notes = (t: Trace) =>
  t.events.filter((e) => e.type === "reasoning" && e.text.startsWith("(")).map((e) =>
    e.type === "reasoning" ? e.text : ""
  );
const tools = (t: Trace) =>
  t.events.filter((e): e is ToolEvent => e.type === "computation" || e.type === "perception");

/** Tool messages the loop sent back, in either wire format. */
function toolReplies(req: unknown): Record<string, unknown>[] {
  const msgs = (req as { messages: { role: string; content: string }[] }).messages;
  return msgs.filter((m) => m.role === "tool").map((m) => JSON.parse(m.content));
}

interface Case {
  name: string;
  script: ScriptedReply[];
  q?: { question: string; options?: string[] };
  extra?: { maxSteps?: number };
  check(r: Awaited<ReturnType<typeof runOn>>, requests: unknown[]): void;
}

const CASES: Case[] = [
  {
    name: 'prose without tags but a "Final answer:" line',
    q: { question: "Which is closer?", options: ["dog", "bicycle"] },
    script: [{ message: { content: "The dog is at 6.4 m, the bike at 7.1 m.\nFinal answer: A" } }],
    check: ({ outcome, trace }) => {
      assert.equal(outcome.value, "dog");
      assert.ok(notes(trace).some((n) => /"Final answer:" line/.test(n)));
    },
  },
  {
    name: "a final_answer tool call",
    script: [{ message: call("final_answer", { answer: "yes" }) }],
    check: ({ outcome, trace }) => {
      assert.equal(outcome.value, true);
      assert.ok(notes(trace).some((n) => /final_answer tool call/.test(n)));
      assert.equal(tools(trace).length, 0);
    },
  },
  {
    name: '{"answer": …} JSON as the reply',
    script: [{ message: { content: '```json\n{"answer": "bicycle"}\n```' } }],
    q: { question: "Which is farther?", options: ["dog", "bicycle"] },
    check: ({ outcome, trace }) => {
      assert.equal(outcome.value, "bicycle");
      assert.ok(notes(trace).some((n) => /\{"answer": …\} JSON/.test(n)));
    },
  },
  {
    name: "a Hermes <tool_call> written as text",
    script: [
      {
        message: {
          content: '<tool_call>\n{"name": "compare_vectors", "arguments": {"a": "dog_1", ' +
            '"b": "bicycle_1"}}\n</tool_call>',
        },
      },
      { message: { content: "<answer>2.59 m</answer>" } },
    ],
    check: ({ outcome, trace }) => {
      assert.equal(outcome.status, "answered");
      assert.equal(tools(trace)[0].ok, true);
      assert.ok(notes(trace).some((n) => /tool call\(s\) as text/.test(n)));
    },
  },
  {
    name: "a single id where a list is expected, and a numeric string",
    script: [
      { message: call("back_project", { object_ids: "dog_1" }) },
      { message: call("calculate", { expression: "x * 2", variables: { x: "3.5" } }) },
      { message: { content: "<answer>7</answer>" } },
    ],
    check: ({ outcome, trace }, requests) => {
      assert.equal(outcome.value, 7);
      const [bp, calc] = tools(trace);
      assert.equal(bp.ok, true);
      assert.deepEqual(bp.input, { object_ids: ["dog_1"] });
      assert.equal(calc.ok, true);
      assert.equal((calc.output as { value: number }).value, 7);
      const repairs = notes(trace).filter((n) => /repaired/.test(n));
      assert.match(repairs[0], /object_ids: "dog_1" → \["dog_1"\]/);
      assert.match(repairs[1], /variables\.x: "3\.5" → 3\.5/);
      assert.equal(toolReplies(requests[2]).length, 2);
    },
  },
  {
    name: "a JSON-encoded vector",
    script: [
      { message: call("compare_vectors", { a: "[0, 5, 0]", b: "[0, 8, 0]" }) },
      { message: { content: "<answer>3 m</answer>" } },
    ],
    check: ({ trace }) => {
      const [cv] = tools(trace);
      assert.equal(cv.ok, true, String(cv.error));
      assert.deepEqual(cv.input, { a: [0, 5, 0], b: [0, 8, 0] });
      assert.equal((cv.output as { distance: number }).distance, 3);
    },
  },
  {
    name: "a bad union argument, then the same bad call again",
    script: [
      { message: call("change_viewpoint", { observer: 5, targets: ["dog_1"] }) },
      { message: call("change_viewpoint", { observer: 5, targets: ["dog_1"] }) },
      { message: { content: "<answer>unknown</answer>" } },
    ],
    check: ({ trace }, requests) => {
      const first = toolReplies(requests[1])[0];
      assert.equal(first.ok, false);
      assert.match(String((first.expected as string[])[0]), /^observer: .*expected one of \(1\)/);
      assert.ok(first.parameters_schema, "schema sent with the first failure");
      const second = toolReplies(requests[2])[1];
      assert.equal(second.cached, true);
      assert.equal(second.note, CACHED_FAILURE_NOTE);
      assert.equal(second.parameters_schema, undefined, "schema repeated only once");
      assert.equal(tools(trace)[1].cached, true);
    },
  },
  {
    name: "the step limit, then an answer from what is known",
    extra: { maxSteps: 2 },
    script: [
      { message: call("compare_vectors", { a: "dog_1", b: "bicycle_1" }) },
      { message: call("compare_vectors", { a: "dog_1", b: "car_1" }) },
      { message: { content: "From the distances: <answer>dog</answer>" } },
    ],
    check: ({ outcome, trace }, requests) => {
      assert.equal(outcome.answer, "dog");
      assert.ok(notes(trace).some((n) => /^\(final call: the step limit of 2/.test(n)));
      const last = requests[2] as {
        messages: { role: string; content: string }[];
        tools?: unknown;
      };
      // The request rides on the last tool message, so the conversation stays tool → assistant.
      assert.equal(last.messages.at(-1)!.role, "tool");
      assert.equal(JSON.parse(last.messages.at(-1)!.content).final_call, FINAL_CALL_NOTE);
      assert.equal(last.tools, undefined);
    },
  },
  {
    name: "server error mid-run",
    script: [
      { message: call("compare_vectors", { a: "dog_1", b: "bicycle_1" }) },
      { status: 500, error: "CUDA out of memory" },
    ],
    check: ({ outcome }) => {
      assert.equal(outcome.status, "unanswerable");
      assert.match(outcome.answer, /500: CUDA out of memory/);
    },
  },
];

for (const api of ["ollama", "openai"] as const) {
  for (const c of CASES) {
    for (const stream of [false, true]) {
      Deno.test(`recovery (${api}${stream ? ", streamed" : ""}): ${c.name}`, async () => {
        const { fake, server } = startFake(api, c.script, stream);
        try {
          const r = await runOn(server, c.q ?? { question: "Is the dog closer?" }, c.extra);
          assert.ok(
            r.outcome.status === "answered" || /^No answer: ./.test(r.outcome.answer),
            r.outcome.answer,
          );
          c.check(r, fake.requests);
        } finally {
          await fake.close();
        }
      });
    }
  }
}

Deno.test("recovery (openai): arguments that are not JSON go back as a validation error", async () => {
  const { fake, server } = startFake("openai", [
    { message: call("compare_vectors", '{"a": "dog_1", "b": ') },
    { message: { content: "<answer>no</answer>" } },
  ]);
  try {
    const { outcome, trace } = await runOn(server);
    assert.equal(outcome.value, false);
    assert.equal(tools(trace)[0].ok, false);
    assert.match(tools(trace)[0].error!, /invalid arguments for compare_vectors/);
  } finally {
    await fake.close();
  }
});

Deno.test("recovery (ollama): the deadline near ends with one last call, never a hang", async () => {
  const { fake, server } = startFake(
    "ollama",
    Array.from({ length: 20 }, (_, i) => ({
      delayMs: 60,
      message: i < 19
        ? call("calculate", { expression: `${i} + 1` })
        : { content: "<answer>9</answer>" },
    })),
  );
  try {
    const t0 = Date.now();
    const { outcome, trace } = await runOn(server, { question: "q" }, {
      deadline: Date.now() + 400,
    });
    assert.ok(Date.now() - t0 < 2000);
    assert.ok(notes(trace).some((n) => /^\(final call: the deadline was near/.test(n)));
    assert.equal(fake.requests.at(-1)!.tools, undefined);
    assert.ok(outcome.status === "unanswerable" || outcome.status === "answered");
  } finally {
    await fake.close();
  }
});
