/**
 * "Which is closer to R, A or B?" (which) or "Is A closer to R than B is?" (yes/no about the
 * first candidate) — `multi_object_closer_to`; `farther` asks the opposite.
 *
 * @module
 */
import { distance, type Vec3 } from "../../../core/vec.ts";
import type { NormalizedScene } from "../../../scene/schema.ts";
import type { PointsComparison } from "../../../tools/compare_vectors.ts";
import { num2 } from "../../number_format.ts";
import { CAMERA, type Clause } from "../clause.ts";
import {
  type Expected,
  type QuestionKind,
  type RefLookup,
  whichTemplate,
  yesNoTemplate,
} from "../kind.ts";
import type { CloserToQuery, ObjectRef } from "../query.ts";
import { bare, type Run, tooClose, type Verdict } from "../run.ts";
import { req } from "../steps.ts";

const C = "multi_object_closer_to" as const;
type Rel = CloserToQuery["relation"];

/**
 * Closer/farther with an object as the reference: "Which is closer to R, A or B?", "Is A closer
 * to R than B (is)?" (R the reference), "Is R closer to A than to B?" (R the subject), "Is R
 * closer to A or B?".
 */
function read(c: Clause, ref: RefLookup): CloserToQuery | string | undefined {
  const rel = c.rel;
  if (!rel || (rel.word !== "closer" && rel.word !== "farther") || rel.alt) return undefined;
  const relation = rel.word as Rel;
  const R = rel.pronoun ? undefined : rel.arg;
  const S = c.subject;
  if (c.choice.length >= 2) {
    const reference = R !== undefined && !c.choice.includes(R) ? R : S;
    if (reference === undefined || reference === CAMERA || c.choice.includes(CAMERA)) {
      return undefined;
    }
    return {
      category: C,
      reference: ref(reference),
      candidates: [ref(c.choice[0]), ref(c.choice[1])],
      relation,
      form: "which",
    };
  }
  if (R === undefined || R === CAMERA || S === undefined || S === CAMERA) return undefined;
  const T = c.than?.arg;
  if (T === undefined || T === CAMERA) {
    return `could not tell what the ${ref(S).text} is compared with: ask “is ${ref(S).text} ${
      relation === "closer" ? "closer to" : "farther from"
    } ${ref(R).text} than to …?”`;
  }
  return c.than!.to
    ? { category: C, reference: ref(S), candidates: [ref(R), ref(T)], relation, form: "yes_no" }
    : { category: C, reference: ref(R), candidates: [ref(S), ref(T)], relation, form: "yes_no" };
}

async function execute(run: Run, q: CloserToQuery): Promise<Verdict> {
  const refs = [q.reference, ...q.candidates];
  const [r, c1, c2] = await run.resolve(refs);
  await run.locate([r, c1, c2], refs);
  const c = await run.call<PointsComparison>("compare_vectors", { a: c1, b: c2, reference: r });
  const [A, B, R] = [bare(q.candidates[0]), bare(q.candidates[1]), bare(q.reference)];
  const d = c.reference!;
  run.say(
    `The distance between the ${A} and the ${R} is ${num2(d.a_distance)}. The distance ` +
      `between the ${B} and the ${R} is ${num2(d.b_distance)}.`,
  );
  const who = c.relations.closer_to_reference;
  if (!who || who === "ambiguous") tooClose(`The difference of their distances to the ${R}`);
  const firstCloser = who === "a";
  const because = `The ${firstCloser ? A : B} is closer to the ${R} (${
    run.length(Math.min(d.a_distance, d.b_distance))
  } vs ${run.length(Math.max(d.a_distance, d.b_distance))}).`;
  const firstWins = q.relation === "closer" ? firstCloser : !firstCloser;
  if (q.form === "yes_no") return { yes: firstWins, because };
  return { object: firstWins ? q.candidates[0] : q.candidates[1], because };
}

function oracle(q: CloserToQuery, scene: NormalizedScene): Expected {
  const c = (r: ObjectRef) => scene.objects.find((x) => x.id === r.id)!.center as Vec3;
  const [x, y] = q.candidates;
  const firstCloser = distance(c(x), c(q.reference)) < distance(c(y), c(q.reference));
  const firstWins = q.relation === "closer" ? firstCloser : !firstCloser;
  return q.form === "yes_no" ? { yes: firstWins } : { id: (firstWins ? x : y).id! };
}

/** The closer-to-another-object kind. */
export const closerToKind: QuestionKind<typeof C> = {
  categories: [C],
  title: { [C]: "which object is closer to another" },
  cue: /\b(?:closer|nearer|farther|further) (?:to|from) (?!the camera|me\b)/,
  read,
  execute,
  cot: { [C]: { says: [] } },
  steps: { [C]: [req("location", 3), req("distance_between", 2)] },
  arity: { [C]: 3 },
  needsFront: { [C]: [] },
  styles: { [C]: ["yes_no", "which"] },
  template(category, objects, style) {
    const [a, b, c] = objects;
    if (style === "which") {
      return whichTemplate(category, objects, [b, c], true, (flip, x, y) => ({
        query: {
          category,
          reference: a,
          candidates: [x, y],
          relation: flip ? "farther" : "closer",
          form: "which",
        },
        text: `Which is ${flip ? "farther from" : "closer to"} ${a.text}, ${x.text} or ${y.text}?`,
      }));
    }
    return yesNoTemplate(category, objects, true, (flip) => ({
      query: {
        category,
        reference: a,
        candidates: [b, c],
        relation: flip ? "farther" : "closer",
        form: "yes_no",
      },
      text: `Is ${b.text} ${flip ? "farther from" : "closer to"} ${a.text} than ${c.text} is?`,
    }));
  },
  oracle,
};
