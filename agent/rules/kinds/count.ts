/**
 * "How many cars are there?" — `count`, the number of objects with the label.
 *
 * @module
 */
import type { Clause } from "../clause.ts";
import { numericTemplate, type QuestionKind, type RefLookup } from "../kind.ts";
import { labelMatches, plural } from "../lexicon.ts";
import type { CountQuery, ObjectRef } from "../query.ts";
import type { WorkspaceObject } from "../../../tools/workspace.ts";
import { type Run, Unanswerable } from "../run.ts";
import { req } from "../steps.ts";

const C = "count" as const;

function countQuery(r: ObjectRef): CountQuery {
  return {
    category: C,
    label: r.label,
    text: r.text.replace(/^the /, ""),
    ...(r.colour ? { colour: r.colour } : {}),
  };
}

/** "How many cars are there?", "count the chairs", "number of people in the photo". */
function read(c: Clause, ref: RefLookup): CountQuery | string | undefined {
  if (c.how !== "many") return undefined;
  if (!c.objects.length) return undefined;
  // "How many windows does the bus have?": what is counted must be the object named.
  const counted = c.text.match(/\bhow (?:many|much) (?:of )?(?:the )?([a-z]+)/)?.[1];
  if (
    counted &&
    !new RegExp(`\\bhow (?:many|much) (?:of )?(?:the )?(?:[a-z]+ )?<${c.objects[0]}>`).test(c.text)
  ) {
    return `“${counted}” is not something the detector finds, so it cannot be counted: ask “how many ${
      plural(ref(c.objects[0]).label)
    } are there?”`;
  }
  // Only "how many X (are there / can you see / in the photo)": a condition on X is not counted.
  const after = c.text.slice(c.text.indexOf(`<${c.objects[0]}>`) + `<${c.objects[0]}>`.length);
  const doing = after.match(/\b[a-z]+(?:ing|ed)\b/)?.[0];
  if (doing && !["pictured", "displayed", "included", "captured"].includes(doing)) {
    return `counts objects of a class (and colour), not what they are doing (“${doing}”): ask “how many ${
      plural(ref(c.objects[0]).label)
    } are there?”`;
  }
  // "How many books are on the shelf?": a place that narrows the count is a condition too.
  const place = after.match(
    /\b(?:on|under|inside|behind|beside|near|at|in|into|next to) (?:the|a|an|this|that|my|our) ([a-z]+)/,
  );
  const whole = [
    "room",
    "scene",
    "picture",
    "photo",
    "image",
    "shot",
    "frame",
    "view",
    "total",
    "world",
  ];
  if (place && !whole.includes(place[1])) {
    return `counts objects of a class (and colour) in the whole image, not only those ${
      place[0].split(" ")[0]
    } ${place[0].split(" ").slice(1).join(" ")}: ask “how many ${
      plural(ref(c.objects[0]).label)
    } are there?”`;
  }
  if (c.objects.length > 1 || c.rel) {
    return "counts with a condition (“how many chairs are next to the table?”) are not supported: ask “how many chairs are there?”";
  }
  return countQuery(ref(c.objects[0]));
}

/** The objects of `found` showing the query's colour; none when none shows it. */
function tryColour(run: Run, found: WorkspaceObject[], q: CountQuery): WorkspaceObject[] {
  try {
    return run.withColour(found, q.colour!, q.label);
  } catch (e) {
    // "No red car was found" is a count of 0, not a refusal; missing pixels still refuse.
    if (e instanceof Unanswerable && /^no /.test(e.message)) return [];
    throw e;
  }
}

/** "1 dog", "3 dogs", "no dogs". */
function howMany(n: number, q: CountQuery): string {
  const what = q.colour ? `${q.colour} ` : "";
  return n === 1 ? `1 ${what}${q.label}` : `${n === 0 ? "no" : n} ${what}${plural(q.label)}`;
}

/** The count kind. */
export const countKind: QuestionKind<typeof C> = {
  categories: [C],
  title: { [C]: "a count" },
  cue: /\b(?:how many|count|number of)\b/,
  read,
  execute(run, q) {
    let found = run.objects.filter((o) => labelMatches(o.label, q.label));
    if (q.colour && found.length) found = tryColour(run, found, q);
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
