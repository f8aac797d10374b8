/**
 * The rule planner: parse the question against the objects present, say how it was read, then
 * execute it through the tools. Deterministic; no LLM.
 *
 * @module
 */
import type { PlannerOutcome } from "../llm_loop.ts";
import { addEvent } from "../trace.ts";
import { type ExecuteEnv, executeQuery, unanswerable } from "./execute.ts";
import { parseQuestion } from "./parse.ts";
import { type Query, queryObjects } from "./query.ts";

/** One sentence saying how the question was read. */
export function describeQuery(q: Query): string {
  const names = q.category === "count"
    ? [q.text]
    : queryObjects(q).map((r) => r.id ? `${r.text} [${r.id}]` : r.text);
  const form = "form" in q ? `, ${q.form === "yes_no" ? "yes/no" : "which"}` : "";
  return `Read the question as ${q.category}${form} about ${names.join(", ")}.`;
}

/** Answers a question with the rule planner on the objects already in the workspace. */
export function runRulePlanner(
  q: { question: string; options?: string[] },
  env: ExecuteEnv,
): Promise<PlannerOutcome> {
  const labels = [...env.ctx.workspace.objects.values()].map((o) => o.label);
  const parsed = parseQuestion(q.question, { options: q.options, labels });
  if (!parsed.ok) {
    return Promise.resolve(
      unanswerable(env, `Cannot answer: I could not understand the question — ${parsed.reason}.`),
    );
  }
  const e = addEvent(env.trace, {
    type: "reasoning",
    text: describeQuery(parsed.query),
    source: "rules",
  });
  env.onEvent?.(e);
  return executeQuery(parsed.query, env);
}
