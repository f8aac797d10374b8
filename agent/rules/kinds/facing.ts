/**
 * "Is A facing B?" (yes/no) or "Which is A facing, B or C?" (which): A's front against the vector
 * from A to each candidate — `multi_object_facing`.
 *
 * @module
 */
import { MARGINS, type YesNo } from "../../../core/relations.ts";
import { angleDegrees, sub, type Vec3 } from "../../../core/vec.ts";
import type { NormalizedScene } from "../../../scene/schema.ts";
import type { PointsComparison } from "../../../tools/compare_vectors.ts";
import { num2, vec2 } from "../../number_format.ts";
import {
  byPhrasings,
  type Expected,
  type Phrasing,
  type QuestionKind,
  rx,
  WHICH,
  whichTemplate,
} from "../kind.ts";
import type { FacingQuery, ObjectRef } from "../query.ts";
import { bare, type Run, tooClose, type Verdict } from "../run.ts";
import { COS_OR_ANGLE, req } from "../steps.ts";

const C = "multi_object_facing" as const;

const PHRASINGS: Phrasing[] = [
  {
    re: rx(`\\b${WHICH} (?:is|does) § FACING ?§ or §`),
    build: (m, ref) => ({
      category: C,
      subject: ref(m[1]),
      candidates: [ref(m[2]), ref(m[3])],
      form: "which",
    }),
  },
  {
    re: rx("\\b(?:is|does) § FACING § or §"),
    build: (m, ref) => ({
      category: C,
      subject: ref(m[1]),
      candidates: [ref(m[2]), ref(m[3])],
      form: "which",
    }),
  },
  {
    re: rx("\\b(?:is|does|are|do) § FACING CAM\\b"),
    build: (m, ref) => ({
      category: C,
      subject: ref(m[1]),
      candidates: [],
      camera: true,
      form: "yes_no",
    }),
  },
  {
    re: rx("\\b(?:is|does) § FACING §"),
    build: (m, ref) => ({
      category: C,
      subject: ref(m[1]),
      candidates: [ref(m[2])],
      form: "yes_no",
    }),
  },
];

/** "Is A facing the camera?": A's front against the vector from A to the origin. */
async function facingCamera(run: Run, q: FacingQuery): Promise<Verdict> {
  const [id] = await run.resolve([q.subject]);
  run.requireOrientation(id, q.subject);
  await run.locate([id], [q.subject]);
  const S = bare(q.subject);
  const c = await run.call<PointsComparison>("compare_vectors", { a: id, b: [0, 0, 0] });
  const f = c.a_front!;
  run.say(
    `The vector from the ${S} to the camera is ${vec2(c.vector)}; its cosine similarity with ` +
      `the ${S}'s front direction is ${num2(f.cosine_front)} (angle ${
        Math.round(f.angle_front_deg)
      } degrees).`,
  );
  if (f.a_facing_b === "ambiguous") tooClose(`Whether the ${S} faces the camera`);
  return {
    yes: f.a_facing_b === "yes",
    because: `The ${S}'s front is ${Math.round(f.angle_front_deg)} degrees away from the ` +
      `camera, so it is ${f.a_facing_b === "yes" ? "" : "not "}facing the camera.`,
  };
}

async function execute(run: Run, q: FacingQuery): Promise<Verdict> {
  if (q.camera) return await facingCamera(run, q);
  const refs = [q.subject, ...q.candidates];
  const ids = await run.resolve(refs);
  run.requireOrientation(ids[0], q.subject);
  await run.locate(ids, refs);
  const S = bare(q.subject);
  const results: { ref: ObjectRef; angle: number; facing: YesNo }[] = [];
  for (let i = 1; i < ids.length; i++) {
    const c = await run.call<PointsComparison>("compare_vectors", { a: ids[0], b: ids[i] });
    const f = c.a_front!;
    run.say(
      `The vector from the ${S} to the ${bare(refs[i])} is ${vec2(c.vector)}; its cosine ` +
        `similarity with the ${S}'s front direction is ${num2(f.cosine_front)} (angle ${
          Math.round(f.angle_front_deg)
        } degrees).`,
    );
    results.push({ ref: refs[i], angle: f.angle_front_deg, facing: f.a_facing_b });
  }
  if (q.form === "yes_no") {
    const r = results[0];
    if (r.facing === "ambiguous") tooClose(`Whether the ${S} faces the ${bare(r.ref)}`);
    return {
      yes: r.facing === "yes",
      because: `The ${S}'s front is ${Math.round(r.angle)} degrees away from the ${
        bare(r.ref)
      }, so it is ${r.facing === "yes" ? "" : "not "}facing it.`,
    };
  }
  const sorted = [...results].sort((x, y) => x.angle - y.angle);
  // A pick needs the best angle to beat the next by the width of the facing cone's margin band.
  const band = MARGINS.coneOuterDeg - MARGINS.coneInnerDeg;
  if (sorted[1].angle - sorted[0].angle < band) {
    tooClose(
      `Which one the ${S} faces (angles ${Math.round(sorted[0].angle)}° and ${
        Math.round(sorted[1].angle)
      }° differ by less than ${band}°)`,
    );
  }
  return {
    object: sorted[0].ref,
    because: `The ${S}'s front points closest to the ${bare(sorted[0].ref)} (${
      Math.round(sorted[0].angle)
    } degrees off, vs ${Math.round(sorted[1].angle)} for the ${bare(sorted[1].ref)}).`,
  };
}

function oracle(q: FacingQuery, scene: NormalizedScene): Expected {
  if (q.camera) throw new Error("not generated");
  const obj = (r: ObjectRef) => scene.objects.find((x) => x.id === r.id)!;
  const s = obj(q.subject).center as Vec3;
  const front = obj(q.subject).front as Vec3;
  const angle = (r: ObjectRef) => angleDegrees(front, sub(obj(r).center as Vec3, s));
  return { id: [...q.candidates].sort((x, y) => angle(x) - angle(y))[0].id! };
}

/** The facing kind. */
export const facingKind: QuestionKind<typeof C> = {
  categories: [C],
  title: { [C]: "what an object is facing" },
  cue: /\b(?:facing|face|faces|looking|pointing|toward|towards)\b/,
  read: byPhrasings(PHRASINGS),
  execute,
  cot: { [C]: { says: ["vector", "front"] } },
  steps: {
    [C]: [req("location", 3), req("front", 1), req("vector", 2), req(COS_OR_ANGLE, 2)],
  },
  arity: { [C]: 3 },
  needsFront: { [C]: [0] },
  styles: { [C]: ["which"] },
  template(category, objects) {
    const [a, b, c] = objects;
    return whichTemplate(category, objects, [b, c], false, (_flip, x, y) => ({
      query: { category, subject: a, candidates: [x, y], form: "which" },
      text: `Which is ${a.text} facing toward, ${x.text} or ${y.text}?`,
    }));
  },
  oracle,
};
