/**
 * Test helpers for the data layer: an independent recomputation of a generated answer straight
 * from the scene (each question kind's oracle: core/vec and core/relations, not the tools or the
 * executor), the checks every
 * record must pass, and seeded random scenes.
 *
 * @module
 */
import assert from "node:assert/strict";
import { frontFromAngles } from "../core/frame.ts";
import type { Vec3 } from "../core/vec.ts";
import type { Expected } from "../agent/rules/kind.ts";
import { kindOf } from "../agent/rules/kinds.ts";
import type { ObjectRef, Query } from "../agent/rules/query.ts";
import { type NormalizedScene, parseScene } from "../scene/schema.ts";
import { checkFormat, checkSteps, firstNumber, isCheckedCategory } from "./checks.ts";
import { createRng } from "./prng.ts";
import type { SrCotRecord } from "./record.ts";

/** The answer of `q` computed from the scene's own numbers by its kind's oracle. */
export function recompute(q: Query, scene: NormalizedScene): Expected {
  for (const r of refsOf(q)) {
    if (!scene.objects.some((x) => x.id === r.id)) throw new Error(`no object ${r.id}`);
  }
  return kindOf(q.category).oracle(q as never, scene);
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
