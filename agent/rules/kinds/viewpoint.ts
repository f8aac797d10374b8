/**
 * Where a target lies as seen by an observer — in front/behind or left/right:
 *
 * - `orientation_in_front_of`: "Is A in front of B?" (B's own front);
 * - `orientation_on_the_left`: "Is A on the left of B?" (B's own left; the camera's with "in
 *   the image");
 * - `orientation_viewpoint`: "From A's perspective, is B on the left or right?";
 * - `multi_object_viewpoint_towards_object`: "Standing at A facing B, is C on my left?".
 *
 * @module
 */
import { facingFrame, leftOf, observerFrame, toLocalPoint } from "../../../core/egocentric.ts";
import * as rel from "../../../core/relations.ts";
import type { YesNo } from "../../../core/relations.ts";
import type { Vec3 } from "../../../core/vec.ts";
import type { NormalizedScene } from "../../../scene/schema.ts";
import type { Viewpoint } from "../../../tools/change_viewpoint.ts";
import type { DirectionsComparison, PointsComparison } from "../../../tools/compare_vectors.ts";
import { num2, vec2 } from "../../number_format.ts";
import { CAMERA, type Clause } from "../clause.ts";
import {
  definite,
  type Expected,
  type QuestionKind,
  type RefLookup,
  type Template,
  yesNoTemplate,
} from "../kind.ts";
import type { ObjectRef, ViewpointQuery } from "../query.ts";
import { bare, type Run, tooClose, Unanswerable, type Verdict } from "../run.ts";
import { COS_OR_ANGLE, req } from "../steps.ts";

type C = ViewpointQuery["category"];
type SideQuery = Omit<ViewpointQuery, "category" | "question" | "options">;

const SIDE_WORD = {
  LEFTOF: "left",
  RIGHTOF: "right",
  ONLEFT: "left",
  ONRIGHT: "right",
  FRONTOF: "in_front",
  INFRONT: "in_front",
  BEHIND: "behind",
} as const;

/** Side words that name the reference object ("left of B"); the others are the observer's own. */
const OF_WORDS = new Set([
  "LEFTOF",
  "RIGHTOF",
  "FRONTOF",
  "BEHIND",
  "LEFTORRIGHT",
  "FRONTORBEHIND",
]);

/** Two mentions of one object: "the horse's orientation … in front of the horse". */
function sameObject(a: ObjectRef, b: ObjectRef): boolean {
  return a.label === b.label && !a.selector && !b.selector && a.colour === b.colour &&
    a.text === b.text;
}

function axisOf(word: string): ViewpointQuery["axis"] {
  return /LEFT|RIGHT/.test(word) ? "left_right" : "front_behind";
}

/**
 * Sides as an observer sees them: "Is A left of B?" (B's own sides, 3DSRBench; the camera's
 * with "in the image"), "Is A in front of B or behind it?", and, with a viewpoint clause, "From
 * A's perspective, is B on the left?" or "Standing at A facing B, is C on my right?".
 */
