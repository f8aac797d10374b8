/**
 * A question kind: everything about one kind of question in one module — how it is read from
 * text, how it runs over the tools, the sentence it answers with, the SR-CoT sentences and step
 * check its chain of thought needs, the generator's templates, and an independent oracle for
 * tests. Kinds are registered in `kinds.ts` like tools; a kind missing a part, or a category no
 * kind covers, is a type error.
 *
 * @module
 */
import type { FrameUnits } from "../../core/frame.ts";
import type { NormalizedScene } from "../../scene/schema.ts";
import type { Arg, Clause } from "./clause.ts";
import { CAMERA } from "./clause.ts";
import type { Category, ObjectRef, Query } from "./query.ts";
import type { Run, Verdict } from "./run.ts";
import type { StepRequirement } from "./steps.ts";

/** The query type of one category. */
export type QueryOf<C extends Category> = Extract<Query, { category: C }>;

/** Looks up an object argument of the clause (`"3"` for `<3>`) → its {@link ObjectRef}. */
export type RefLookup = (arg: Arg) => ObjectRef;

/**
 * A kind's parse hook: the question's roles (see `clause.ts`) → its query, a string saying what
 * could not be read (a refusal with a reason), or undefined (not this kind).
 */
export type Reader = (c: Clause, ref: RefLookup) => Query | string | undefined;

/** A question as generated: the query for the executor, the text and options for the model. */
export interface Draft {
  query: Query;
  text: string;
  /** Multiple-choice options (3DSRBench categories); numeric questions have none. */
  options?: string[];
}

/** How the answer of a template can be steered towards a wanted value. */
export type Steer = "flip" | "swap" | "none";

/** One template applied to one tuple of objects. */
export interface Template {
  category: Category;
  /** Objects it uses, in tuple order. */
  objects: ObjectRef[];
  /** `yes_no` answers yes/no; `which` picks an object; `number` is numeric. */
  form: "yes_no" | "which" | "number";
  /** Whether the opposite relation exists (FlipEval). */
  flippable: boolean;
  /** How to steer the answer for balance. */
  steer: Steer;
  /** The question, optionally flipped and/or with the compared objects swapped. */
  build(v: { flip: boolean; swap: boolean }): Draft;
}

/**
 * How a category is asked: a yes/no or a which-question, the left/right or front/behind axis of
 * a viewpoint question, or a number.
 */
export type Style = "yes_no" | "which" | "left_right" | "front_behind" | "number";

/** What a question's answer must be: yes/no, the id of the object picked, or a number. */
export type Expected = { yes: boolean } | { id: string } | { number: number };

/**
 * Sentences of a free-form SR-CoT chain a category keeps (`sft/cot.ts`); locations are always
 * kept. `dimension` states one size component: 0 width, 1 length, 2 height.
 */
export interface CotSpec {
  says: readonly ("distance_to_camera" | "distance_between" | "vector" | "front" | "left")[];
  dimension?: 0 | 1 | 2;
}

/** One question kind covering the categories `C`. */
export interface QuestionKind<C extends Category> {
  /** The categories this kind answers. */
  categories: readonly C[];
  /** Each category in plain words, for "Read the question as …" ("a height comparison"). */
  title: Record<C, string>;
  /**
   * Words that suggest this kind in a question the parser could not read (lower-case text);
   * the refusal then names this kind's form and an example with the image's objects.
   */
  cue: RegExp;
  /** Reads the kind's phrasings from normalised text. */
  read: Reader;
  /** Runs the query over the tools; the verdict's sentence is the answer's explanation. */
  execute(run: Run, q: QueryOf<C>): Promise<Verdict>;
  /** Sentences its SR-CoT chain keeps. */
  cot: Record<C, CotSpec>;
  /** The closing step of its chain, when the answer itself is a step (a count). */
  cotClosing?(q: QueryOf<C>, value: unknown): string | undefined;
  /** Steps its chain of thought needs at least. */
  steps: Record<C, readonly StepRequirement[]>;
  /** How many objects a generated question uses (count: one representative of the label). */
  arity: Record<C, number>;
  /** Tuple positions that need a usable front. */
  needsFront: Record<C, readonly number[]>;
  /** The styles each category is asked in. */
  styles: Record<C, readonly Style[]>;
  /** The generator's template for a tuple of objects; a numeric one names `units` (metres). */
  template(category: C, objects: ObjectRef[], style: Style, units?: FrameUnits): Template;
  /** The answer computed from the scene's own numbers, independently of the tools (for tests). */
  oracle(q: QueryOf<C>, scene: NormalizedScene): Expected;
}

/**
 * The two objects a comparison is about, neither the camera: the choice ("A or B", "between A
 * and B", "which of A and B"), else the subject and the comparand ("than B") or the relation's
 * object ("above B").
 */
export function comparedPair(c: Clause): { a: Arg; b: Arg; form: "yes_no" | "which" } | undefined {
  const ok = (x?: Arg) => x !== undefined && x !== CAMERA;
  if (c.choice.length >= 2) {
    return c.choice.every(ok) ? { a: c.choice[0], b: c.choice[1], form: "which" } : undefined;
  }
  if (c.form === "which" && c.pair.length === 2) {
    return { a: c.pair[0], b: c.pair[1], form: "which" };
  }
  const b = c.than?.arg ?? (c.rel?.pronoun ? undefined : c.rel?.arg);
  if (ok(c.subject) && ok(b) && b !== c.subject) return { a: c.subject!, b: b!, form: "yes_no" };
  if (c.pair.length === 2) return { a: c.pair[0], b: c.pair[1], form: "yes_no" };
  return undefined;
}

/** Options of yes/no questions, in the order shown before any CircularEval rotation. */
export const YES_NO_OPTIONS = ["yes", "no"];

/** A yes/no template; `make(flip)` builds the query and text. */
export function yesNoTemplate(
  category: Category,
  objects: ObjectRef[],
  flippable: boolean,
  make: (flip: boolean) => { query: Query; text: string },
): Template {
  return {
    category,
    objects,
    form: "yes_no",
    flippable,
    steer: flippable ? "flip" : "none",
    build: ({ flip }) => {
      const { query, text } = make(flip);
      return { query: { ...query, options: YES_NO_OPTIONS }, text, options: YES_NO_OPTIONS };
    },
  };
}

/** A which-template choosing between `choices`; swapping changes their order. */
export function whichTemplate(
  category: Category,
  objects: ObjectRef[],
  choices: [ObjectRef, ObjectRef],
  flippable: boolean,
  make: (flip: boolean, first: ObjectRef, second: ObjectRef) => { query: Query; text: string },
): Template {
  return {
    category,
    objects,
    form: "which",
    flippable,
    steer: "swap",
    build: ({ flip, swap }) => {
      const [x, y] = swap ? [choices[1], choices[0]] : choices;
      const { query, text } = make(flip, x, y);
      const options = [x.text, y.text];
      return { query: { ...query, options }, text, options };
    },
  };
}

/** A numeric template. */
export function numericTemplate(category: Category, objects: ObjectRef[], draft: Draft): Template {
  return { category, objects, form: "number", flippable: false, steer: "none", build: () => draft };
}

/** Yes/no from a relation that must not be ambiguous in generated data. */
export function definite(category: Category, r: string): boolean {
  if (r === "ambiguous") throw new Error(`${category}: ambiguous, should have been filtered`);
  return r === "yes";
}
