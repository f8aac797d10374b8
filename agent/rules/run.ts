/**
 * What a question kind's executor works with: a {@link Run} (tool calls through the registry via
 * {@link runTool}, reasoning events, object resolution with selectors) and the {@link Verdict} it
 * returns. A kind throws {@link Unanswerable} to end with a plain statement of what is missing.
 *
 * @module
 */
import { boxColours, type ColourName, MIN_COLOUR_SHARE } from "../../core/colour.ts";
import { leftToRightKey } from "../../core/left_to_right.ts";
import type { Vec3 } from "../../core/vec.ts";
import type { Registry } from "../../tools/registry.ts";
import type { ToolContext } from "../../tools/tool.ts";
import type { WorkspaceObject } from "../../tools/workspace.ts";
import { OFFLINE_ORIENTATION_MODELS } from "../../tools/estimate_orientation.ts";
import { MIN_ORIENTATION_CONFIDENCE } from "../../tools/refs.ts";
import type { BackProjected } from "../../tools/back_project.ts";
import { formatLength, num2, unitSymbol, vec2 } from "../number_format.ts";
import { type EventSink, runTool } from "../run_tool.ts";
import { addEvent, type Trace } from "../trace.ts";
import { didYouMean, labelMatches, plural } from "./lexicon.ts";
import type { ObjectRef } from "./query.ts";

/** What the executor runs with. */
export interface ExecuteEnv {
  registry: Registry;
  ctx: ToolContext;
  trace: Trace;
  onEvent?: EventSink;
}

/** Thrown inside an executor to end with "cannot answer: …". */
export class Unanswerable extends Error {}

/** How an answer is phrased and typed. */
export interface Verdict {
  /** Sentence stating the finding. */
  because: string;
  /** For yes/no questions. */
  yes?: boolean;
  /** For which-questions: the chosen object. */
  object?: ObjectRef;
  /** For which-questions about a relation: its words, e.g. "left", "next to each other". */
  relation?: string;
  /** Numeric answers: a length in the scene's units (`unit: "m"`) or a plain count (`unit: ""`). */
  number?: { value: number; unit: "m" | "" };
}

/** An object's words without the article: "the red car" → "red car". */
export const bare = (r: ObjectRef): string => r.text.replace(/^(the|a|an) /, "");

/**
 * "the dog's centre", but "the centre of the chair next to the bench": a possessive after a
 * phrase that ends in another noun reads wrongly.
 */
export function part(ref: ObjectRef, noun: string): string {
  const name = bare(ref);
  return /\b(?:next to|holding|carrying|riding|with|in|on|from|closest|farthest|behind|front of|wearing)\b/
      .test(name)
    ? `the ${noun} of the ${name}`
    : `the ${name}'s ${noun}`;
}

/** A sentence's first letter in upper case. */
export function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

/** Ends the run: a relation inside its ambiguity margin is never guessed. */
export function tooClose(what: string): never {
  throw new Unanswerable(`${what} is inside the ambiguity margin, too close to call`);
}

/**
 * The minimum orientation confidence for a front to be used: the object's own
 * `min_orientation_confidence` when its estimator states one, else
 * {@link MIN_ORIENTATION_CONFIDENCE}.
 */
export function orientationThreshold(o: WorkspaceObject): number {
  const own = (o as { min_orientation_confidence?: unknown }).min_orientation_confidence;
  return typeof own === "number" && Number.isFinite(own) ? own : MIN_ORIENTATION_CONFIDENCE;
}

/**
 * How much nearer the nearest candidate must be than the next for "the X next to Y": metres, or
 * the scene's own units (docs/CONVENTIONS.md, margins in a scene's own units).
 */
export const NEAR_MARGIN_M = 0.5;

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
  tallest: "from tallest to shortest",
  shortest: "from shortest to tallest",
};

/** An object's 3D height (its size's z component), for "the tallest giraffe". */
function height(size?: Vec3): number {
  if (!size) throw new Unanswerable("an object has no size to compare");
  return size[2];
}

function volume(size?: Vec3): number {
  if (!size) throw new Unanswerable("an object has no size to compare");
  return size[0] * size[1] * size[2];
}

/** The left-to-right key of an object (core/left_to_right.ts); ends the run when there is none. */
function sideKey(box?: readonly number[], center?: readonly number[]): number {
  const k = leftToRightKey(box, center);
  if (k === undefined) throw new Unanswerable("an object has neither a box nor a 3D centre");
  return k;
}

/** A running execution: the calls, the reasoning, the object resolution. */
export class Run {
  /** Starts a run in `env`. */
  constructor(readonly env: ExecuteEnv) {}

  /** Records one reasoning sentence. */
  say(text: string): void {
    const e = addEvent(this.env.trace, { type: "reasoning", text, source: "rules" });
    this.env.onEvent?.(e);
  }

  /** Calls a tool; a failure ends the run as unanswerable. */
  async call<T>(name: string, args: unknown): Promise<T> {
    const { registry, ctx, trace, onEvent } = this.env;
    const r = await runTool(registry, name, args, ctx, trace, onEvent);
    if (!r.ok) throw new Unanswerable(`the ${name} step failed: ${r.error}`);
    return r.output as T;
  }

