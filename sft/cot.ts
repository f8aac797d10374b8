/**
 * One trace → one chain of thought in SpatialReasoner's phrasing (SR-CoT), wrapped as
 * `<think>…</think>\n<answer>…</answer>`. Every number is read from a tool output recorded in
 * the trace — locations and distances from `back_project`, vectors, distances, fronts, lefts,
 * cosines and angles from `compare_vectors`, an observer's front and left from
 * `change_viewpoint` — never recomputed here. Numbers have two decimals, angles are whole
 * degrees, vectors are `(a, b, c)`; with frame `spatialreasoner` every vector is converted by
 * `toSpatialReasoner` (distances, cosines and angles do not depend on the frame).
 *
 * The category's question kind decides which sentences a tool output yields (its `cot` spec: a
 * `location_next_to` chain needs a distance between, not a vector), so that each chain holds the
 * steps `checks.ts` requires and little else. With no category (a free-form `ask` trace) every
 * sentence is written.
 *
 * @module
 */
import { toSpatialReasoner } from "../core/frame.ts";
import type { Vec3 } from "../core/vec.ts";
import type { ToolEvent, Trace } from "../agent/trace.ts";
import { num2 } from "../agent/number_format.ts";
import type { CotSpec } from "../agent/rules/kind.ts";
import { kindOf } from "../agent/rules/kinds.ts";
import { ALL_CATEGORIES, type Category, type Query, queryObjects } from "../agent/rules/query.ts";
import type { FrameName } from "./record.ts";

/** A vector as `(a, b, c)` in the requested frame (input is always ours). */
export function vecText(v: readonly number[], frame: FrameName): string {
  const w = frame === "spatialreasoner" ? toSpatialReasoner(v as Vec3) : v;
  return `(${w.map(num2).join(", ")})`;
}

/** What a chain of thought is rendered from. */
export interface CotInput {
  trace: Trace;
  /** The category; absent or `unknown` writes every sentence. */
  category?: string;
  /** The structured query: names its objects (by id) the way the question does. */
  query?: Query;
  /** Text inside `<answer>` (an option letter, yes/no, a number). */
  answer: string;
  /** The answer spelled out, for the closing sentence (defaults to `answer`). */
  answerText?: string;
  frame: FrameName;
}

const DIMENSION_WORD = ["width", "length", "height"];

/** Tool outputs as far as the renderer reads them (the tools' zod schemas are the truth). */
interface Located {
  objects: { id: string; label: string; center: Vec3; size?: Vec3; distance: number }[];
}
interface Points {
  kind: "points";
  vector: Vec3;
  distance: number;
  a_distance_to_camera: number;
  b_distance_to_camera: number;
  reference?: { a_distance: number; b_distance: number };
  a_front?: {
    front: Vec3;
    left: Vec3;
    cosine_front: number;
    angle_front_deg: number;
    cosine_left: number;
    angle_left_deg: number;
  };
}
interface Directions {
  kind: "directions";
  a: Vec3;
  b: Vec3;
  cosine: number;
  angle_deg: number;
}
type Ref = string | Vec3;
type ObserverArg = "camera" | { object_id: string } | { position: Ref; facing: Ref };

const key = (v: readonly number[]) => v.map((x) => x.toFixed(6)).join(",");
const bare = (text: string) => text.replace(/^(the|a|an) /i, "");

