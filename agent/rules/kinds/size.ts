/**
 * "How tall / wide / long is A?" — `object_height`, `object_width`, `object_length`: one
 * component of its 3D size [width, length, height].
 *
 * @module
 */
import { num2, UNITS_TEXT, vec2 } from "../../number_format.ts";
import type { Clause } from "../clause.ts";
import { numericTemplate, type QuestionKind, type RefLookup } from "../kind.ts";
import type { ObjectRef, Query, SizeQuery } from "../query.ts";
import { bare, cap, part, Unanswerable } from "../run.ts";
import { req } from "../steps.ts";

type C = SizeQuery["category"];

const INDEX = { object_width: 0, object_length: 1, object_height: 2 } as const;

function sizeQuery(word: string, a: ObjectRef): Query {
  const category = word === "tall" || word === "high" || word === "height"
    ? "object_height"
    : word === "wide" || word === "width"
    ? "object_width"
    : "object_length";
  return { category, a };
}

/** "How tall is A?", "what's the width of A", "A's length?"; "how big" asks which dimension. */
function read(c: Clause, ref: RefLookup): Query | string | undefined {
  if (c.how !== "tall" && c.how !== "wide" && c.how !== "long" && c.how !== "big") return undefined;
  if (c.objects.length !== 1) return undefined;
  if (c.how === "big") {
    return "could not tell “how big” can mean height, width or length: ask “how tall”, “how wide” or “how long”";
  }
  return sizeQuery(c.how, ref(c.objects[0]));
}

const STEPS = [req("dimension", 1)];

/** The size kind. */
export const sizeKind: QuestionKind<C> = {
  categories: ["object_height", "object_width", "object_length"],
  title: {
    object_height: "a height",
    object_width: "a width",
    object_length: "a length",
  },
  cue: /\b(?:how (?:tall|high|wide|long|big|large)|height|width|length|size)\b/,
  read,
  async execute(run, q) {
    const [a] = await run.resolve([q.a]);
    const loc = await run.locate([a], [q.a]);
    const size = loc.objects[0].size;
    const dim = q.category.slice("object_".length);
    if (!size) throw new Unanswerable(`the ${bare(q.a)} has no 3D size`);
    const value = size[INDEX[q.category]];
    const method = (loc.objects[0] as { method?: string }).method ?? "";
    const assumed = dim === "length" && /length assumed/.test(method)
      ? " (a single view shows no depth extent: the length is assumed equal to the width)"
      : "";
    run.say(`The ${dim} of the ${bare(q.a)} is ${num2(value)}${assumed}.`);
    return {
      number: { value, unit: "m" },
      because:
        `${cap(part(q.a, "3D size"))} is ${vec2(size)} (width, length, height); its ${dim} ` +
        `is ${run.length(value)}${assumed}.`,
    };
  },
  cot: {
    object_width: { says: [], dimension: 0 },
    object_length: { says: [], dimension: 1 },
    object_height: { says: [], dimension: 2 },
  },
  steps: { object_height: STEPS, object_width: STEPS, object_length: STEPS },
  arity: { object_height: 1, object_width: 1, object_length: 1 },
  needsFront: { object_height: [], object_width: [], object_length: [] },
  styles: { object_height: ["number"], object_width: ["number"], object_length: ["number"] },
  template(category, objects, _style, units = "metres") {
    const [a] = objects;
    const word = { object_height: "tall", object_width: "wide", object_length: "long" }[category];
    return numericTemplate(category, objects, {
      query: { category, a },
      text: `How ${word} is ${a.text}, in ${UNITS_TEXT[units].word}?`,
    });
  },
  oracle: (q, scene) => ({
    number: scene.objects.find((x) => x.id === q.a.id)!.size![INDEX[q.category]],
  }),
};