  /** A length in the workspace's units, for sentences: "2.50 m", "2.50 Blender units". */
  length(x: number): string {
    return formatLength(x, "m", this.env.ctx.workspace.units);
  }

  /** The unit after a length (`power` 1) or a volume (3) in the workspace's units: "m", "m³". */
  unit(power: 1 | 3 = 1): string {
    return unitSymbol(this.env.ctx.workspace.units, power);
  }

  /** The objects in the workspace. */
  get objects(): WorkspaceObject[] {
    return [...this.env.ctx.workspace.objects.values()];
  }

  /** The workspace object with this id. */
  object(id: string): WorkspaceObject {
    return this.env.ctx.workspace.objects.get(id)!;
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
    let found = this.objects.filter((o) => labelMatches(o.label, ref.label));
    if (found.length === 0) {
      const present = [...new Set(this.objects.map((o) => o.label))];
      const guess = didYouMean(ref.label, present);
      throw new Unanswerable(
        `no ${ref.label} was found${ws.fromScene ? " in the scene" : " in the image"} (${
          present.length ? `found: ${present.join(", ")}` : "no objects were found at all"
        })${guess ? `; did you mean the ${guess}?` : ""}`,
      );
    }
    if (ref.colour) found = this.withColour(found, ref.colour, ref.label);
    if (ref.groupSize && found.length !== ref.groupSize) {
      throw new Unanswerable(
        `the question speaks of ${ref.groupSize} ${plural(ref.label)} but ${found.length} were ` +
          `found (${found.map((o) => o.id).join(", ")}); say which ones`,
      );
    }
    const sel = ref.selector;
    if (!sel) {
      if (found.length === 1) return found[0].id;
      throw new Unanswerable(
        `there are ${found.length} ${plural(ref.label)} (${found.map((o) => o.id).join(", ")}); ` +
          `say which one, e.g. “the leftmost ${ref.label}”, “the ${ref.label} closest to the ` +
          `camera” or “the second ${ref.label} from the left”`,
      );
    }
    if (sel.kind === "near") {
      return (sel.contact ? await this.touching(found, ref, sel.of) : undefined) ??
        await this.nearest(found, ref, sel.of);
    }
    const ranked = await this.rank(found, sel.kind === "extreme" ? sel.by : sel.from);
    const n = sel.kind === "extreme" ? 1 : sel.n;
    if (n > ranked.length) {
      throw new Unanswerable(
        `“${ref.text}” asks for number ${n} but only ${ranked.length} ${plural(ref.label)} ` +
          "were found",
      );
    }
    const chosen = ranked[n - 1];
    this.say(
      `“${ref.text}” is ${chosen.id}: ${ranked.length} ${plural(ref.label)} ordered ${
        ORDER_WORDS[sel.kind === "extreme" ? sel.by : sel.from]
      } are ${ranked.map((o) => o.id).join(", ")}.`,
    );
    return chosen.id;
  }

  /**
   * The objects whose box shows `colour` on at least {@link MIN_COLOUR_SHARE} of its inner
   * pixels (core/colour.ts); ends the run when colours cannot be seen or none matches.
   */
  withColour(found: WorkspaceObject[], colour: ColourName, label: string): WorkspaceObject[] {
    const image = this.env.ctx.workspace.image;
    if (!image || found.some((o) => !o.box)) {
      throw new Unanswerable(
        `telling ${plural(label)} apart by colour needs the photo and their boxes (a scene ` +
          "file alone has no pixels)",
      );
    }
    const named = found.map((o) => {
      const shares = boxColours(image, o.box!);
      const main = (Object.entries(shares) as [ColourName, number][])
        .sort((x, y) => y[1] - x[1])[0][0];
      return { o, share: shares[colour] ?? 0, main };
    });
    this.say(
      `Colours of the ${plural(label)}: ${
        named.map((n) => `${n.o.id} mostly ${n.main}, ${Math.round(n.share * 100)} % ${colour}`)
          .join("; ")
      }.`,
    );
    const kept = named.filter((n) => n.share >= MIN_COLOUR_SHARE).map((n) => n.o);
    if (!kept.length) {
      throw new Unanswerable(
        `no ${colour} ${label} was found (${
          named.map((n) => `${n.o.id} is mostly ${n.main}`).join(", ")
        })`,
      );
    }
    return kept;
  }

