/**
 * The rule planner's executor: a {@link Query} → tool calls through the registry (via
 * {@link runTool}, so the trace has the same shape as the LLM's) → an answer, a typed value and
 * reasoning events that cite the tool outputs. Each category records the outputs its SR-CoT
 * chain needs (docs/agent.md lists them). A missing object, an unknown or too uncertain
 * orientation, or a relation inside its ambiguity margin ends in a plain statement of what is
 * missing, value null and status "unanswerable" — never a guess.
 *
 * @module
 */
import { MARGINS, type YesNo } from "../../core/relations.ts";
import type { Vec3 } from "../../core/vec.ts";
import type { Registry } from "../../tools/registry.ts";
import type { ToolContext } from "../../tools/tool.ts";
import type { WorkspaceObject } from "../../tools/workspace.ts";
import { MIN_ORIENTATION_CONFIDENCE } from "../../tools/refs.ts";
import type { BackProjected } from "../../tools/back_project.ts";
import type { Viewpoint } from "../../tools/change_viewpoint.ts";
import type { DirectionsComparison, PointsComparison } from "../../tools/compare_vectors.ts";
import { matchOption } from "../answer_value.ts";
import type { PlannerOutcome } from "../llm_loop.ts";
import { type EventSink, runTool } from "../run_tool.ts";
import { addEvent, type Trace } from "../trace.ts";
import { labelMatches } from "./parse.ts";
import type {
  CloserToQuery,
  CompareQuery,
  DirectionPairQuery,
  FacingQuery,
  NextToQuery,
  ObjectRef,
  Query,
  ViewpointQuery,
} from "./query.ts";

/** What the executor runs with. */
export interface ExecuteEnv {
  registry: Registry;
  ctx: ToolContext;
  trace: Trace;
  onEvent?: EventSink;
}

/** Thrown inside the executor to end with "cannot answer: …". */
class Unanswerable extends Error {}

const f2 = (x: number) => x.toFixed(2);
const vec = (v: readonly number[]) => `(${v.map(f2).join(", ")})`;
const bare = (r: ObjectRef) => r.text.replace(/^(the|a|an) /, "");

/** A running execution: the calls, the reasoning, the object resolution. */
class Run {
  constructor(readonly env: ExecuteEnv) {}

  say(text: string): void {
    const e = addEvent(this.env.trace, { type: "reasoning", text, source: "rules" });
    this.env.onEvent?.(e);
  }

  async call<T>(name: string, args: unknown): Promise<T> {
    const { registry, ctx, trace, onEvent } = this.env;
    const r = await runTool(registry, name, args, ctx, trace, onEvent);
    if (!r.ok) throw new Unanswerable(`the ${name} step failed: ${r.error}`);
    return r.output as T;
  }

  get objects(): WorkspaceObject[] {
    return [...this.env.ctx.workspace.objects.values()];
  }

