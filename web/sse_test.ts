import assert from "node:assert/strict";
import { parseBlock, readEvents } from "./sse.js";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(enc.encode(chunk));
      c.close();
    },
  });
}

Deno.test("parseBlock reads event and multi-line data, skips comments", () => {
  assert.deepEqual(parseBlock('event: answer\ndata: {"a":1}'), {
    event: "answer",
    data: '{"a":1}',
  });
  assert.deepEqual(parseBlock("data: one\ndata: two"), { event: "message", data: "one\ntwo" });
  assert.equal(parseBlock(": keep-alive"), null);
});

Deno.test("readEvents reassembles events split anywhere, CRLF included", async () => {
  const text = 'event: perception\r\ndata: {"step":1}\r\n\r\nevent: answer\ndata: {"step":2}\n\n';
  for (let cut = 1; cut < text.length; cut++) {
    const got: { event: string; data: string }[] = [];
    await readEvents(streamOf([text.slice(0, cut), text.slice(cut)]), (e) => got.push(e));
    assert.deepEqual(got, [
      { event: "perception", data: '{"step":1}' },
      { event: "answer", data: '{"step":2}' },
    ], `cut at ${cut}`);
  }
});

Deno.test("readEvents delivers a last event without its blank line", async () => {
  const got: string[] = [];
  await readEvents(streamOf(["event: error\ndata: x"]), (e) => got.push(e.event));
  assert.deepEqual(got, ["error"]);
});
