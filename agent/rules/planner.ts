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
import { resolveFollowUp } from "./follow_up.ts";
import { parseQuestion } from "./parse.ts";
import { rephrasing } from "./refusal.ts";
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

/** A question for the rule planner, with the earlier turns of its conversation. */
export interface PlannerQuestion {
  question: string;
  options?: string[];
  /** Earlier chat turns, oldest first; user turns make follow-ups ("And the bike?") readable. */
  history?: readonly { role: "user" | "assistant"; content: string }[];
}

/** Answers a question with the rule planner on the objects already in the workspace. */
export function runRulePlanner(q: PlannerQuestion, env: ExecuteEnv): Promise<PlannerOutcome> {
  const say = (text: string) => {
    const e = addEvent(env.trace, { type: "reasoning", text, source: "rules" });
    env.onEvent?.(e);
  };
  const labels = [...env.ctx.workspace.objects.values()].map((o) => o.label);
  const ctx = { options: q.options, labels };
  let parsed = parseQuestion(q.question, ctx);
  if (!parsed.ok && q.history?.length) {
    const earlier = q.history.filter((t) => t.role === "user").map((t) => t.content);
    const follow = resolveFollowUp(q.question, earlier, ctx);
    if (follow) {
      const again = parseQuestion(follow.question, ctx);
      if (again.ok) {
        say(`A follow-up of “${follow.follows}”: read as “${follow.question}”.`);
        parsed = { ok: true, query: { ...again.query, question: q.question } };
      }
    }
  }
  if (!parsed.ok) {
    return Promise.resolve(
      unanswerable(
        env,
        `Cannot answer: I could not understand the question — ${parsed.reason}. ${
          rephrasing(q.question, labels)
        }`,
      ),
    );
  }
  say(describeQuery(parsed.query));
  return executeQuery(parsed.query, env);
}
