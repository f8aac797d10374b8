/**
 * "Is A next to B?" (`next_to`), "Is A far from B?" (`far_from`), or "Are A and B next to each
 * other or far apart?" (which: the relation's words) — `location_next_to`.
 *
 * @module
 */
import * as rel from "../../../core/relations.ts";
import type { Vec3 } from "../../../core/vec.ts";
import type { NormalizedScene } from "../../../scene/schema.ts";
import type { PointsComparison } from "../../../tools/compare_vectors.ts";
import { num2 } from "../../number_format.ts";
import { CAMERA, type Clause } from "../clause.ts";
import {
  definite,
  type Expected,
  type QuestionKind,
  type RefLookup,
  yesNoTemplate,
} from "../kind.ts";
import type { NextToQuery, ObjectRef } from "../query.ts";
import { bare, type Run, tooClose, type Verdict } from "../run.ts";
import { req } from "../steps.ts";

const C = "location_next_to" as const;

/** "Is A next to B?", "Are A and B close together?", "…next to each other or far apart?". */
function read(c: Clause, ref: RefLookup): NextToQuery | string | undefined {
  const word = c.rel?.word;
  if (word !== "NEXTTO" && word !== "FARFROM") return undefined;
  const relation = word === "NEXTTO" ? "next_to" : "far_from";
  const form = c.rel!.alt === "NEXTTO" || c.rel!.alt === "FARFROM" ? "which" : "yes_no";
  if (c.rel!.arg === CAMERA) {
    return "nearness to the camera is a distance: ask “how far is … from the camera?”";
  }
  const [a, b] = c.pair.length === 2 && (c.eachOther || c.rel!.arg === undefined || c.rel!.pronoun)
    ? c.pair
    : [c.subject, c.rel!.pronoun ? undefined : c.rel!.arg];
  if (a === undefined || b === undefined || a === CAMERA || b === CAMERA || a === b) {
    return undefined;
  }
  return { category: C, a: ref(a), b: ref(b), relation, form };
}

async function execute(run: Run, q: NextToQuery): Promise<Verdict> {
  const [a, b] = await run.resolve([q.a, q.b]);
  await run.locate([a, b], [q.a, q.b]);
  const c = await run.call<PointsComparison>("compare_vectors", { a, b });
  const A = bare(q.a);
  const B = bare(q.b);
  run.say(`The distance between the ${A} and the ${B} is ${num2(c.distance)}.`);
  if (c.relations.next_to === "ambiguous") tooClose(`The gap between the ${A} and the ${B}`);
  const near = c.relations.next_to === "yes";
  const because = `The ${A} and the ${B} are ${run.length(c.distance)} apart, ${
    near ? "close enough" : "too far"
  } to count as next to each other for objects of their size.`;
  if (q.form === "which") {
    return { relation: near ? "next to each other" : "far from each other", because };
  }
  return { yes: q.relation === "next_to" ? near : !near, because };
}

function oracle(q: NextToQuery, scene: NormalizedScene): Expected {
  const obj = (r: ObjectRef) => scene.objects.find((x) => x.id === r.id)!;
  const half = (r: ObjectRef) => {
    const s = obj(r).size;
    return s ? Math.max(s[0], s[1]) / 2 : undefined;
  };
  const near = definite(
    C,
    rel.nextTo(obj(q.a).center as Vec3, obj(q.b).center as Vec3, { a: half(q.a), b: half(q.b) }),
  );
  return { yes: q.relation === "next_to" ? near : !near };
}

/** The next-to kind. */
export const nextToKind: QuestionKind<typeof C> = {
  categories: [C],
  title: { [C]: "whether two objects are next to each other" },
  cue: /\b(?:next|beside|near|adjacent|apart|together)\b/,
  read,
  execute,
  cot: { [C]: { says: ["distance_between"] } },
  steps: { [C]: [req("location", 2), req("distance_between", 1)] },
  arity: { [C]: 2 },
  needsFront: { [C]: [] },
  styles: { [C]: ["yes_no"] },
  template(category, objects) {
    const [a, b] = objects;
    return yesNoTemplate(category, objects, true, (flip) => ({
      query: { category, a, b, relation: flip ? "far_from" : "next_to", form: "yes_no" },
      text: `Is ${a.text} ${flip ? "far from" : "next to"} ${b.text}?`,
    }));
  },
  oracle,
};