  /** Resolves every reference to an object id, back-projecting candidates when a selector needs 3D. */
  async resolve(refs: ObjectRef[]): Promise<string[]> {
    const ids: string[] = [];
    for (const ref of refs) ids.push(await this.resolveOne(ref));
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        if (ids[i] === ids[j]) {
          throw new Unanswerable(
            `“${refs[i].text}” and “${refs[j].text}” are the same object (${ids[i]}); the ` +
              "question needs two different objects",
          );
        }
      }
    }
    return ids;
  }

  private async resolveOne(ref: ObjectRef): Promise<string> {
    const ws = this.env.ctx.workspace;
    if (ref.id) {
      if (!ws.objects.has(ref.id)) throw new Unanswerable(`there is no object with id ${ref.id}`);
      return ref.id;
    }
    const found = this.objects.filter((o) => labelMatches(o.label, ref.label));
    if (found.length === 0) {
      const present = [...new Set(this.objects.map((o) => o.label))];
      throw new Unanswerable(
        `no ${ref.label} was found${ws.fromScene ? " in the scene" : " in the image"} (${
          present.length ? `found: ${present.join(", ")}` : "no objects were found at all"
        })`,
      );
    }
    if (ref.groupSize && found.length !== ref.groupSize) {
      throw new Unanswerable(
        `the question speaks of ${ref.groupSize} ${ref.label}s but ${found.length} were found ` +
          `(${found.map((o) => o.id).join(", ")}); say which ones`,
      );
    }
    const sel = ref.selector;
    if (!sel) {
      if (found.length === 1) return found[0].id;
      throw new Unanswerable(
        `there are ${found.length} ${ref.label}s (${found.map((o) => o.id).join(", ")}); say ` +
          `which one, e.g. “the leftmost ${ref.label}”, “the ${ref.label} closest to the camera” ` +
          `or “the second ${ref.label} from the left”`,
      );
    }
    const ranked = await this.rank(found, sel.kind === "extreme" ? sel.by : sel.from);
    const n = sel.kind === "extreme" ? 1 : sel.n;
    if (n > ranked.length) {
      throw new Unanswerable(
        `“${ref.text}” asks for number ${n} but only ${ranked.length} ${ref.label}s were found`,
      );
    }
    const chosen = ranked[n - 1];
    this.say(
      `“${ref.text}” is ${chosen.id}: ${ranked.length} ${ref.label}s ordered ${
        ORDER_WORDS[sel.kind === "extreme" ? sel.by : sel.from]
      } are ${ranked.map((o) => o.id).join(", ")}.`,
    );
    return chosen.id;
  }

  /** Candidates sorted so the first is the one the word points at. */
  private async rank(found: WorkspaceObject[], by: string): Promise<WorkspaceObject[]> {
    const boxes = found.every((o) => o.box);
    const needs3d = by === "closest" || by === "farthest" || by === "front" || by === "back" ||
      !boxes;
    const placed = new Map<string, { center: Vec3; size?: Vec3; distance: number }>();
    if (needs3d) {
      const out = await this.call<BackProjected>("back_project", {
        object_ids: found.map((o) => o.id),
      });
      for (const o of out.objects) placed.set(o.id, o);
    }
    const key = (o: WorkspaceObject): number => {
      const p = placed.get(o.id);
      const b = o.box;
      switch (by) {
        case "leftmost":
        case "left":
          return b ? (b[0] + b[2]) / 2 : Math.atan2(p!.center[0], p!.center[1]);
        case "rightmost":
        case "right":
          return -(b ? (b[0] + b[2]) / 2 : Math.atan2(p!.center[0], p!.center[1]));
        case "closest":
        case "front":
          return p!.distance;
        case "farthest":
        case "back":
          return -p!.distance;
        case "largest":
          return -(b ? (b[2] - b[0]) * (b[3] - b[1]) : volume(p!.size));
        default:
          return b ? (b[2] - b[0]) * (b[3] - b[1]) : volume(p!.size);
      }
    };
    return [...found].sort((x, y) => key(x) - key(y));
  }

  name(id: string, ref: ObjectRef): string {
    return `${bare(ref)} (${id})`;
  }

  requireOrientation(id: string, ref: ObjectRef): void {
    const o = this.env.ctx.workspace.objects.get(id)!;
    const c = o.orientation_confidence ?? 0;
    if (!o.front) {
      throw new Unanswerable(
        `the orientation of ${this.name(id, ref)} is unknown, so its front, left and facing ` +
          "cannot be determined",
      );
    }
    if (c < MIN_ORIENTATION_CONFIDENCE) {
      throw new Unanswerable(
        `the orientation of ${this.name(id, ref)} is too uncertain (confidence ${f2(c)}, ` +
          `below ${MIN_ORIENTATION_CONFIDENCE})`,
      );
    }
  }

  async locate(ids: string[], refs: ObjectRef[]): Promise<BackProjected> {
    const out = await this.call<BackProjected>("back_project", { object_ids: ids });
    this.say(
      out.objects.map((o, i) => `The 3D location of the ${bare(refs[i])} is ${vec(o.center)}.`)
        .join(" "),
    );
    return out;
  }
}

const ORDER_WORDS: Record<string, string> = {
  leftmost: "from left to right",
  left: "from left to right",
  rightmost: "from right to left",
  right: "from right to left",
  closest: "from nearest to farthest",
  front: "from nearest to farthest",
  farthest: "from farthest to nearest",
  back: "from farthest to nearest",
  largest: "from largest to smallest",
  smallest: "from smallest to largest",
};

function volume(size?: Vec3): number {
  if (!size) throw new Unanswerable("an object has no size to compare");
  return size[0] * size[1] * size[2];
}

/** How an answer is phrased and typed. */
interface Verdict {
  /** Sentence stating the finding. */
  because: string;
  /** For yes/no questions. */
  yes?: boolean;
  /** For which-questions: the chosen object. */
  object?: ObjectRef;
  /** For which-questions about a relation: its words, e.g. "left", "next to each other". */
  relation?: string;
  /** Numeric answers. */
  number?: { value: number; unit: string };
}

