/**
 * "How far is A from the camera?" — `distance_to_camera`, a length (metres unless the question
 * names a unit).
 *
 * @module
 */
import { norm, type Vec3 } from "../../../core/vec.ts";
import { num2, UNITS_TEXT } from "../../number_format.ts";
import type { Clause } from "../clause.ts";
import { numericTemplate, type QuestionKind, type RefLookup } from "../kind.ts";
import type { DistanceToCameraQuery } from "../query.ts";
import { bare, cap, part } from "../run.ts";
import { req } from "../steps.ts";

const C = "distance_to_camera" as const;

/** "How far away is A?", "how far am I from A", "A's distance to the camera", "how many feet away is A". */
function read(c: Clause, ref: RefLookup): DistanceToCameraQuery | undefined {
  if (c.how !== "far" || c.objects.length !== 1) return undefined;
  return { category: C, a: ref(c.objects[0]) };
}

/** The distance-to-camera kind. */
export const distanceToCameraKind: QuestionKind<typeof C> = {
  categories: [C],
  title: { [C]: "a distance from the camera" },
  cue: /\b(?:how far|distance|depth|away)\b/,
  read,
  async execute(run, q: DistanceToCameraQuery) {
    const [a] = await run.resolve([q.a]);
    const loc = await run.locate([a], [q.a]);
    const d = loc.objects[0].distance;
    run.say(`The distance from the ${bare(q.a)} to the camera is ${num2(d)}.`);
    return {
      number: { value: d, unit: "m" },
      because: `${cap(part(q.a, "centre"))} is ${run.length(d)} from the camera.`,
    };
  },
  cot: { [C]: { says: ["distance_to_camera"] } },
  steps: { [C]: [req("location", 1), req("distance_to_camera", 1)] },
  arity: { [C]: 1 },
  needsFront: { [C]: [] },
  styles: { [C]: ["number"] },
  template(category, objects, _style, units = "metres") {
    const [a] = objects;
    return numericTemplate(category, objects, {
      query: { category, a },
      text: `How far is ${a.text} from the camera, in ${UNITS_TEXT[units].word}?`,
    });
  },
  oracle: (q, scene) => ({
    number: norm(scene.objects.find((x) => x.id === q.a.id)!.center as Vec3),
  }),
};
