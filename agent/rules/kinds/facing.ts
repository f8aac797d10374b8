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
import { CAMERA, type Clause } from "../clause.ts";
import { type Expected, type QuestionKind, type RefLookup, whichTemplate } from "../kind.ts";
import type { FacingQuery, ObjectRef } from "../query.ts";
import { bare, type Run, tooClose, type Verdict } from "../run.ts";
import { COS_OR_ANGLE, req } from "../steps.ts";

const C = "multi_object_facing" as const;

/** The camera as a facing candidate ("Which is the man facing, the camera or the dog?"). */
const CAMERA_REF: ObjectRef = { label: "camera", text: "the camera" };

/**
 * "Is A facing B?", "Is A looking at me?", "Which is A facing, B or C?", "Does A face the
 * camera or the dog?".
 */
function read(c: Clause, ref: RefLookup): FacingQuery | string | undefined {
  // "Standing by the couch facing the tv, …": the speaker faces, not an object.
  if ((c.rel?.word !== "FACING" && c.rel?.word !== "FACEDBY") || c.frame || c.standing) {
    return undefined;
  }
  // "Is the sofa faced by the tv?": the tv is the one facing.
  if (c.rel.word === "FACEDBY") {
    const by = c.rel.arg;
    if (by === undefined || by === CAMERA || c.rel.pronoun || c.subject === undefined) {
      return undefined;
    }
    const subject = ref(by);
    return c.subject === CAMERA
      ? { category: C, subject, candidates: [], camera: true, form: "yes_no" }
      : { category: C, subject, candidates: [ref(c.subject)], form: "yes_no" };
  }
  const S = c.subject;
  if (S === undefined || S === CAMERA) return undefined;
  const named = c.choice.length >= 2
    ? c.choice
    : c.rel.arg !== undefined && !c.rel.pronoun
    ? [c.rel.arg]
    : [];
  if (!named.length) {
    return "could not tell what the object should be facing: ask “is the man facing the camera?” or “is the man facing the dog?”";
  }
  const candidates = named.filter((x) => x !== CAMERA && x !== S).map(ref);
  const camera = named.includes(CAMERA);
  return {
    category: C,
    subject: ref(S),
    candidates,
    ...(camera ? { camera: true as const } : {}),
    form: named.length >= 2 ? "which" : "yes_no",
  };
}

/** "Is A facing the camera?": A's front against the vector from A to the origin. */
async function execute(run: Run, q: FacingQuery): Promise<Verdict> {
  const refs = [q.subject, ...q.candidates];
  const ids = await run.resolve(refs);
  run.requireOrientation(ids[0], q.subject);
  await run.locate(ids, refs);
  const S = bare(q.subject);
  // The camera sits at the origin: a candidate given as a point.
  const targets: { ref: ObjectRef; b: string | number[] }[] = [
    ...q.candidates.map((ref, i) => ({ ref, b: ids[i + 1] })),
    ...(q.camera ? [{ ref: CAMERA_REF, b: [0, 0, 0] }] : []),
  ];
  const results: { ref: ObjectRef; angle: number; facing: YesNo }[] = [];
  for (const t of targets) {
    const c = await run.call<PointsComparison>("compare_vectors", { a: ids[0], b: t.b });
    const f = c.a_front!;
    run.say(
      `The vector from the ${S} to the ${bare(t.ref)} is ${vec2(c.vector)}; its cosine ` +
        `similarity with the ${S}'s front direction is ${num2(f.cosine_front)} (angle ${
          Math.round(f.angle_front_deg)
        } degrees).`,
    );
    results.push({ ref: t.ref, angle: f.angle_front_deg, facing: f.a_facing_b });
  }
  if (q.form === "yes_no") {
    const r = results[0];
    if (r.facing === "ambiguous") tooClose(`Whether the ${S} faces the ${bare(r.ref)}`);
    return {
      yes: r.facing === "yes",
      because: `The ${S}'s front is ${Math.round(r.angle)} degrees away from the ${
        bare(r.ref)
      }, so it is ${r.facing === "yes" ? "" : "not "}facing ${q.camera ? "the camera" : "it"}.`,
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
  read,
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