/** Words an option may use for a relation. */
const RELATION_WORDS: Record<string, RegExp> = {
  left: /\bleft\b/i,
  right: /\bright\b/i,
  "in front": /\bfront\b/i,
  behind: /\bbehind\b|\bback\b/i,
  "next to each other": /\bnext to\b|\bclose\b|\bnear\b|\bbeside\b/i,
  "far from each other": /\bfar\b/i,
};

function optionFor(v: Verdict, options?: string[]): string | undefined {
  if (!options?.length) return undefined;
  if (v.yes !== undefined) return matchOption(v.yes ? "yes" : "no", options);
  if (v.relation) {
    const re = RELATION_WORDS[v.relation];
    const hits = options.filter((o) => re?.test(o));
    return hits.length === 1 ? hits[0] : matchOption(v.relation, options);
  }
  if (v.object) {
    const exact = matchOption(v.object.text, options) ?? matchOption(bare(v.object), options);
    if (exact) return exact;
    const byLabel = options.filter((o) =>
      o.toLowerCase().split(/[^a-z]+/).some((w) => w && labelMatches(w, v.object!.label))
    );
    return byLabel.length === 1 ? byLabel[0] : undefined;
  }
  return undefined;
}

function finish(run: Run, v: Verdict, options?: string[]): PlannerOutcome {
  const opt = optionFor(v, options);
  let value: PlannerOutcome["value"];
  let head: string;
  if (v.yes !== undefined) {
    value = v.yes;
    head = opt ?? (v.yes ? "Yes" : "No");
  } else if (v.number) {
    value = Math.round(v.number.value * 100) / 100;
    head = `${v.number.unit === "" ? value : `${f2(v.number.value)} ${v.number.unit}`}`;
  } else {
    value = opt ?? (v.object ? bare(v.object) : v.relation!);
    head = String(value);
  }
  const answer = `${head}. ${v.because}`;
  if (options?.length && opt === undefined && v.number === undefined) {
    run.say(`None of the options (${options.join("; ")}) matches the finding exactly.`);
  }
  const e = addEvent(run.env.trace, { type: "answer", answer, value });
  run.env.onEvent?.(e);
  return { answer, value, status: "answered" };
}

function tooClose(what: string): never {
  throw new Unanswerable(`${what} is inside the ambiguity margin, too close to call`);
}

async function compare(run: Run, q: CompareQuery): Promise<Verdict> {
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
      `The distance from the ${A} to the camera is ${f2(c.b_distance_to_camera)}. The distance ` +
        `from the ${B} to the camera is ${f2(c.a_distance_to_camera)}.`,
    );
    if (r === "ambiguous") {
      tooClose(
        `The difference between their distances to the camera (${
          f2(Math.abs(c.a_distance_to_camera - c.b_distance_to_camera))
        } m)`,
      );
    }
    const aCloser = r === "b";
    holds = q.relation === "closer" ? aCloser : !aCloser;
    because = `The ${aCloser ? A : B} is closer to the camera (${
      f2(Math.min(c.a_distance_to_camera, c.b_distance_to_camera))
    } m vs ${f2(Math.max(c.a_distance_to_camera, c.b_distance_to_camera))} m).`;
  } else if (q.category === "height_higher") {
    const r = c.relations.higher_lower;
    const [za, zb] = [loc.objects[0].center[2], loc.objects[1].center[2]];
    if (r === "ambiguous") tooClose(`The height difference of the ${A} and the ${B}`);
    holds = q.relation === "higher" ? r === "higher" : r === "lower";
    because =
      `The ${r === "higher" ? A : B} reaches higher (centres at z = ${f2(za)} m for the ${A}` +
      ` and ${f2(zb)} m for the ${B}, compared at the tops of their boxes).`;
  } else {
    const r = c.relations.above_below;
    const [za, zb] = [loc.objects[0].center[2], loc.objects[1].center[2]];
    if (r === "ambiguous") tooClose(`The vertical offset between the ${A} and the ${B}`);
    holds = q.relation === "above" ? r === "above" : r === "below";
    because = `The ${A}'s centre is ${r} the ${B}'s (z = ${f2(za)} m vs ${f2(zb)} m).`;
  }
  if (q.form === "yes_no") return { yes: holds, because };
  return { object: holds ? q.a : q.b, because };
}

