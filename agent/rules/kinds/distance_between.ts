/**
 * "How far apart are A and B?" — `distance_between`, the length between their centres.
 *
 * @module
 */
import { distance, type Vec3 } from "../../../core/vec.ts";
import type { PointsComparison } from "../../../tools/compare_vectors.ts";
import { num2, UNITS_TEXT } from "../../number_format.ts";
import type { Clause } from "../clause.ts";
import { numericTemplate, type QuestionKind, type RefLookup } from "../kind.ts";
import type { DistanceBetweenQuery, ObjectRef } from "../query.ts";
import { bare } from "../run.ts";
import { req } from "../steps.ts";

const C = "distance_between" as const;

/** "How far apart are A and B?", "distance from A to B", "how many meters separate A and B". */
function read(c: Clause, ref: RefLookup): DistanceBetweenQuery | string | undefined {
  if (c.how !== "far" || c.objects.length < 2) return undefined;
  if (c.objects.length > 2) return "a distance is between two objects: name two";
  // "How far away from the car is the man?": the man, the subject, comes first.
  const fromFirst = new RegExp(`\\bfrom <${c.objects[0]}> (?:is|are|'s)\\b`).test(c.text);
  const [a, b] = fromFirst ? [c.objects[1], c.objects[0]] : c.objects;
  return { category: C, a: ref(a), b: ref(b) };
}

/** The distance-between kind. */
export const distanceBetweenKind: QuestionKind<typeof C> = {
  categories: [C],
  title: { [C]: "a distance between two objects" },
  cue: /\b(?:apart|between|gap)\b/,
  read,
  async execute(run, q: DistanceBetweenQuery) {
    const [a, b] = await run.resolve([q.a, q.b]);
    await run.locate([a, b], [q.a, q.b]);
    const c = await run.call<PointsComparison>("compare_vectors", { a, b });
    run.say(
      `The distance between the ${bare(q.a)} and the ${bare(q.b)} is ${num2(c.distance)}.`,
    );
    return {
      number: { value: c.distance, unit: "m" },
      because: `The centres of the ${bare(q.a)} and the ${bare(q.b)} are ${
        run.length(c.distance)
      } apart.`,
    };
  },
  cot: { [C]: { says: ["distance_between"] } },
  steps: { [C]: [req("location", 2), req("distance_between", 1)] },
  arity: { [C]: 2 },
  needsFront: { [C]: [] },
  styles: { [C]: ["number"] },
  template(category, objects, _style, units = "metres") {
    const [a, b] = objects;
    return numericTemplate(category, objects, {
      query: { category, a, b },
      text: `What is the distance between ${a.text} and ${b.text}, in ${UNITS_TEXT[units].word}?`,
    });
  },
  oracle: (q, scene) => {
    const c = (r: ObjectRef) => scene.objects.find((x) => x.id === r.id)!.center as Vec3;
    return { number: distance(c(q.a), c(q.b)) };
  },
};