function read(c: Clause, ref: RefLookup): ViewpointQuery | string | undefined {
  const rel = c.rel;
  const word = rel?.word;
  const sided = word !== undefined &&
    (word in SIDE_WORD || word === "LEFTORRIGHT" || word === "FRONTORBEHIND");
  // "Does the woman have the umbrella on her left?": the subject's own side.
  const own = !c.frame && sided && !OF_WORDS.has(word!) && !rel!.arg &&
    /\b(?:have|has|got|keep|keeps)\b/.test(c.text);
  if (own && c.objects.length === 2 && c.subject !== undefined && c.subject !== CAMERA) {
    const other = c.objects.find((x) => x !== c.subject)!;
    const axis = axisOf(word!);
    return {
      category: axis === "left_right" ? "orientation_on_the_left" : "orientation_in_front_of",
      observer: { object: ref(c.subject) },
      target: ref(other),
      axis,
      relation: SIDE_WORD[word as keyof typeof SIDE_WORD],
      form: "yes_no",
    };
  }
  if (!c.frame) {
    // Without a viewpoint clause only "A <side> of B" is a viewpoint question.
    if (
      !sided || !OF_WORDS.has(word!) || rel!.arg === undefined || rel!.pronoun ||
      rel!.arg === CAMERA
    ) return undefined;
    if (c.subject === undefined || c.subject === CAMERA || c.choice.length) return undefined;
  } else if (c.choice.length >= 2) {
    return "could not choose among objects from a viewpoint: ask about one object (e.g. “from the man's perspective, is the dog on his left?”)";
  } else if (!sided) {
    return "could not read the part after the viewpoint: ask whether an object is on the observer's left or right, or in front of or behind them (e.g. “is the horse on their left?”)";
  }
  const axis = axisOf(word!);
  const alt = rel!.alt && (rel!.alt in SIDE_WORD) && axisOf(rel!.alt) === axis;
  const which = word === "LEFTORRIGHT" || word === "FRONTORBEHIND" || alt || c.askSide;
  const chosen = which
    ? { axis, form: "which" as const }
    : { axis, relation: SIDE_WORD[word as keyof typeof SIDE_WORD], form: "yes_no" as const };
  const frameArgs = !c.frame
    ? []
    : "object" in c.frame
    ? [c.frame.object]
    : [c.frame.position, c.frame.facing];
  const target = [c.subject, ...c.objects].find((x) =>
    x !== undefined && x !== CAMERA && !frameArgs.includes(x) && x !== rel!.arg
  );
  if (target === undefined) return undefined;
  const reference =
    OF_WORDS.has(word!) && rel!.arg !== undefined && !rel!.pronoun && rel!.arg !== CAMERA &&
      !frameArgs.includes(rel!.arg)
      ? rel!.arg
      : undefined;
  if (!c.frame) {
    const category = axis === "left_right" ? "orientation_on_the_left" : "orientation_in_front_of";
    return c.cameraView
      ? { category, observer: "camera", target: ref(target), reference: ref(reference!), ...chosen }
      : { category, observer: { object: ref(reference!) }, target: ref(target), ...chosen };
  }
  const rest = reference !== undefined ? { reference: ref(reference) } : {};
  // "Is A left of B, from B's perspective?": B's own sides, as without the clause.
  const observerItself = "object" in c.frame && rel!.arg !== undefined && !rel!.pronoun &&
    rel!.arg !== CAMERA && sameObject(ref(rel!.arg), ref(c.frame.object));
  if (
    (observerItself || ("object" in c.frame && c.frame.own && reference === undefined)) &&
    "object" in c.frame
  ) {
    const category = axis === "left_right" ? "orientation_on_the_left" : "orientation_in_front_of";
    return { category, observer: { object: ref(c.frame.object) }, target: ref(target), ...chosen };
  }
  if ("object" in c.frame) {
    return {
      category: "orientation_viewpoint",
      observer: { object: ref(c.frame.object) },
      target: ref(target),
      ...rest,
      ...chosen,
    };
  }
  return {
    category: "multi_object_viewpoint_towards_object",
    observer: { position: ref(c.frame.position), facing: ref(c.frame.facing) },
    target: ref(target),
    ...rest,
    ...chosen,
  };
}

/** The verdict of a side question; `context` says whose viewpoint ("From the dog's viewpoint"). */
function sideVerdict(
  q: ViewpointQuery,
  side: "left" | "right" | "in_front" | "behind" | "ambiguous",
  context: string,
): Verdict {
  const T = bare(q.target);
  const of = q.reference ? ` of the ${bare(q.reference)}` : "";
  if (side === "ambiguous") {
    tooClose(
      `${context}, whether the ${T} is ${
        q.axis === "left_right" ? "on the left or the right" : "in front or behind"
      }${of}`,
    );
  }
  const where = side === "in_front" ? "in front" : side === "behind" ? "behind" : `on the ${side}`;
  const because = `${context}, the ${T} is ${where}${of}.`;
  if (q.form === "yes_no") return { yes: side === q.relation, because };
  return { relation: side === "in_front" ? "in front" : side, because };
}

function yesNoSide(r: YesNo, pos: "left" | "in_front", neg: "right" | "behind") {
  return r === "yes" ? pos : r === "no" ? neg : "ambiguous";
}

