/**
 * Comparing two objects' front directions: "Are A and B parallel?" (`multi_object_parallel`),
 * "Are A and B facing the same direction / opposite directions?" (`multi_object_same_direction`).
 *
 * @module
 */
import * as rel from "../../../core/relations.ts";
import type { Vec3 } from "../../../core/vec.ts";
import type { NormalizedScene } from "../../../scene/schema.ts";
import type { DirectionsComparison } from "../../../tools/compare_vectors.ts";
import { num2, vec2 } from "../../number_format.ts";
import { CAMERA, type Clause } from "../clause.ts";
import {
  definite,
  type Expected,
  type QuestionKind,
  type RefLookup,
  yesNoTemplate,
} from "../kind.ts";
import type { DirectionPairQuery, ObjectRef, Query } from "../query.ts";
import { bare, type Run, tooClose, type Verdict } from "../run.ts";
import { COS_OR_ANGLE, req } from "../steps.ts";

type C = DirectionPairQuery["category"];

function dirPair(word: string, a: ObjectRef, b: ObjectRef): Query {
  const same = word === "SAMEDIR" || word === "OPPDIR";
  return {
    category: same ? "multi_object_same_direction" : "multi_object_parallel",
    a,
    b,
    relation: word === "SAMEDIR" ? "same" : word === "OPPDIR" ? "opposite" : "parallel",
    form: "yes_no",
  };
}

/** "Are A and B facing the same way?", "Is A parallel to B?", "Do both buses point in opposite directions?". */
function read(c: Clause, ref: RefLookup): Query | undefined {
  // "Perpendicular or parallel?" asks the same as "parallel or perpendicular?".
  const word = c.rel?.word === "PERP" && c.rel.alt === "parallel" ? "parallel" : c.rel?.word;
  if (word !== "SAMEDIR" && word !== "OPPDIR" && word !== "parallel") return undefined;
  // "The same or different directions?" asks which.
  const which = (word === "SAMEDIR" && (c.rel!.alt === "DIFFDIR" || c.rel!.alt === "OPPDIR")) ||
    (word === "parallel" && (c.rel!.alt === "PERP" || c.rel!.word === "PERP"));
  const [a, b] = c.pair.length === 2
    ? c.pair
    : [c.subject, c.rel!.pronoun ? undefined : c.rel!.arg];
  if (a === undefined || b === undefined || a === CAMERA || b === CAMERA || a === b) {
    return undefined;
  }
  const q = dirPair(word, ref(a), ref(b));
  return which ? { ...q, form: "which" } as Query : q;
}

async function execute(run: Run, q: DirectionPairQuery): Promise<Verdict> {
  const [a, b] = await run.resolve([q.a, q.b]);
  run.requireOrientation(a, q.a);
  run.requireOrientation(b, q.b);
  const A = bare(q.a);
  const B = bare(q.b);
  const frontA = run.object(a).front!;
  const frontB = run.object(b).front!;
  let bDir: string | number[] = b;
  if (q.relation === "opposite") {
    // Opposite to B ⇔ the same direction as B reversed.
    bDir = (await run.call<{ value: number[] }>("calculate", {
      expression: "-front",
      variables: { front: frontB },
    })).value;
  }
  const c = await run.call<DirectionsComparison>("compare_vectors", {
    a,
    b: bDir,
    kind: "directions",
  });
  run.say(
    `The front direction of the ${A} is ${vec2(frontA)}. The front direction of the ${B} is ${
      vec2(frontB)
    }. The cosine similarity between ${
      q.relation === "opposite" ? `the ${A}'s front and the reverse of the ${B}'s` : "them"
    } is ${num2(c.cosine)} (angle ${Math.round(c.angle_deg)} degrees).`,
  );
  const r = q.category === "multi_object_parallel" ? c.parallel : c.same_direction;
  if (r === "ambiguous") tooClose(`The angle between their fronts (${Math.round(c.angle_deg)}°)`);
  const words = {
    parallel: "parallel",
    same: "facing the same direction",
    opposite: "facing opposite directions",
  }[q.relation];
  const because = `The ${A} and the ${B} are ${r === "yes" ? "" : "not "}${words}.`;
  if (q.form === "which" && q.relation === "parallel") {
    // Not parallel is perpendicular only when the fronts are more than 60° apart either way.
    if (r === "no" && Math.abs(c.cosine) > 0.5) {
      tooClose(
        `Parallel or perpendicular (the fronts are ${Math.round(c.angle_deg)}° apart, neither)`,
      );
    }
    return { relation: r === "yes" ? "parallel" : "perpendicular", because };
  }
  if (q.form === "which") {
    return { relation: r === "yes" ? "the same direction" : "different directions", because };
  }
  return { yes: r === "yes", because };
}

function oracle(q: DirectionPairQuery, scene: NormalizedScene): Expected {
  const front = (r: ObjectRef) => scene.objects.find((x) => x.id === r.id)!.front as Vec3;
  const f = q.category === "multi_object_parallel" ? rel.parallel : rel.sameDirection;
  return { yes: definite(q.category, f(front(q.a), front(q.b))) };
}

const STEPS = [req("front", 2), req(COS_OR_ANGLE, 1)];

/** The direction-pair kind. */
export const directionPairKind: QuestionKind<C> = {
  categories: ["multi_object_parallel", "multi_object_same_direction"],
  title: {
    multi_object_parallel: "whether two objects are parallel",
    multi_object_same_direction: "whether two objects face the same way",
  },
  cue: /\b(?:parallel|same (?:way|direction)|opposite)\b/,
  read,
  execute,
  cot: { multi_object_parallel: { says: [] }, multi_object_same_direction: { says: [] } },
  steps: { multi_object_parallel: STEPS, multi_object_same_direction: STEPS },
  arity: { multi_object_parallel: 2, multi_object_same_direction: 2 },
  needsFront: { multi_object_parallel: [0, 1], multi_object_same_direction: [0, 1] },
  styles: { multi_object_parallel: ["yes_no"], multi_object_same_direction: ["yes_no"] },
  template(category, objects) {
    const [a, b] = objects;
    return yesNoTemplate(category, objects, false, () =>
      category === "multi_object_parallel"
        ? {
          query: { category, a, b, relation: "parallel", form: "yes_no" },
          text: `Are ${a.text} and ${b.text} parallel to each other?`,
        }
        : {
          query: { category, a, b, relation: "same", form: "yes_no" },
          text: `Are ${a.text} and ${b.text} facing the same direction?`,
        });
  },
  oracle,
};
