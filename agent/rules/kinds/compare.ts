/**
 * Comparing two objects' 3D locations: higher/lower (`height_higher`), above/below
 * (`location_above`), closer/farther from the camera (`location_closer_to_camera`) — "Is A
 * higher than B?" or "Which is higher, A or B?".
 *
 * @module
 */
import * as rel from "../../../core/relations.ts";
import { norm, type Vec3 } from "../../../core/vec.ts";
import type { NormalizedScene } from "../../../scene/schema.ts";
import type { PointsComparison } from "../../../tools/compare_vectors.ts";
import { num2 } from "../../number_format.ts";
import { CAMERA, type Clause } from "../clause.ts";
import {
  comparedPair,
  type Expected,
  type QuestionKind,
  type RefLookup,
  whichTemplate,
  yesNoTemplate,
} from "../kind.ts";
import type { CompareQuery, ObjectRef } from "../query.ts";
import { bare, type Run, tooClose, type Verdict } from "../run.ts";
import { req } from "../steps.ts";

type C = CompareQuery["category"];

function compareRelation(word: string): Pick<CompareQuery, "category" | "relation"> {
  switch (word) {
    case "higher":
    case "lower":
      return { category: "height_higher", relation: word };
    case "ABOVE":
      return { category: "location_above", relation: "above" };
    case "BELOW":
      return { category: "location_above", relation: "below" };
    default:
      return { category: "location_closer_to_camera", relation: word as "closer" | "farther" };
  }
}

/**
 * "Is A higher than B?", "Which is closer to me, A or B?", "A or B — which one is nearer?", "Is
 * the cup on the table?" (resting on is read as above: the contact itself cannot be seen in 3D
 * centres). Closer/farther with an object other than the camera belong to `closer_to.ts`.
 */
function read(c: Clause, ref: RefLookup): CompareQuery | string | undefined {
  const word = c.rel?.word;
  if (!word || !["closer", "farther", "higher", "lower", "ABOVE", "BELOW", "on"].includes(word)) {
    return undefined;
  }
  if (c.rel!.alt) return undefined;
  // "Is the woman on the couch happy?": "on" names who, and the question asks something else.
  if (word === "on" && !/<\d+>(?: (?:right now|now|or not|CAMVIEW))?$/.test(c.text.trim())) {
    return "asks something about an object other than where it is (only whether it is on another object can be measured)";
  }
  const distance = word === "closer" || word === "farther";
  if (distance && c.rel!.arg !== undefined && c.rel!.arg !== CAMERA && !c.rel!.pronoun) {
    // "Am I closer to A than to B?": the camera compares A and B.
    if (c.subject === CAMERA) {
      const b = c.than?.arg ?? c.choice.find((x) => x !== c.rel!.arg);
      if (b === undefined || b === CAMERA) return undefined;
      return {
        ...compareRelation(word),
        a: ref(c.rel!.arg),
        b: ref(b),
        form: c.choice.length ? "which" : "yes_no",
      };
    }
    return undefined;
  }
  const pair = comparedPair(c);
  if (!pair) {
    if (distance && c.form === "which") {
      return "could not tell which two objects to compare: name them in the question or give them as --options";
    }
    return undefined;
  }
  return {
    ...compareRelation(word === "on" ? "ABOVE" : word),
    a: ref(pair.a),
    b: ref(pair.b),
    form: pair.form,
    ...(c.choice.length > 2 ? { others: c.choice.slice(2).map(ref) } : {}),
  };
}

/** A choice among more than two objects: the winner of each pair meets the next choice. */
async function execute(run: Run, q: CompareQuery): Promise<Verdict> {
  let verdict = await executePair(run, { ...q, others: undefined });
  const rounds = [verdict.because];
  for (const next of q.others ?? []) {
    verdict = await executePair(run, { ...q, a: verdict.object!, b: next, others: undefined });
    rounds.push(verdict.because);
  }
  return { ...verdict, because: rounds.join(" ") };
}

