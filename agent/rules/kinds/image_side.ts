/**
 * "Which is farther to the right in the picture, A or B?", "Is A more to the left than B?" —
 * `image_left_right`: sides as the camera sees them (the lateral offset in the camera's frame,
 * with the margin of `core/relations.ts`).
 *
 * @module
 */
import { cameraFrame } from "../../../core/egocentric.ts";
import * as rel from "../../../core/relations.ts";
import type { Vec3 } from "../../../core/vec.ts";
import type { NormalizedScene } from "../../../scene/schema.ts";
import type { PointsComparison } from "../../../tools/compare_vectors.ts";
import { vec2 } from "../../number_format.ts";
import type { Clause } from "../clause.ts";
import {
  comparedPair,
  type Expected,
  type QuestionKind,
  type RefLookup,
  whichTemplate,
  yesNoTemplate,
} from "../kind.ts";
import type { ImageSideQuery, ObjectRef } from "../query.ts";
import { bare, type Run, tooClose, type Verdict } from "../run.ts";
import { req } from "../steps.ts";

const C = "image_left_right" as const;

/**
 * "Which is farther to the right in the picture, A or B?", "Is A more to the left than B?",
 * "Which is on the left, A or B?", "A or B: which is leftmost?".
 */
function read(c: Clause, ref: RefLookup): ImageSideQuery | undefined {
  const w = c.rel?.word;
  const more = w === "MORELEFT" || w === "MORERIGHT";
  // "Which is on the left, A or B?", "is A on the left compared to B?".
  const side = (w === "ONLEFT" || w === "ONRIGHT") && (c.choice.length >= 2 || c.than);
  if (!more && !side) return undefined;
  const pair = comparedPair(c);
  if (!pair || c.rel!.alt) return undefined;
  return {
    category: C,
    a: ref(pair.a),
    b: ref(pair.b),
    side: /LEFT/.test(w!) ? "left" : "right",
    form: pair.form,
  };
}

async function execute(run: Run, q: ImageSideQuery): Promise<Verdict> {
  const [a, b] = await run.resolve([q.a, q.b]);
  await run.locate([a, b], [q.a, q.b]);
  const c = await run.call<PointsComparison>("compare_vectors", {
    a: b,
    b: a,
    observer: "camera",
  });
  const A = bare(q.a);
  const B = bare(q.b);
  run.say(`The vector from the ${B} to the ${A} is ${vec2(c.vector)}.`);
  const r = c.relations.left_right;
  if (r === "ambiguous") tooClose(`The sideways offset between the ${A} and the ${B}`);
  const holds = r === q.side;
  const because = `As the camera sees them, the ${A} is to the ${r} of the ${B}.`;
  if (q.form === "yes_no") return { yes: holds, because };
  return { object: holds ? q.a : q.b, because };
}

function oracle(q: ImageSideQuery, scene: NormalizedScene): Expected {
  const c = (r: ObjectRef) => scene.objects.find((x) => x.id === r.id)!.center as Vec3;
  const r = rel.leftRight(c(q.b), c(q.a), cameraFrame());
  if (r === "ambiguous") throw new Error(`${C}: ambiguous, should have been filtered`);
  const aWins = r === q.side;
  return q.form === "yes_no" ? { yes: aWins } : { id: (aWins ? q.a : q.b).id! };
}

/** The image-side kind. */
export const imageSideKind: QuestionKind<typeof C> = {
  categories: [C],
  title: { [C]: "which object is farther left or right in the picture" },
  cue: /\b(?:left|right)\b/,
  read,
  execute,
  cot: { [C]: { says: ["vector"] } },
  steps: { [C]: [req("location", 2), req("vector", 1)] },
  arity: { [C]: 2 },
  needsFront: { [C]: [] },
  styles: { [C]: ["yes_no", "which"] },
  template(category, objects, style) {
    const [a, b] = objects;
    const s = (flip: boolean) => flip ? "right" : "left";
    if (style === "which") {
      return whichTemplate(category, objects, [a, b], true, (flip, x, y) => ({
        query: { category, a: x, b: y, side: s(flip), form: "which" },
        text: `Which is farther to the ${s(flip)} in the picture, ${x.text} or ${y.text}?`,
      }));
    }
    return yesNoTemplate(category, objects, true, (flip) => ({
      query: { category, a, b, side: s(flip), form: "yes_no" },
      text: `Is ${a.text} farther to the ${s(flip)} than ${b.text} in the picture?`,
    }));
  },
  oracle,
};
