/**
 * Tool calls that a model wrote as text instead of in `tool_calls`: Hermes/Qwen style
 * `<tool_call>{"name": …, "arguments": {…}}</tool_call>` blocks, or a reply that is nothing but a
 * JSON object (optionally in a ```json fence) or an array of them.
 *
 * @module
 */

/** A tool call recovered from text. */
export interface TextToolCall {
  /** Tool name. */
  name: string;
  /** Arguments object (a JSON-encoded string is decoded). */
  arguments: Record<string, unknown>;
}

/** Calls found in the text, and the text left once they are removed. */
export interface ExtractedCalls {
  calls: TextToolCall[];
  /** The content without the tool-call blocks, trimmed. */
  rest: string;
}

function asCall(value: unknown): TextToolCall | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const inner = v.function && typeof v.function === "object"
    ? v.function as Record<string, unknown>
    : v;
  const name = inner.name;
  let args = inner.arguments ?? inner.parameters ?? {};
  if (typeof name !== "string" || !name) return undefined;
  if (typeof args === "string") {
    try {
      args = JSON.parse(args);
    } catch {
      return undefined;
    }
  }
  if (!args || typeof args !== "object" || Array.isArray(args)) return undefined;
  return { name, arguments: args as Record<string, unknown> };
}

function parseCalls(json: string): TextToolCall[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const items = Array.isArray(value) ? value : [value];
  const calls = items.map(asCall);
  return calls.length > 0 && calls.every((c) => c !== undefined)
    ? calls as TextToolCall[]
    : undefined;
}

/** Finds tool calls written as text; returns none when the content is ordinary prose. */
export function extractTextToolCalls(content: string): ExtractedCalls {
  const tagged = [...content.matchAll(/<tool_call>\s*([\s\S]*?)\s*(?:<\/tool_call>|$)/g)];
  if (tagged.length > 0) {
    const calls = tagged.flatMap((m) => parseCalls(stripFence(m[1])) ?? []);
    if (calls.length > 0) {
      const rest = content.replace(/<tool_call>[\s\S]*?(?:<\/tool_call>|$)/g, "").trim();
      return { calls, rest };
    }
  }
  const bare = parseCalls(stripFence(content.trim()));
  if (bare) return { calls: bare, rest: "" };
  return { calls: [], rest: content.trim() };
}

function stripFence(text: string): string {
  const m = text.match(/^```(?:json)?\s*([\s\S]*?)\s*```$/);
  return m ? m[1] : text;
}
