/**
 * The rule planner's executor: a {@link Query} → its kind's tool calls through the registry (via
 * `runTool`, so the trace has the same shape as the LLM's) → an answer, a typed value and
 * reasoning events that cite the tool outputs. A missing object, an unknown or too uncertain
 * orientation, or a relation inside its ambiguity margin ends in a plain statement of what is
 * missing, value null and status "unanswerable" — never a guess.
 *
 * @module
 */
import { matchOption } from "../answer_value.ts";
import type { PlannerOutcome } from "../llm_loop.ts";
import { convertible, formatLength, LENGTH_UNITS } from "../number_format.ts";
import { addEvent } from "../trace.ts";
import { kindOf } from "./kinds.ts";
import { labelMatches } from "./lexicon.ts";
import type { Query } from "./query.ts";
import { bare, type ExecuteEnv, Run, Unanswerable, type Verdict } from "./run.ts";

/** Words an option may use for a relation. */
const RELATION_WORDS: Record<string, RegExp> = {
  left: /\bleft\b/i,
  right: /\bright\b/i,
  "in front": /\bfront\b/i,
  behind: /\bbehind\b|\bback\b/i,
  "next to each other": /\bnext to\b|\bclose\b|\bnear\b|\bbeside\b/i,
  "far from each other": /\bfar\b/i,
  "the same direction": /\bsame\b|\bsimilar\b/i,
  parallel: /\bparallel\b/i,
  perpendicular: /\bperpendicular\b|\bright angles?\b/i,
  "different directions": /\bdifferent\b|\bopposite\b/i,
};

function optionFor(v: Verdict, options?: string[]): string | undefined {
  if (!options?.length) return undefined;
  if (v.yes !== undefined) return matchOption(v.yes ? "yes" : "no", options);
  if (v.relation) {
    const re = RELATION_WORDS[v.relation];
    const hits = options.filter((o) => re?.test(o));
    return hits.length === 1 ? hits[0] : matchOption(v.relation, options);
  }
  if (v.object) {
    const exact = matchOption(v.object.text, options) ?? matchOption(bare(v.object), options);
    if (exact) return exact;
    const byLabel = options.filter((o) =>
      o.toLowerCase().split(/[^a-z]+/).some((w) => w && labelMatches(w, v.object!.label))
    );
    return byLabel.length === 1 ? byLabel[0] : undefined;
  }
  return undefined;
}

function finish(run: Run, q: Query, v: Verdict): PlannerOutcome {
  const options = q.options;
  const opt = optionFor(v, options);
  let value: PlannerOutcome["value"];
  let head: string;
  if (v.yes !== undefined) {
    value = v.yes;
    head = opt ?? (v.yes ? "Yes" : "No");
  } else if (v.number) {
    value = Math.round(v.number.value * 100) / 100;
    const unit = "unit" in q && q.unit ? q.unit : "m";
    head = v.number.unit === "" ? String(value) : formatLength(
      v.number.value,
      unit,
      run.env.ctx.workspace.units,
    );
  } else {
    value = opt ?? (v.object ? bare(v.object) : v.relation!);
    head = opt ?? (v.object ? v.object.text : v.relation!);
  }
  // An option or an object id is quoted as written; anything else starts a sentence.
  const lead = opt !== undefined || v.object?.id
    ? head
    : `${head[0].toUpperCase()}${head.slice(1)}`;
  const answer = `${lead}. ${v.because}`;
  if (options?.length && opt === undefined && v.number === undefined) {
    run.say(`None of the options (${options.join("; ")}) matches the finding exactly.`);
  }
  const e = addEvent(run.env.trace, { type: "answer", answer, value });
  run.env.onEvent?.(e);
  return { answer, value, status: "answered" };
}

/** Runs a query; always ends with an answer event (value null when it cannot answer). */
export async function executeQuery(query: Query, env: ExecuteEnv): Promise<PlannerOutcome> {
  const units = env.ctx.workspace.units;
  if ("unit" in query && query.unit && !convertible(units)) {
    // Blender units have no fixed size: "in feet" (or "in meters") cannot be answered honestly.
    return unanswerable(
      env,
      `Cannot answer in ${
        LENGTH_UNITS[query.unit].plural
      }: this scene's lengths are in ${units}, ` +
        `which have no fixed size in ${LENGTH_UNITS[query.unit].plural}; ask without a unit to ` +
        `get the length in ${units}.`,
    );
  }
  const run = new Run(env);
  try {
    const v = await kindOf(query.category).execute(run, query as never);
    return finish(run, query, v);
  } catch (e) {
    if (!(e instanceof Unanswerable)) throw e;
    return unanswerable(env, `Cannot answer: ${e.message}${/[.?!]$/.test(e.message) ? "" : "."}`);
  }
}

/** Ends a trace with "cannot answer" (value null) and says so in a reasoning event. */
export function unanswerable(env: ExecuteEnv, answer: string): PlannerOutcome {
  const e = addEvent(env.trace, { type: "answer", answer, value: null });
  env.onEvent?.(e);
  return { answer, value: null, status: "unanswerable" };
}