async function execute(run: Run, q: ViewpointQuery): Promise<Verdict> {
  const obs = q.observer;
  const T = bare(q.target);
  if (obs === "camera" && !q.reference) {
    throw new Unanswerable(
      "left/right or front/behind as the camera sees it needs a second object to compare with",
    );
  }
  if (obs === "camera" || "object" in obs && q.reference) {
    // Target relative to a reference object, as the camera or an object sees it.
    const refs = [...(obs === "camera" ? [] : [obs.object]), q.reference!, q.target];
    const ids = await run.resolve(refs);
    const [refId, targetId] = ids.slice(-2);
    const observer = obs === "camera" ? "camera" : { object_id: ids[0] };
    if (obs !== "camera") run.requireOrientation(ids[0], obs.object);
    await run.locate(ids, refs);
    if (obs !== "camera") {
      await run.call("change_viewpoint", { observer, points: [refId, targetId] });
    }
    const c = await run.call<PointsComparison>("compare_vectors", {
      a: refId,
      b: targetId,
      observer,
    });
    const who = obs === "camera" ? "the camera" : `the ${bare(obs.object)}`;
    const R = bare(q.reference!);
    run.say(`The vector from the ${R} to the ${T} is ${vec2(c.vector)}.`);
    const side = q.axis === "left_right" ? c.relations.left_right : c.relations.front_behind;
    return sideVerdict(q, side, `Seen from ${who}`);
  }
  if ("object" in obs) {
    // The observer's own front and left.
    const ids = await run.resolve([obs.object, q.target]);
    const asked = q.relation === "right" ? "right" : "left";
    run.requireOrientation(
      ids[0],
      obs.object,
      q.axis === "left_right"
        ? `In the picture, is the ${T} to the ${asked} of the ${bare(obs.object)}?`
        : undefined,
    );
    await run.locate(ids, [obs.object, q.target]);
    const c = await run.call<PointsComparison>("compare_vectors", { a: ids[0], b: ids[1] });
    const f = c.a_front;
    if (!f) throw new Unanswerable(`the orientation of ${run.name(ids[0], obs.object)} is unknown`);
    const O = bare(obs.object);
    run.say(
      `The vector from the ${O} to the ${T} is ${vec2(c.vector)}. The cosine similarity between ` +
        `it and the ${O}'s front direction is ${num2(f.cosine_front)} (angle ${
          Math.round(f.angle_front_deg)
        } degrees); with its left direction, ${num2(f.cosine_left)} (angle ${
          Math.round(f.angle_left_deg)
        } degrees).`,
    );
    const side = q.axis === "left_right"
      ? yesNoSide(f.b_on_left_of_a, "left", "right")
      : yesNoSide(f.b_in_front_of_a, "in_front", "behind");
    return sideVerdict(q, side, `From the ${O}'s own viewpoint`);
  }
  // Standing at P facing F.
  const refs = [obs.position, obs.facing, q.target];
  const [p, fc, t] = await run.resolve(refs);
  await run.locate([p, fc, t], refs);
  const observer = { position: p, facing: fc };
  const view = await run.call<Viewpoint>("change_viewpoint", { observer, points: [t] });
  const toFacing = await run.call<PointsComparison>("compare_vectors", { a: p, b: fc });
  const toTarget = await run.call<PointsComparison>("compare_vectors", { a: p, b: t, observer });
  const left = view.observer.left;
  const cf = await run.call<DirectionsComparison>("compare_vectors", {
    a: toTarget.vector,
    b: toFacing.vector,
    kind: "directions",
  });
  const cl = await run.call<DirectionsComparison>("compare_vectors", {
    a: toTarget.vector,
    b: left,
    kind: "directions",
  });
  const P = bare(obs.position);
  const F = bare(obs.facing);
  run.say(
    `Standing at the ${P} facing the ${F}: the front direction is ${
      vec2(view.observer.forward)
    } and the left direction is ${vec2(left)}. The vector from the ${P} to the ${T} is ${
      vec2(toTarget.vector)
    }; its cosine similarity with the front direction is ${num2(cf.cosine)} (angle ${
      Math.round(cf.angle_deg)
    } degrees) and with the left direction ${num2(cl.cosine)} (angle ${
      Math.round(cl.angle_deg)
    } degrees); bearing ${Math.round(view.points[0].bearing_deg)} degrees.`,
  );
  const side = q.axis === "left_right"
    ? toTarget.relations.left_right
    // The observer stands at a, so "b beyond a along the forward axis" means in front of them.
    : toTarget.relations.front_behind === "in_front"
    ? "behind"
    : toTarget.relations.front_behind === "behind"
    ? "in_front"
    : "ambiguous";
  return sideVerdict(q, side, `Standing at the ${P} facing the ${F}`);
}

function side(
  category: C,
  objects: ObjectRef[],
  base: Omit<ViewpointQuery, "category" | "relation" | "form">,
  words: (relation: NonNullable<ViewpointQuery["relation"]>) => string,
): Template {
  const [pos, neg] = base.axis === "left_right"
    ? ["left", "right"] as const
    : ["in_front", "behind"] as const;
  return yesNoTemplate(category, objects, true, (flip) => {
    const relation = flip ? neg : pos;
    return { query: { ...base, category, relation, form: "yes_no" }, text: words(relation) };
  });
}

const SIDE_TEXT = {
  left: "on the left",
  right: "on the right",
  in_front: "in front",
  behind: "behind",
} as const;

const MY_SIDE = {
  left: "on my left",
  right: "on my right",
  in_front: "in front of me",
  behind: "behind me",
} as const;

