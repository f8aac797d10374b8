/**
 * Test helpers for the data layer: an independent recomputation of a generated answer straight
 * from the scene (core/vec and core/relations, not the tools or the executor), the checks every
 * record must pass, and seeded random scenes.
 *
 * @module
 */
import assert from "node:assert/strict";
import { facingFrame, leftOf, observerFrame, toLocalPoint } from "../core/egocentric.ts";
import { frontFromAngles } from "../core/frame.ts";
import * as rel from "../core/relations.ts";
import { angleDegrees, distance, norm, sub, type Vec3 } from "../core/vec.ts";
import type { ObjectRef, Query } from "../agent/rules/query.ts";
import { type NormalizedScene, parseScene } from "../scene/schema.ts";
import { checkFormat, checkSteps, firstNumber, isCheckedCategory } from "./checks.ts";
import { createRng } from "./prng.ts";
import type { SrCotRecord } from "./record.ts";

/** What a question's answer must be: yes/no, the id of the object picked, or a number. */
export type Expected = { yes: boolean } | { id: string } | { number: number };

/** The answer of `q` computed from the scene's own numbers. */
export function recompute(q: Query, scene: NormalizedScene): Expected {
  const obj = (r: ObjectRef) => {
    const o = scene.objects.find((x) => x.id === r.id);
    if (!o) throw new Error(`no object ${r.id}`);
    return o;
  };
  const c = (r: ObjectRef) => obj(r).center as Vec3;
  const front = (r: ObjectRef) => obj(r).front as Vec3;
  const half = (r: ObjectRef) => {
    const s = obj(r).size;
    return s ? Math.max(s[0], s[1]) / 2 : undefined;
  };
  const yesNo = (r: string) => {
    if (r === "ambiguous") throw new Error(`${q.category}: ambiguous, should have been filtered`);
    return r === "yes";
  };
  switch (q.category) {
    case "height_higher": {
      const r = rel.higherLower(c(q.b), c(q.a), { a: obj(q.b).size?.[2], b: obj(q.a).size?.[2] });
      const aWins = r === (q.relation === "higher" ? "higher" : "lower");
      return q.form === "yes_no" ? { yes: aWins } : { id: (aWins ? q.a : q.b).id! };
    }
    case "location_above": {
      const r = rel.aboveBelow(c(q.b), c(q.a));
      return { yes: r === q.relation };
    }
    case "location_closer_to_camera": {
      const aCloser = norm(c(q.a)) < norm(c(q.b));
      const aWins = q.relation === "closer" ? aCloser : !aCloser;
      return q.form === "yes_no" ? { yes: aWins } : { id: (aWins ? q.a : q.b).id! };
    }
    case "location_next_to": {
      const near = yesNo(rel.nextTo(c(q.a), c(q.b), { a: half(q.a), b: half(q.b) }));
      return { yes: q.relation === "next_to" ? near : !near };
    }
    case "orientation_in_front_of":
    case "orientation_on_the_left":
    case "orientation_viewpoint":
    case "multi_object_viewpoint_towards_object": {
      const o = q.observer;
      if (o === "camera" || q.reference) throw new Error("not generated");
      let side: string;
      if ("object" in o) {
        const p = c(o.object);
        const f = front(o.object);
        const t = c(q.target);
        side = q.axis === "left_right"
          ? (yesNo(rel.inHalfSpace(p, t, leftOf(observerFrame(p, f)))) ? "left" : "right")
          : (yesNo(rel.inHalfSpace(p, t, f)) ? "in_front" : "behind");
      } else {
        const local = toLocalPoint(facingFrame(c(o.position), c(o.facing)), c(q.target));
        side = q.axis === "left_right"
          ? (local[0] < 0 ? "left" : "right")
          : (local[1] > 0 ? "in_front" : "behind");
      }
      return { yes: side === q.relation };
    }
    case "multi_object_closer_to": {
      const [x, y] = q.candidates;
      const firstCloser = distance(c(x), c(q.reference)) < distance(c(y), c(q.reference));
      const firstWins = q.relation === "closer" ? firstCloser : !firstCloser;
      return q.form === "yes_no" ? { yes: firstWins } : { id: (firstWins ? x : y).id! };
    }
    case "multi_object_parallel":
      return { yes: yesNo(rel.parallel(front(q.a), front(q.b))) };
    case "multi_object_same_direction":
      return { yes: yesNo(rel.sameDirection(front(q.a), front(q.b))) };
    case "multi_object_facing": {
      const s = c(q.subject);
      const angle = (r: ObjectRef) => angleDegrees(front(q.subject), sub(c(r), s));
      const best = [...q.candidates].sort((x, y) => angle(x) - angle(y))[0];
      return { id: best.id! };
    }
    case "distance_to_camera":
      return { number: norm(c(q.a)) };
    case "distance_between":
      return { number: distance(c(q.a), c(q.b)) };
    case "object_height":
    case "object_width":
    case "object_length": {
      const k = { object_width: 0, object_length: 1, object_height: 2 }[q.category];
      return { number: obj(q.a).size![k] };
    }
    case "count":
      return { number: scene.objects.filter((o) => o.label === q.label).length };
  }
}