/** The sentences of the think part, in trace order, without repeats. */
export function cotSentences(input: CotInput): string[] {
  const { trace, frame } = input;
  const category = (ALL_CATEGORIES as readonly string[]).includes(input.category ?? "")
    ? input.category as Category
    : undefined;
  const spec: CotSpec | undefined = category ? kindOf(category).cot[category] : undefined;
  const want = (said: CotSpec["says"][number]) => !spec || spec.says.includes(said);
  const v = (x: readonly number[]) => vecText(x, frame);

  // Names: the query's words for its objects; labels for anything else the trace touches.
  const names = new Map<string, string>();
  const labels = new Map<string, string>();
  const named = new Set<string>();
  if (input.query) {
    for (const r of queryObjects(input.query)) {
      if (r.id) {
        names.set(r.id, bare(r.text));
        named.add(r.id);
      }
    }
  }
  // Without a query: the label alone when the trace shows one object with it, else label and id.
  const events = trace.events.filter((e): e is ToolEvent =>
    (e.type === "perception" || e.type === "computation") && e.ok
  );
  for (const e of events) {
    const objects = (e.output as { objects?: unknown } | undefined)?.objects;
    if (!Array.isArray(objects)) continue;
    for (const o of objects as { id?: unknown; label?: unknown }[]) {
      if (typeof o.id === "string" && typeof o.label === "string") labels.set(o.id, o.label);
    }
  }
  const perLabel = new Map<string, number>();
  for (const l of labels.values()) perLabel.set(l, (perLabel.get(l) ?? 0) + 1);
  const nameOf = (id: string) => {
    const label = labels.get(id) ?? "object";
    return names.get(id) ?? (perLabel.get(label) === 1 ? label : `${label} ${id}`);
  };
  const vectorNames = new Map<string, string>();
  const refPhrase = (r: Ref) =>
    typeof r === "string" ? `the ${nameOf(r)}` : vectorNames.get(key(r)) ?? `the point ${v(r)}`;

  const out: string[] = [];
  const seen = new Set<string>();
  const say = (s: string) => {
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  };
  for (const e of events) {
    const input_ = (e.input ?? {}) as Record<string, unknown>;
    switch (e.tool) {
      case "back_project": {
        for (const o of (e.output as Located).objects) {
          // With a query, only its objects: perception locates everything in the image.
          if (input.query && !named.has(o.id)) continue;
          const n = nameOf(o.id);
          say(`The 3D location of the ${n} is ${v(o.center)}.`);
          if (want("distance_to_camera")) {
            say(`The distance from the ${n} to the camera is ${num2(o.distance)}.`);
          }
          const dim = spec?.dimension;
          if (dim !== undefined && o.size) {
            say(`The ${DIMENSION_WORD[dim]} of the ${n} is ${num2(o.size[dim])}.`);
          }
        }
        break;
      }
      case "compare_vectors": {
        const a = input_.a as Ref;
        const b = input_.b as Ref;
        if ((e.output as Points | Directions).kind === "directions") {
          const d = e.output as Directions;
          const phrase = (r: Ref, dir: Vec3) => {
            if (typeof r !== "string") return vectorNames.get(key(r)) ?? `the direction ${v(r)}`;
            say(`The front direction of the ${nameOf(r)} is ${v(dir)}.`);
            return `the front direction of the ${nameOf(r)}`;
          };
          const pa = phrase(a, d.a);
          const pb = phrase(b, d.b);
          say(`The cosine similarity between ${pa} and ${pb} is ${num2(d.cosine)}.`);
          say(`The angle between ${pa} and ${pb} is ${Math.round(d.angle_deg)} degrees.`);
          break;
        }
        const p = e.output as Points;
        const A = refPhrase(a);
        const B = refPhrase(b);
        const vector = `the vector from ${A} to ${B}`;
        vectorNames.set(key(p.vector), vector);
        if (want("vector")) say(`The vector from ${A} to ${B} is ${v(p.vector)}.`);
        if (want("distance_between")) {
          say(`The distance between ${A} and ${B} is ${num2(p.distance)}.`);
        }
        if (want("distance_to_camera")) {
          say(`The distance from ${A} to the camera is ${num2(p.a_distance_to_camera)}.`);
          say(`The distance from ${B} to the camera is ${num2(p.b_distance_to_camera)}.`);
        }
        if (p.reference && input_.reference !== undefined) {
          const R = refPhrase(input_.reference as Ref);
          say(`The distance between ${A} and ${R} is ${num2(p.reference.a_distance)}.`);
          say(`The distance between ${B} and ${R} is ${num2(p.reference.b_distance)}.`);
        }
        const f = p.a_front;
        const direction = (name: string, dir: readonly number[], cos: number, angle: number) => {
          say(`The ${name} direction of ${A} is ${v(dir)}.`);
          say(
            `The cosine similarity between the ${name} direction of ${A} and ${vector} is ${
              num2(cos)
            }.`,
          );
          say(
            `The angle between the ${name} direction of ${A} and ${vector} is ${
              Math.round(angle)
            } degrees.`,
          );
        };
        if (f && want("front")) direction("front", f.front, f.cosine_front, f.angle_front_deg);
        if (f && want("left")) direction("left", f.left, f.cosine_left, f.angle_left_deg);
        break;
      }
      case "change_viewpoint": {
        const obs = input_.observer as ObserverArg;
        if (obs === "camera" || !("position" in obs)) break;
        const o = (e.output as { observer: { forward: Vec3; left: Vec3 } }).observer;
        const name = `the observer standing at ${refPhrase(obs.position)} facing ${
          refPhrase(obs.facing)
        }`;
        vectorNames.set(key(o.forward), `the front direction of ${name}`);
        vectorNames.set(key(o.left), `the left direction of ${name}`);
        say(`The front direction of ${name} is ${v(o.forward)}.`);
        say(`The left direction of ${name} is ${v(o.left)}.`);
        break;
      }
    }
  }
  const q = input.query;
  const closing = q && kindOf(q.category).cotClosing?.(q as never, trace.answer?.value);
  if (closing) say(closing);
  return out;
}

/** The whole SR-CoT text: `<think>sentences Therefore, …</think>\n<answer>…</answer>`. */
export function renderCot(input: CotInput): string {
  const sentences = cotSentences(input);
  sentences.push(`Therefore, the answer is ${input.answerText ?? input.answer}.`);
  return `<think>${sentences.join(" ")}</think>\n<answer>${input.answer}</answer>`;
}
