/**
 * "How many cars are there?" — `count`, the number of objects with the label.
 *
 * @module
 */
import { byPhrasings, numericTemplate, type Phrasing, type QuestionKind, rx } from "../kind.ts";
import { labelMatches, plural } from "../lexicon.ts";
import type { CountQuery, ObjectRef } from "../query.ts";
import { req } from "../steps.ts";

const C = "count" as const;

function countQuery(r: ObjectRef): CountQuery {
  return { category: C, label: r.label, text: r.text.replace(/^the /, "") };
}

const PHRASINGS: Phrasing[] = [
  { re: rx("\\bhow many(?: of)?(?: the)? §"), build: (m, ref) => countQuery(ref(m[1])) },
  { re: rx("\\b(?:count|number of)(?: the)? §"), build: (m, ref) => countQuery(ref(m[1])) },
]; // deno-fmt-ignore

/** "1 dog", "3 dogs", "no dogs". */
function howMany(n: number, q: CountQuery): string {
  return n === 1 ? `1 ${q.label}` : `${n === 0 ? "no" : n} ${plural(q.label)}`;
}

/** The count kind. */
export const countKind: QuestionKind<typeof C> = {
  categories: [C],
  title: { [C]: "a count" },
  cue: /\b(?:how many|count|number of)\b/,
  read: byPhrasings(PHRASINGS),
  execute(run, q) {
    const found = run.objects.filter((o) => labelMatches(o.label, q.label));
    const n = found.length;
    run.say(
      n
        ? `Found ${howMany(n, q)}: ${found.map((o) => o.id).join(", ")}.`
        : `No ${q.label} was found.`,
    );
    const text = howMany(n, q);
    return Promise.resolve({
      number: { value: n, unit: "" },
      because: `${text[0].toUpperCase()}${text.slice(1)} ${n === 1 ? "was" : "were"} found.`,
    });
  },
  cot: { [C]: { says: [] } },
  cotClosing: (q, value) =>
    typeof value === "number" ? `The number of ${plural(q.label)} is ${value}.` : undefined,
  steps: { [C]: [req("count", 1)] },
  arity: { [C]: 1 },
  needsFront: { [C]: [] },
  styles: { [C]: ["number"] },
  template(category, objects) {
    const text = plural(objects[0].label);
    return numericTemplate(category, objects, {
      query: { category, label: objects[0].label, text },
      text: `How many ${text} are there?`,
    });
  },
  oracle: (q, scene) => ({ number: scene.objects.filter((o) => o.label === q.label).length }),
};
