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
import {
  definite,
  type Expected,
  type QuestionKind,
  type RefLookup,
  rx,
  type Template,
  yesNoTemplate,
} from "../kind.ts";
import type { ObjectRef, ObserverRef, Query, ViewpointQuery } from "../query.ts";
import { bare, type Run, tooClose, Unanswerable, type Verdict } from "../run.ts";
import { COS_OR_ANGLE, req } from "../steps.ts";

type C = ViewpointQuery["category"];
type SideQuery = Omit<ViewpointQuery, "category" | "question" | "options">;

const OBJ_PRONOUN = "(?:it|him|her|them|CAM|you|itself|himself|herself)";

const SIDE_WORD = {
  LEFTOF: "left",
  RIGHTOF: "right",
  ONLEFT: "left",
  ONRIGHT: "right",
  FRONTOF: "in_front",
  INFRONT: "in_front",
  BEHIND: "behind",
} as const;

function pick(axis: ViewpointQuery["axis"], word?: string) {
  const relation = word ? SIDE_WORD[word as keyof typeof SIDE_WORD] : undefined;
  return relation ? { axis, relation, form: "yes_no" as const } : { axis, form: "which" as const };
}

function axisOf(word: string): ViewpointQuery["axis"] {
  return /LEFT|RIGHT/.test(word) ? "left_right" : "front_behind";
}

/**
 * "Is A left of / in front of B" — B's own sides (3DSRBench), the camera's when the question
 * says "in the image" / "from my viewpoint", or a named observer's. "…of B or behind it" asks
 * which side.
 */
function relativeSide(
  s: string,
  ref: RefLookup,
  observer: ObserverRef | undefined,
  cameraView: boolean,
): { query: SideQuery; category: C } | undefined {
  const m = s.match(
    rx(
      `§ (LEFTOF|RIGHTOF|FRONTOF|BEHIND|LEFTORRIGHT of|FRONTORBEHIND(?: of)?) §( or (?:on |to )?(?:the )?(?:BEHIND|FRONTOF|INFRONT|LEFTOF|RIGHTOF|ONLEFT|ONRIGHT|left|right)\\b)?`,
    ),
  ); // deno-fmt-ignore
  if (!m) return undefined;
  const word = m[2].replace(/ of$/, "");
  const axis = axisOf(word);
  const chosen = word.includes("OR") || m[4] ? pick(axis) : pick(axis, word);
  const target = ref(m[1]);
  const b = ref(m[3]);
  const category = axis === "left_right" ? "orientation_on_the_left" : "orientation_in_front_of";
  if (observer) return { query: { observer, target, reference: b, ...chosen }, category };
  if (cameraView) {
    return { query: { observer: "camera", target, reference: b, ...chosen }, category };
  }
  return { query: { observer: { object: b }, target, ...chosen }, category };
}

/** "Is A on my left", "is A in front of it": A relative to the observer itself. */
function observerSide(s: string, ref: RefLookup, observer: ObserverRef): SideQuery | undefined {
  const P = OBJ_PRONOUN;
  let m = s.match(
    rx(
      `§ (?:is |be )?(LEFTORRIGHT|ONLEFT|ONRIGHT|FRONTORBEHIND|INFRONT|BEHIND|FRONTOF|LEFTOF|RIGHTOF)(?: ${P})?(?: or (ONLEFT|ONRIGHT|INFRONT|BEHIND|FRONTOF))?`,
    ),
  );
  if (m) {
    const which = !!m[3] || m[2].includes("OR");
    return {
      observer,
      target: ref(m[1]),
      ...(which ? pick(axisOf(m[2])) : pick(axisOf(m[2]), m[2])),
    };
  }
  m = s.match(rx(`which side(?: of ${P})? (?:is|are) § (?:on|at)`));
  if (m) return { observer, target: ref(m[1]), ...pick("left_right") };
  return undefined;
} // deno-fmt-ignore

/** Viewpoint clauses: whose eyes the rest of the question looks through. */
function read(s0: string, ref: RefLookup, cues: { cameraView: boolean }): Query | string | undefined {
  // A trailing space lets clauses that end the sentence match "§ (.*)$" like inner ones.
  const s = `${s0} `;
  const STAND = "(?:(?:if|when|suppose|imagine|assume) (?:that )?)?(?:(?:i|you|we|one|someone) ?(?:am |are |were |was |is |'m |'re )?(?:stand|stands|standing|stood|sit|sits|sitting|sat|be|positioned|located|placed)?|standing|sitting|positioned|located)";
  const AT = "(?: ?(?:at|by|on|in|beside|NEXTTO|FRONTOF|near))?(?: the (?:position|location) of)?";
  let m: RegExpMatchArray | null;
  // Standing at A facing B.
  if ((m = s.match(rx(`^(.*?)\\b${STAND}${AT} § (?:'s (?:position|location) )??(?:and |while |with (?:my|your) back to \\S+ and )?(?:am |are |were |is )?FACING § (.*)$`))) ||
      (m = s.match(rx(`^(.*?)\\bfrom § (?:looking |FACING )(?:at |towards? )?§ (.*)$`)))) {
    const observer: ObserverRef = { position: ref(m[2]), facing: ref(m[3]) };
    const rest = `${m[1]} ${m[4]}`;
    const q = relativeSide(rest, ref, observer, false)?.query ?? observerSide(rest, ref, observer);
    if (!q) return "could not read the part after the viewpoint (e.g. “is the lamp on my left?”)";
    return { ...q, category: "multi_object_viewpoint_towards_object" };
  }
  // Seeing through A's eyes: "from A's perspective", "standing at A's position facing where it faces".
  if ((m = s.match(rx(`^(.*?)\\b(?:from|in|through) (?:the VIEW of § |§ 's VIEW |§ 's eyes )(.*)$`))) ||
      (m = s.match(rx(`^(.*?)\\b${STAND}${AT} § (?:'s (?:position|location) )??(?:and )?(?:am |are |were )?FACING (?:where|the (?:same )?(?:direction|way)) (?:that )?(?:it|he|she|they|§) (?:'s |is |are |was )?(?:FACING)? ?(.*)$`))) ||
      (m = s.match(rx(`^(.*?)\\b(?:if|when|suppose|imagine) (?:i|you|we) (?:am|are|were|was) § (.*)$`)))) {
    const idx = m.slice(2, -1).find((g) => g !== undefined)!;
    const observer: ObserverRef = { object: ref(idx) };
    const rest = `${m[1]} ${m.at(-1)}`;
    const q = relativeSide(rest, ref, observer, false)?.query ?? observerSide(rest, ref, observer);
    if (!q) return "could not read the part after the viewpoint (e.g. “is the horse on their left or right?”)";
    return { ...q, category: "orientation_viewpoint" };
  }
  const side = relativeSide(s, ref, undefined, cues.cameraView);
  return side ? { ...side.query, category: side.category } : undefined;
} // deno-fmt-ignore

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
    run.requireOrientation(ids[0], obs.object);
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
