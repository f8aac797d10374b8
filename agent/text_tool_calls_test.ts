import assert from "node:assert/strict";
import { extractTextToolCalls } from "./text_tool_calls.ts";

Deno.test("text tool calls: <tool_call> blocks, several, with the prose kept", () => {
  const r = extractTextToolCalls(
    'First detect.\n<tool_call>{"name": "detect", "arguments": {}}</tool_call>\n' +
      '<tool_call>{"name": "estimate_depth", "arguments": {"object_ids": ["dog_1"]}}</tool_call>',
  );
  assert.deepEqual(r.calls, [
    { name: "detect", arguments: {} },
    { name: "estimate_depth", arguments: { object_ids: ["dog_1"] } },
  ]);
  assert.equal(r.rest, "First detect.");
});

Deno.test("text tool calls: an unclosed <tool_call> at the end still counts", () => {
  const r = extractTextToolCalls('<tool_call>{"name": "detect", "arguments": {"query": "dog"}}');
  assert.deepEqual(r.calls, [{ name: "detect", arguments: { query: "dog" } }]);
});

Deno.test("text tool calls: bare JSON, OpenAI-style function wrapper, parameters, arrays", () => {
  assert.deepEqual(
    extractTextToolCalls(
      '{"function": {"name": "calculate", "arguments": "{\\"expression\\": \\"1+1\\"}"}}',
    )
      .calls,
    [{ name: "calculate", arguments: { expression: "1+1" } }],
  );
  assert.deepEqual(
    extractTextToolCalls('[{"name": "a", "parameters": {"x": 1}}, {"name": "b"}]').calls,
    [{ name: "a", arguments: { x: 1 } }, { name: "b", arguments: {} }],
  );
  assert.deepEqual(
    extractTextToolCalls('```json\n{"name": "detect", "arguments": {}}\n```').calls,
    [{ name: "detect", arguments: {} }],
  );
});

Deno.test("text tool calls: prose, answers and non-call JSON are not calls", () => {
  for (
    const text of [
      "The dog is closer. <answer>dog</answer>",
      '{"answer": "dog"}',
      '{"name": 3, "arguments": {}}',
      '{"name": "detect", "arguments": "not json"}',
      "",
    ]
  ) {
    const r = extractTextToolCalls(text);
    assert.deepEqual(r.calls, [], text);
    assert.equal(r.rest, text.trim());
  }
});
