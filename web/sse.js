/// <reference lib="dom" />
/**
 * Server-sent events over a fetch body: `POST /api/ask` streams events, and EventSource can
 * only GET, so the page reads the stream itself.
 *
 * @module
 */

/**
 * One event block (`event: …` and `data: …` lines) as `{ event, data }`; null for a comment
 * or an empty block.
 *
 * @param {string} block
 * @returns {{ event: string, data: string } | null}
 */
export function parseBlock(block) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const i = line.indexOf(":");
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length ? { event, data: data.join("\n") } : null;
}

/**
 * Reads a `text/event-stream` body to its end, calling `onEvent` for each event as it arrives.
 *
 * @param {ReadableStream<Uint8Array>} body
 * @param {(e: { event: string, data: string }) => void} onEvent
 * @returns {Promise<void>}
 */
export async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(
    /** @type {ReadableWritablePair<string, Uint8Array>} */ (new TextDecoderStream()),
  ).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    // A lone "\r" may be the first half of "\r\n" split across chunks: keep it until the next one.
    const cut = !done && buffer.endsWith("\r") ? buffer.length - 1 : buffer.length;
    let text = buffer.slice(0, cut).replace(/\r\n?/g, "\n");
    buffer = buffer.slice(cut);
    let end;
    while ((end = text.indexOf("\n\n")) >= 0) {
      const message = parseBlock(text.slice(0, end));
      if (message) onEvent(message);
      text = text.slice(end + 2);
    }
    buffer = text + buffer;
    if (done) break;
  }
  const last = parseBlock(buffer.replace(/\r\n?/g, "\n"));
  if (last) onEvent(last);
}