/** The objects a query names, by id. */
function refsOf(q: Query): ObjectRef[] {
  const out: ObjectRef[] = [];
  const walk = (x: unknown) => {
    if (x && typeof x === "object") {
      const r = x as Partial<ObjectRef>;
      if (typeof r.id === "string" && typeof r.text === "string") out.push(r as ObjectRef);
      else Object.values(x).forEach(walk);
    }
  };
  walk(q);
  return out;
}

/**
 * Asserts what every generated record must satisfy: the format and step checks, and an answer
 * equal to {@link recompute} on the scene.
 */
export function assertRecord(r: SrCotRecord, scene: NormalizedScene): void {
  assert.ok(checkFormat(r.cot), `${r.id}: format`);
  const think = r.cot.slice(0, r.cot.indexOf("</think>"));
  assert.ok(isCheckedCategory(r.category), r.category);
  const steps = checkSteps(think, r.category);
  assert.ok(steps.ok, `${r.id}: missing steps ${JSON.stringify(steps.missing)}`);
  assert.ok(r.query, `${r.id}: no query`);
  const want = recompute(r.query, scene);
  if ("number" in want) {
    const got = firstNumber(r.answer);
    assert.ok(
      got !== null && Math.abs(got - want.number) <= 0.006,
      `${r.id}: ${got} vs ${want.number}`,
    );
  } else if ("yes" in want) {
    assert.equal(r.answer_text, want.yes ? "yes" : "no", `${r.id}: ${r.question}`);
  } else {
    const picked = refsOf(r.query).find((x) => x.text === r.answer_text);
    assert.equal(picked?.id, want.id, `${r.id}: ${r.question} → ${r.answer_text}`);
  }
  assert.ok(r.options === undefined || r.options[r.answer.charCodeAt(0) - 65] === r.answer_text);
}

const SIZES: Record<string, Vec3> = {
  person: [0.5, 0.3, 1.7],
  dog: [0.3, 0.8, 0.6],
  car: [1.8, 4.5, 1.5],
  chair: [0.5, 0.5, 0.9],
  horse: [0.6, 2.2, 1.6],
  bench: [1.5, 0.5, 0.8],
};

/** A seeded random street-like scene: 3–7 objects with sizes and confident fronts. */
export function randomScene(seed: number): NormalizedScene {
  const rng = createRng(seed, "random-scene");
  const labels = Object.keys(SIZES);
  const n = 3 + rng.int(5);
  return parseScene({
    objects: Array.from({ length: n }, () => {
      const label = rng.pick(labels);
      const size = SIZES[label];
      return {
        label,
        center: [-6 + 12 * rng.next(), 3 + 17 * rng.next(), -1.5 + size[2] / 2 + rng.next()],
        size,
        front: frontFromAngles(360 * rng.next()),
        orientation_confidence: 0.6 + 0.4 * rng.next(),
      };
    }),
  });
}
