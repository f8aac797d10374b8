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

/** Tool names small models invent for "this is my answer" (smolagents' `final_answer` and kin). */
export const FINAL_ANSWER_TOOLS = ["final_answer", "answer", "submit_answer", "give_answer"];

/** The answer a `final_answer`-style call carries, or undefined when the call is not one. */
export function finalAnswerOf(name: string, args: unknown): string | undefined {
  if (!FINAL_ANSWER_TOOLS.includes(name.toLowerCase())) return undefined;
  if (typeof args === "string" || typeof args === "number" || typeof args === "boolean") {
    return String(args);
  }
  if (!args || typeof args !== "object") return undefined;
  const a = args as Record<string, unknown>;
  const values = Object.values(a);
  const v = a.answer ?? a.final_answer ?? a.text ?? a.value ??
    (values.length === 1 ? values[0] : undefined);
  return v === undefined || v === null
    ? undefined
    : typeof v === "object"
    ? JSON.stringify(v)
    : String(v);
}

/** The answer of a reply that is only `{"answer": …}` JSON (optionally fenced), if it is one. */
export function jsonAnswer(content: string): string | undefined {
  try {
    const v = JSON.parse(stripFence(content.trim()));
    if (!v || typeof v !== "object" || Array.isArray(v) || !("answer" in v) || "name" in v) {
      return undefined;
    }
    const a = (v as { answer: unknown }).answer;
    return a === null || a === undefined
      ? undefined
      : typeof a === "object"
      ? JSON.stringify(a)
      : String(a);
  } catch {
    return undefined;
  }
}

/** The answer of a prose reply that ends with a `Final answer: …` line, if it has one. */
export function proseAnswer(content: string): string | undefined {
  const m = [...content.matchAll(/^\W*final answer\W*?[:：]\s*(.+?)\s*$/gim)].at(-1);
  return m?.[1].replace(/^\*+|\*+$/g, "").trim() || undefined;
}
