/**
 * Follow-up questions in a conversation: "And the bicycle?", "What about the horse?" reuse the
 * previous question with its main object replaced; "How far is it?" reads "it" as the previous
 * question's main object. The result is an ordinary question text, parsed as usual.
 *
 * @module
 */
import { type ParseContext, parseQuestion } from "./parse.ts";
import { queryObjects } from "./query.ts";

/** A question rewritten from the conversation, and the earlier question it follows. */
export interface FollowUp {
  question: string;
  follows: string;
}

const ELLIPSIS = /^\s*(?:and|what about|how about|and what about|what of)\s+(.+?)\s*[?.!]*\s*$/i;
const PRONOUN = /\b(it|him|her|them|that one|this one)\b/i;

/** The first object a previous question names: its words as written there. */
function mainObject(question: string, ctx: ParseContext): string | undefined {
  const r = parseQuestion(question, ctx);
  if (!r.ok) return undefined;
  const q = r.query;
  return q.category === "count" ? q.text : queryObjects(q)[0]?.text;
}

/**
 * Rewrites `question` using the earlier user questions (oldest first) when it is a follow-up;
 * undefined when it is not one, or no earlier question can be read.
 */
export function resolveFollowUp(
  question: string,
  earlier: readonly string[],
  ctx: ParseContext = {},
): FollowUp | undefined {
  const previous = [...earlier].reverse().find((q) => parseQuestion(q, ctx).ok);
  if (!previous) return undefined;
  const main = mainObject(previous, ctx);
  if (!main) return undefined;
  const ellipsis = question.match(ELLIPSIS);
  if (ellipsis && !parseQuestion(question, ctx).ok) {
    const at = previous.toLowerCase().indexOf(main);
    if (at === -1) return undefined;
    let replacement = ellipsis[1];
    // A count keeps its plural form: "How many dogs? And cats?".
    if (!/^(the|a|an) /i.test(replacement) && /^the /.test(main)) {
      replacement = `the ${replacement}`;
    }
    const rewritten = previous.slice(0, at) + replacement + previous.slice(at + main.length);
    return { question: rewritten, follows: previous };
  }
  if (PRONOUN.test(question) && !parseQuestion(question, ctx).ok) {
    const rewritten = question.replace(PRONOUN, main);
    if (parseQuestion(rewritten, ctx).ok) return { question: rewritten, follows: previous };
  }
  return undefined;
}