  /**
   * "The chair next to the table": the candidate nearest in 3D to the other object; when the
   * second nearest is within {@link NEAR_MARGIN_M} of it, the run asks which one.
   */
  private async nearest(found: WorkspaceObject[], ref: ObjectRef, of: ObjectRef): Promise<string> {
    const anchor = await this.resolveOne(of);
    const candidates = found.filter((o) => o.id !== anchor);
    if (!candidates.length) {
      throw new Unanswerable(`no ${ref.label} other than ${anchor} was found near ${of.text}`);
    }
    const out = await this.call<BackProjected>("back_project", {
      object_ids: [anchor, ...candidates.map((o) => o.id)],
    });
    const at = out.objects[0].center;
    const ranked = out.objects.slice(1)
      .map((o) => ({
        id: o.id,
        d: Math.hypot(o.center[0] - at[0], o.center[1] - at[1], o.center[2] - at[2]),
      }))
      .sort((x, y) => x.d - y.d);
    this.say(
      `“${ref.text}”: distances from ${of.text} (${anchor}): ${
        ranked.map((r) => `${r.id} ${this.length(r.d)}`).join(", ")
      }.`,
    );
    if (ranked.length > 1 && ranked[1].d - ranked[0].d < NEAR_MARGIN_M) {
      throw new Unanswerable(
        `${ranked[0].id} and ${ranked[1].id} are both about as near ${of.text} (${
          this.length(ranked[0].d)
        } and ${this.length(ranked[1].d)}); say which ${ref.label}`,
      );
    }
    return ranked[0].id;
  }

  /**
   * "The man holding the kite", "the cup on the table": the candidate whose image box overlaps
   * the other object's box most (the overlap over the smaller box), when it clearly does — at
   * least twice the next candidate's overlap; undefined (fall back to 3D nearness) otherwise.
   */
  private async touching(
    found: WorkspaceObject[],
    ref: ObjectRef,
    of: ObjectRef,
  ): Promise<string | undefined> {
    const anchor = this.object(await this.resolveOne(of));
    const candidates = found.filter((o) => o.id !== anchor.id);
    if (!anchor.box || !candidates.every((o) => o.box)) return undefined;
    const area = (b: number[]) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
    const overlap = (b: number[]) => {
      const a = anchor.box!;
      const inter = area([
        Math.max(a[0], b[0]),
        Math.max(a[1], b[1]),
        Math.min(a[2], b[2]),
        Math.min(a[3], b[3]),
      ]);
      return inter / Math.max(1e-9, Math.min(area(a), area(b)));
    };
    const ranked = candidates.map((o) => ({ id: o.id, v: overlap(o.box!) }))
      .sort((x, y) => y.v - x.v);
    if (!ranked.length || ranked[0].v === 0 || (ranked[1] && ranked[1].v * 2 > ranked[0].v)) {
      return undefined;
    }
    this.say(
      `“${ref.text}”: the boxes overlapping ${of.text} (${anchor.id}): ${
        ranked.map((r) => `${r.id} ${Math.round(100 * r.v)} %`).join(", ")
      } of the smaller box.`,
    );
    return ranked[0].id;
  }

  /** Candidates sorted so the first is the one the word points at. */
  private async rank(found: WorkspaceObject[], by: string): Promise<WorkspaceObject[]> {
    const boxes = found.every((o) => o.box);
    const needs3d = by === "closest" || by === "farthest" || by === "front" || by === "back" ||
      by === "tallest" || by === "shortest" || !boxes;
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
          return sideKey(b, p?.center);
        case "rightmost":
        case "right":
          return -sideKey(b, p?.center);
        case "closest":
        case "front":
          return p!.distance;
        case "farthest":
        case "back":
          return -p!.distance;
        case "largest":
          return -(b ? (b[2] - b[0]) * (b[3] - b[1]) : volume(p!.size));
        case "tallest":
          return -height(p!.size);
        case "shortest":
          return height(p!.size);
        default:
          return b ? (b[2] - b[0]) * (b[3] - b[1]) : volume(p!.size);
      }
    };
    return [...found].sort((x, y) => key(x) - key(y));
  }

  /** "dog (dog_1)". */
  name(id: string, ref: ObjectRef): string {
    return `${bare(ref)} (${id})`;
  }

  /**
   * Ends the run unless the object has a front with enough confidence: an unknown front is never
   * guessed (the threshold is {@link orientationThreshold}).
   */
  requireOrientation(id: string, ref: ObjectRef, rephrase?: string): void {
    const o = this.object(id);
    const c = o.orientation_confidence ?? 0;
    if (!o.front) {
      const offline = Object.keys(OFFLINE_ORIENTATION_MODELS).map(plural).join(" and ");
      throw new Unanswerable(
        `the orientation of ${this.name(id, ref)} is unknown, so its front, left and facing ` +
          `cannot be determined (offline, only ${offline} have an orientation model; a scene ` +
          `file with a front for it, or Orient Anything on a GPU — docs/gpu.md — would provide ` +
          `it)${rephrase ? `. To ask about the picture instead: “${rephrase}”` : ""}`,
      );
    }
    const min = orientationThreshold(o);
    if (c < min) {
      throw new Unanswerable(
        `the orientation of ${this.name(id, ref)} is too uncertain (confidence ${num2(c)}, ` +
          `below ${min})`,
      );
    }
  }

  /** Back-projects the objects and states their 3D locations. */
  async locate(ids: string[], refs: ObjectRef[]): Promise<BackProjected> {
    const out = await this.call<BackProjected>("back_project", { object_ids: ids });
    this.say(
      out.objects.map((o, i) => `The 3D location of the ${bare(refs[i])} is ${vec2(o.center)}.`)
        .join(" "),
    );
    return out;
  }
}
