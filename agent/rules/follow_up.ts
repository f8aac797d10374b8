/**
 * Follow-up questions in a conversation: "And the bicycle?", "What about the horse?" reuse the
 * previous question with its main object replaced; "How far is it?" reads "it" as the previous
 * question's main object, "How far apart are they?" "they" as its two objects, and "Which is
 * closer to the camera?" chooses between them. The result is an ordinary question text, parsed as
 * usual.
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
const PRONOUN = /\b(it|him|her|that one|this one)\b/i;
const PLURAL_PRONOUN = /\b(they|them|both of them|the two)\b/i;

/** The objects a previous question names, by their words there (a count: its plural). */
function objectsOf(question: string, ctx: ParseContext): string[] {
  const r = parseQuestion(question, ctx);
  if (!r.ok) return [];
  const q = r.query;
  return q.category === "count" ? [q.text] : queryObjects(q).map((o) => o.text);
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
  const objects = objectsOf(previous, ctx);
  const main = objects[0];
  if (!main) return undefined;
  const reads = (q: string) => parseQuestion(q, ctx).ok;
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
  if (reads(question)) return undefined;
  const tries: string[] = [];
  // "How far apart are they?": the previous question's two objects.
  if (objects.length >= 2 && PLURAL_PRONOUN.test(question)) {
    tries.push(question.replace(PLURAL_PRONOUN, `${objects[0]} and ${objects[1]}`));
  }
  if (PRONOUN.test(question)) tries.push(question.replace(PRONOUN, main));
  // "Which is closer to the camera?": choose between the previous question's two objects.
  if (objects.length >= 2 && /^\s*which\b/i.test(question)) {
    tries.push(`${question.replace(/[?.!\s]+$/, "")}, ${objects[0]} or ${objects[1]}?`);
  }
  const rewritten = tries.find(reads);
  return rewritten ? { question: rewritten, follows: previous } : undefined;
}