async function executePair(run: Run, q: CompareQuery): Promise<Verdict> {
  const [a, b] = await run.resolve([q.a, q.b]);
  const loc = await run.locate([a, b], [q.a, q.b]);
  // Relations read "b relative to a": put the question's reference B first so they describe A.
  const c = await run.call<PointsComparison>("compare_vectors", { a: b, b: a });
  const A = bare(q.a);
  const B = bare(q.b);
  let holds: boolean;
  let because: string;
  if (q.category === "location_closer_to_camera") {
    const r = c.relations.closer_to_camera;
    run.say(
      `The distance from the ${A} to the camera is ${num2(c.b_distance_to_camera)}. The ` +
        `distance from the ${B} to the camera is ${num2(c.a_distance_to_camera)}.`,
    );
    if (r === "ambiguous") {
      tooClose(
        `The difference between their distances to the camera (${
          run.length(Math.abs(c.a_distance_to_camera - c.b_distance_to_camera))
        })`,
      );
    }
    const aCloser = r === "b";
    holds = q.relation === "closer" ? aCloser : !aCloser;
    because = `The ${aCloser ? A : B} is closer to the camera (${
      run.length(Math.min(c.a_distance_to_camera, c.b_distance_to_camera))
    } vs ${run.length(Math.max(c.a_distance_to_camera, c.b_distance_to_camera))}).`;
  } else if (q.category === "height_higher") {
    const r = c.relations.higher_lower;
    const [za, zb] = [loc.objects[0].center[2], loc.objects[1].center[2]];
    if (r === "ambiguous") tooClose(`The height difference of the ${A} and the ${B}`);
    holds = q.relation === "higher" ? r === "higher" : r === "lower";
    because = `The ${r === "higher" ? A : B} reaches higher (centres at z = ${run.length(za)} ` +
      `for the ${A} and ${run.length(zb)} for the ${B}, compared at the tops of their boxes).`;
  } else {
    const r = c.relations.above_below;
    const [za, zb] = [loc.objects[0].center[2], loc.objects[1].center[2]];
    if (r === "ambiguous") tooClose(`The vertical offset between the ${A} and the ${B}`);
    holds = q.relation === "above" ? r === "above" : r === "below";
    because = `The ${A}'s centre is ${r} the ${B}'s (z = ${run.length(za)} vs ${run.length(zb)}).`;
  }
  if (q.form === "yes_no") return { yes: holds, because };
  return { object: holds ? q.a : q.b, because };
}

const WORDS = {
  height_higher: ["higher", "lower", "higher than", "lower than"],
  location_above: ["above", "below", "above", "below"],
  location_closer_to_camera: [
    "closer",
    "farther",
    "closer to the camera than",
    "farther from the camera than",
  ],
} as const;

function oracle(q: CompareQuery, scene: NormalizedScene): Expected {
  const obj = (r: ObjectRef) => scene.objects.find((x) => x.id === r.id)!;
  const c = (r: ObjectRef) => obj(r).center as Vec3;
  let aWins: boolean;
  if (q.category === "height_higher") {
    const r = rel.higherLower(c(q.b), c(q.a), { a: obj(q.b).size?.[2], b: obj(q.a).size?.[2] });
    aWins = r === (q.relation === "higher" ? "higher" : "lower");
  } else if (q.category === "location_above") {
    aWins = rel.aboveBelow(c(q.b), c(q.a)) === q.relation;
  } else {
    const aCloser = norm(c(q.a)) < norm(c(q.b));
    aWins = q.relation === "closer" ? aCloser : !aCloser;
  }
  return q.form === "yes_no" ? { yes: aWins } : { id: (aWins ? q.a : q.b).id! };
}

/** The compare kind. */
export const compareKind: QuestionKind<C> = {
  categories: ["height_higher", "location_above", "location_closer_to_camera"],
  title: {
    height_higher: "a comparison of heights",
    location_above: "whether one object is above the other",
    location_closer_to_camera: "a comparison of distances to the camera",
  },
  cue:
    /\b(?:high|higher|low|lower|above|below|under|over|top|closer|nearer|farther|further|near|far)\b/,
  read,
  execute,
  cot: {
    height_higher: { says: [], dimension: 2 },
    location_above: { says: [] },
    location_closer_to_camera: { says: ["distance_to_camera"] },
  },
  steps: {
    height_higher: [req("location", 2)],
    location_above: [req("location", 2)],
    location_closer_to_camera: [req("location", 2), req("distance_to_camera", 2)],
  },
  arity: { height_higher: 2, location_above: 2, location_closer_to_camera: 2 },
  needsFront: { height_higher: [], location_above: [], location_closer_to_camera: [] },
  styles: {
    height_higher: ["yes_no", "which"],
    location_above: ["yes_no"],
    location_closer_to_camera: ["yes_no", "which"],
  },
  template(category, objects, style) {
    const [a, b] = objects;
    const words = WORDS[category];
    const rel = (flip: boolean) => (flip ? words[1] : words[0]) as CompareQuery["relation"];
    if (style === "which") {
      const head = (flip: boolean) =>
        category === "height_higher"
          ? `Which is ${rel(flip)}`
          : `Which is ${flip ? "farther from" : "closer to"} the camera`;
      return whichTemplate(category, objects, [a, b], true, (flip, x, y) => ({
        query: { category, a: x, b: y, relation: rel(flip), form: "which" },
        text: `${head(flip)}, ${x.text} or ${y.text}?`,
      }));
    }
    return yesNoTemplate(category, objects, true, (flip) => ({
      query: { category, a, b, relation: rel(flip), form: "yes_no" },
      text: `Is ${a.text} ${flip ? words[3] : words[2]} ${b.text}?`,
    }));
  },
  oracle,
};
