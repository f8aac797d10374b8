/**
 * The rule planner: parse the question against the objects present, say how it was read, then
 * execute it through the tools. Deterministic; no LLM.
 *
 * @module
 */
import type { PlannerOutcome } from "../llm_loop.ts";
import { addEvent } from "../trace.ts";
import { executeQuery, unanswerable } from "./execute.ts";
import { kindOf } from "./kinds.ts";
import { parseQuestion } from "./parse.ts";
import { type Query, queryObjects } from "./query.ts";
import type { ExecuteEnv } from "./run.ts";

/** "a, b and c". */
function list(items: string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** One sentence saying how the question was read, in plain words. */
export function describeQuery(q: Query): string {
  const names = q.category === "count"
    ? [q.text]
    : queryObjects(q).map((r) => r.id ? `${r.text} [${r.id}]` : r.text);
  const form = "form" in q ? (q.form === "yes_no" ? "a yes/no question: " : "a choice: ") : "";
  return `Read the question as ${form}${kindOf(q.category).title[q.category]}, about ${
    list(names)
  }.`;
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
