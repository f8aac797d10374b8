/**
 * The tool registry: lists tools, gives the LLM their JSON Schemas (generated from zod, never
 * written twice), validates arguments, runs a call and turns every failure into a result the
 * model can act on.
 *
 * @module
 */
import { z } from "zod";
import { errorMessage, InputError, inputErrorFromZod } from "../core/errors.ts";
import type { Tool, ToolContext } from "./tool.ts";

/** The outcome of one call: never a thrown error. */
export type ToolResult =
  | { ok: true; output: unknown; duration_ms: number }
  | { ok: false; error: string; duration_ms: number };

/** A tool in the format of Ollama's and OpenAI's `tools` request field. */
export interface FunctionSchema {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** JSON Schema of a tool's input, as the model sees it. */
export function toolParameters(tool: Tool): Record<string, unknown> {
  const schema = z.toJSONSchema(tool.input, { io: "input" }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

/** A set of tools looked up by name. */
export interface Registry {
  /** All tools, in registration order. */
  readonly tools: readonly Tool[];
  /** The tool with this name, if any. */
  get(name: string): Tool | undefined;
  /** The `tools` field for an Ollama or OpenAI chat request. */
  functionSchemas(): FunctionSchema[];
  /** Validates, runs, validates the output; every failure becomes `{ ok: false, error }`. */
  call(name: string, args: unknown, ctx: ToolContext): Promise<ToolResult>;
}

/** Builds a registry; tool names must be unique. */
export function createRegistry(tools: readonly Tool[]): Registry {
  const byName = new Map<string, Tool>();
  for (const t of tools) {
    if (byName.has(t.name)) throw new Error(`tool "${t.name}" registered twice`);
    byName.set(t.name, t);
  }
  return {
    tools,
    get: (name) => byName.get(name),
    functionSchemas: () =>
      tools.map((t) => ({
        type: "function" as const,
        function: { name: t.name, description: t.description, parameters: toolParameters(t) },
      })),
    async call(name, args, ctx) {
      const start = performance.now();
      const elapsed = () => performance.now() - start;
      const tool = byName.get(name);
      if (!tool) {
        return {
          ok: false,
          error: `unknown tool "${name}"; available tools: ${[...byName.keys()].join(", ")}`,
          duration_ms: elapsed(),
        };
      }
      const parsed = tool.input.safeParse(args ?? {});
      if (!parsed.success) {
        const e = inputErrorFromZod(parsed.error, "", "check the tool's parameter schema");
        return {
          ok: false,
          error: `invalid arguments for ${name}: ${e.message}`,
          duration_ms: elapsed(),
        };
      }
      try {
        const raw = await tool.execute(parsed.data, ctx);
        const out = tool.output.safeParse(raw);
        if (!out.success) {
          const e = inputErrorFromZod(out.error);
          return {
            ok: false,
            error: `${name} produced an invalid result: ${e.message}`,
            duration_ms: elapsed(),
          };
        }
        return { ok: true, output: out.data, duration_ms: elapsed() };
      } catch (e) {
        const msg = e instanceof InputError ? e.message : errorMessage(e);
        return { ok: false, error: `${name} failed: ${msg}`, duration_ms: elapsed() };
      }
    },
  };
}
