/**
 * A tool is data: a name, a description, zod input and output schemas, and `execute`.
 * The JSON Schema the LLM sees is generated from `input` (see `registry.ts`).
 *
 * @module
 */
import type { z } from "zod";
import type { Workspace } from "./workspace.ts";

/** Which half of the trace a tool belongs to. */
export type ToolKind = "perception" | "computation";

/** What every call receives besides its arguments. */
export interface ToolContext {
  /** The image, camera and objects of the current question; perception tools add to it. */
  workspace: Workspace;
  /** Aborts long work (model inference) when the caller gives up. */
  signal?: AbortSignal;
}

/** A tool the agent can call. */
export interface Tool<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** The name the LLM sees; fixed (see the brief). */
  name: string;
  /** Perception tools run models; computation tools do geometry. */
  kind: ToolKind;
  /** What it does and when to call it, written for the model. */
  description: string;
  /** Arguments. */
  input: I;
  /** Result. */
  output: O;
  /** Runs the tool on validated arguments. Throw {@link InputError} for a bad call. */
  execute(input: z.output<I>, ctx: ToolContext): Promise<z.input<O>> | z.input<O>;
}

/** Identity helper that keeps the input and output types of a tool literal. */
export function defineTool<I extends z.ZodType, O extends z.ZodType>(tool: Tool<I, O>): Tool<I, O> {
  return tool;
}