function oracle(q: ViewpointQuery, scene: NormalizedScene): Expected {
  const obj = (r: ObjectRef) => scene.objects.find((x) => x.id === r.id)!;
  const c = (r: ObjectRef) => obj(r).center as Vec3;
  const o = q.observer;
  if (o === "camera" || q.reference) throw new Error("not generated");
  let where: string;
  if ("object" in o) {
    const p = c(o.object);
    const f = obj(o.object).front as Vec3;
    const t = c(q.target);
    where = q.axis === "left_right"
      ? (definite(q.category, rel.inHalfSpace(p, t, leftOf(observerFrame(p, f))))
        ? "left"
        : "right")
      : (definite(q.category, rel.inHalfSpace(p, t, f)) ? "in_front" : "behind");
  } else {
    const local = toLocalPoint(facingFrame(c(o.position), c(o.facing)), c(q.target));
    where = q.axis === "left_right"
      ? (local[0] < 0 ? "left" : "right")
      : (local[1] > 0 ? "in_front" : "behind");
  }
  return { yes: where === q.relation };
} // deno-fmt-ignore

const FRONT_LEFT = [
  req("location", 1),
  req("vector", 1),
  req("front", 1),
  req("left", 1),
  req(COS_OR_ANGLE, 2),
];

/** The viewpoint kind. */
export const viewpointKind: QuestionKind<C> = {
  categories: [
    "orientation_in_front_of",
    "orientation_on_the_left",
    "orientation_viewpoint",
    "multi_object_viewpoint_towards_object",
  ],
  title: {
    orientation_in_front_of: "in front or behind",
    orientation_on_the_left: "left or right",
    orientation_viewpoint: "a side as seen from an object",
    multi_object_viewpoint_towards_object: "a side as seen standing at one object facing another",
  },
  cue: /\b(?:left|right|front|behind|back|perspective|view|viewpoint)\b/,
  read,
  execute,
  cot: {
    orientation_in_front_of: { says: ["vector", "front"] },
    orientation_on_the_left: { says: ["vector", "left"] },
    orientation_viewpoint: { says: ["vector", "front", "left"] },
    // The standing observer's front and left come from change_viewpoint, always stated.
    multi_object_viewpoint_towards_object: { says: ["vector"] },
  },
  steps: {
    orientation_in_front_of: [
      req("location", 2),
      req("vector", 1),
      req("front", 1),
      req(COS_OR_ANGLE, 1),
    ],
    orientation_on_the_left: [
      req("location", 2),
      req("vector", 1),
      req("left", 1),
      req(COS_OR_ANGLE, 1),
    ],
    orientation_viewpoint: FRONT_LEFT,
    multi_object_viewpoint_towards_object: FRONT_LEFT,
  },
  arity: {
    orientation_in_front_of: 2,
    orientation_on_the_left: 2,
    orientation_viewpoint: 2,
    multi_object_viewpoint_towards_object: 3,
  },
  needsFront: {
    orientation_in_front_of: [1],
    orientation_on_the_left: [1],
    orientation_viewpoint: [0],
    multi_object_viewpoint_towards_object: [],
  },
  styles: {
    orientation_in_front_of: ["yes_no"],
    orientation_on_the_left: ["yes_no"],
    orientation_viewpoint: ["left_right", "front_behind"],
    multi_object_viewpoint_towards_object: ["left_right", "front_behind"],
  },
  template(category, objects, style) {
    const [a, b, c] = objects;
    const axis = style === "front_behind" ? style : "left_right";
    switch (category) {
      case "orientation_in_front_of":
        // b's own front decides: "is a in front of b" (3DSRBench).
        return side(
          category,
          objects,
          { observer: { object: b }, target: a, axis: "front_behind" },
          (r) => `Is ${a.text} ${r === "in_front" ? "in front of" : "behind"} ${b.text}?`,
        );
      case "orientation_on_the_left":
        return side(
          category,
          objects,
          { observer: { object: b }, target: a, axis: "left_right" },
          (r) => `Is ${a.text} to the ${r} of ${b.text}?`,
        );
      case "orientation_viewpoint":
        return side(
          category,
          objects,
          { observer: { object: a }, target: b, axis },
          (r) => `From ${a.text}'s perspective, is ${b.text} ${SIDE_TEXT[r]}?`,
        );
      case "multi_object_viewpoint_towards_object":
        return side(
          category,
          objects,
          { observer: { position: a, facing: b }, target: c, axis },
          (r) => `If I stand at ${a.text} facing ${b.text}, is ${c.text} ${MY_SIDE[r]}?`,
        );
    }
  },
  oracle,
};