async function nextTo(run: Run, q: NextToQuery): Promise<Verdict> {
  const [a, b] = await run.resolve([q.a, q.b]);
  await run.locate([a, b], [q.a, q.b]);
  const c = await run.call<PointsComparison>("compare_vectors", { a, b });
  const A = bare(q.a);
  const B = bare(q.b);
  run.say(`The distance between the ${A} and the ${B} is ${f2(c.distance)}.`);
  if (c.relations.next_to === "ambiguous") tooClose(`The gap between the ${A} and the ${B}`);
  const near = c.relations.next_to === "yes";
  const because = `The ${A} and the ${B} are ${f2(c.distance)} m apart, ${
    near ? "close enough" : "too far"
  } to count as next to each other for objects of their size.`;
  if (q.form === "which") {
    return { relation: near ? "next to each other" : "far from each other", because };
  }
  return { yes: q.relation === "next_to" ? near : !near, because };
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

async function viewpoint(run: Run, q: ViewpointQuery): Promise<Verdict> {
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
    run.say(`The vector from the ${R} to the ${T} is ${vec(c.vector)}.`);
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
      `The vector from the ${O} to the ${T} is ${vec(c.vector)}. The cosine similarity between ` +
        `it and the ${O}'s front direction is ${f2(f.cosine_front)} (angle ${
          Math.round(f.angle_front_deg)
        } degrees); with its left direction, ${f2(f.cosine_left)} (angle ${
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
      vec(view.observer.forward)
    } and the left direction is ${vec(left)}. The vector from the ${P} to the ${T} is ${
      vec(toTarget.vector)
    }; its cosine similarity with the front direction is ${f2(cf.cosine)} (angle ${
      Math.round(cf.angle_deg)
    } degrees) and with the left direction ${f2(cl.cosine)} (angle ${
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

async function closerTo(run: Run, q: CloserToQuery): Promise<Verdict> {
  const refs = [q.reference, ...q.candidates];
  const [r, c1, c2] = await run.resolve(refs);
  await run.locate([r, c1, c2], refs);
  const c = await run.call<PointsComparison>("compare_vectors", { a: c1, b: c2, reference: r });
  const [A, B, R] = [bare(q.candidates[0]), bare(q.candidates[1]), bare(q.reference)];
  const d = c.reference!;
  run.say(
    `The distance between the ${A} and the ${R} is ${f2(d.a_distance)}. The distance between ` +
      `the ${B} and the ${R} is ${f2(d.b_distance)}.`,
  );
  const who = c.relations.closer_to_reference;
  if (!who || who === "ambiguous") tooClose(`The difference of their distances to the ${R}`);
  const firstCloser = who === "a";
  const because = `The ${firstCloser ? A : B} is closer to the ${R} (${
    f2(Math.min(d.a_distance, d.b_distance))
  } m vs ${f2(Math.max(d.a_distance, d.b_distance))} m).`;
  const firstWins = q.relation === "closer" ? firstCloser : !firstCloser;
  if (q.form === "yes_no") return { yes: firstWins, because };
  return { object: firstWins ? q.candidates[0] : q.candidates[1], because };
}

async function directionPair(run: Run, q: DirectionPairQuery): Promise<Verdict> {
  const [a, b] = await run.resolve([q.a, q.b]);
  run.requireOrientation(a, q.a);
  run.requireOrientation(b, q.b);
  const A = bare(q.a);
  const B = bare(q.b);
  let bDir: string | number[] = b;
  if (q.relation === "opposite") {
    // Opposite to B ⇔ the same direction as B reversed.
    const front = run.env.ctx.workspace.objects.get(b)!.front!;
    bDir = (await run.call<{ value: number[] }>("calculate", {
      expression: "-front",
      variables: { front },
    })).value;
  }
  const c = await run.call<DirectionsComparison>("compare_vectors", {
    a,
    b: bDir,
    kind: "directions",
  });
  const wsA = run.env.ctx.workspace.objects.get(a)!.front!;
  const wsB = run.env.ctx.workspace.objects.get(b)!.front!;
  run.say(
    `The front direction of the ${A} is ${vec(wsA)}. The front direction of the ${B} is ${
      vec(wsB)
    }. The cosine similarity between ${
      q.relation === "opposite" ? `the ${A}'s front and the reverse of the ${B}'s` : "them"
    } is ${f2(c.cosine)} (angle ${Math.round(c.angle_deg)} degrees).`,
  );
  const r = q.category === "multi_object_parallel" ? c.parallel : c.same_direction;
  if (r === "ambiguous") tooClose(`The angle between their fronts (${Math.round(c.angle_deg)}°)`);
  const words = {
    parallel: "parallel",
    same: "facing the same direction",
    opposite: "facing opposite directions",
  }[q.relation];
  return {
    yes: r === "yes",
    because: `The ${A} and the ${B} are ${r === "yes" ? "" : "not "}${words}.`,
  };
}

async function facing(run: Run, q: FacingQuery): Promise<Verdict> {
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
      `The vector from the ${S} to the ${bare(refs[i])} is ${vec(c.vector)}; its cosine ` +
        `similarity with the ${S}'s front direction is ${f2(f.cosine_front)} (angle ${
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

async function measure(run: Run, q: Query): Promise<Verdict> {
  switch (q.category) {
    case "count": {
      const found = run.objects.filter((o) => labelMatches(o.label, q.label));
      run.say(
        found.length
          ? `Found ${found.length} ${q.label}${found.length > 1 ? "s" : ""}: ${
            found.map((o) => o.id).join(", ")
          }.`
          : `No ${q.label} was found.`,
      );
      return {
        number: { value: found.length, unit: "" },
        because: `${found.length} ${q.text} ${found.length === 1 ? "was" : "were"} found.`,
      };
    }
    case "distance_to_camera": {
      const [a] = await run.resolve([q.a]);
      const loc = await run.locate([a], [q.a]);
      const d = loc.objects[0].distance;
      run.say(`The distance from the ${bare(q.a)} to the camera is ${f2(d)}.`);
      return {
        number: { value: d, unit: "m" },
        because: `The ${bare(q.a)}'s centre is ${f2(d)} m from the camera.`,
      };
    }
    case "distance_between": {
      const [a, b] = await run.resolve([q.a, q.b]);
      await run.locate([a, b], [q.a, q.b]);
      const c = await run.call<PointsComparison>("compare_vectors", { a, b });
      run.say(`The distance between the ${bare(q.a)} and the ${bare(q.b)} is ${f2(c.distance)}.`);
      return {
        number: { value: c.distance, unit: "m" },
        because: `The centres of the ${bare(q.a)} and the ${bare(q.b)} are ${
          f2(c.distance)
        } m apart.`,
      };
    }
    case "object_height":
    case "object_width":
    case "object_length": {
      const [a] = await run.resolve([q.a]);
      const loc = await run.locate([a], [q.a]);
      const size = loc.objects[0].size;
      const dim = q.category.slice("object_".length);
      if (!size) throw new Unanswerable(`the ${bare(q.a)} has no 3D size`);
      const value = size[{ width: 0, length: 1, height: 2 }[dim]!];
      const method = (loc.objects[0] as { method?: string }).method ?? "";
      const assumed = dim === "length" && /length assumed/.test(method)
        ? " (a single view shows no depth extent: the length is assumed equal to the width)"
        : "";
      run.say(`The ${dim} of the ${bare(q.a)} is ${f2(value)}${assumed}.`);
      return {
        number: { value, unit: "m" },
        because: `The ${bare(q.a)}'s 3D size is ${vec(size)} (width, length, height); its ${dim} ` +
          `is ${f2(value)} m${assumed}.`,
      };
    }
    default:
      throw new Error(`not a measurement: ${q.category}`);
  }
}

/** Runs a query; always ends with an answer event (value null when it cannot answer). */
export async function executeQuery(query: Query, env: ExecuteEnv): Promise<PlannerOutcome> {
  const run = new Run(env);
  try {
    let v: Verdict;
    switch (query.category) {
      case "height_higher":
      case "location_above":
      case "location_closer_to_camera":
        v = await compare(run, query);
        break;
      case "location_next_to":
        v = await nextTo(run, query);
        break;
      case "orientation_in_front_of":
      case "orientation_on_the_left":
      case "orientation_viewpoint":
      case "multi_object_viewpoint_towards_object":
        v = await viewpoint(run, query);
        break;
      case "multi_object_closer_to":
        v = await closerTo(run, query);
        break;
      case "multi_object_parallel":
      case "multi_object_same_direction":
        v = await directionPair(run, query);
        break;
      case "multi_object_facing":
        v = await facing(run, query);
        break;
      default:
        v = await measure(run, query);
    }
    return finish(run, v, query.options);
  } catch (e) {
    if (!(e instanceof Unanswerable)) throw e;
    return unanswerable(env, `Cannot answer: ${e.message}.`);
  }
}

/** Ends a trace with "cannot answer" (value null) and says so in a reasoning event. */
export function unanswerable(env: ExecuteEnv, answer: string): PlannerOutcome {
  const e = addEvent(env.trace, { type: "answer", answer, value: null });
  env.onEvent?.(e);
  return { answer, value: null, status: "unanswerable" };
}
