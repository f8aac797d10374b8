/**
 * Question generation for one scene (perceived from an image, or read from a scene file):
 * seeded and reproducible, every answer computed by the rule planner's executor through the same
 * tools the agent uses, filtered (`filters.ts`), balanced, and expanded into CircularEval and
 * FlipEval variants that share a question id. Records come out in the canonical SR-CoT format.
 *
 * Balance is kept across a whole run by {@link BalanceCounts}: each question of a yes/no category
 * asks the relation (or its opposite) whose answer is currently the rarer one, and each
 * which-question names its objects in the order that puts the answer on the rarer side. Scenes are
 * generated in input order, so the counts — and the output — are the same on every run.
 *
 * @module
 */
import { CATEGORIES, type Category, type ObjectRef } from "../agent/rules/query.ts";
import { executeQuery } from "../agent/rules/execute.ts";
import type { PlannerOutcome } from "../agent/llm_loop.ts";
import { newTrace, type Trace, type TraceEvent } from "../agent/trace.ts";
import type { IdentifiedObject, NormalizedScene } from "../scene/schema.ts";
import { defaultRegistry } from "../tools/index.ts";
import type { Workspace } from "../tools/workspace.ts";
import { checkFormat, checkSteps, isCheckedCategory } from "./checks.ts";
import {
  DEFAULT_THRESHOLDS,
  type FilterObject,
  nameObjects,
  objectFilterReason,
  orientationFilterReason,
  type Thresholds,
} from "./filters.ts";
import { createRng, type Rng } from "./prng.ts";
import { ARITY, type Draft, NEEDS_FRONT, STYLES, type Template, template } from "./questions.ts";
import type { FrameName, OrientationConfidence, SrCotRecord } from "./record.ts";
import { buildRecord, canonicalTrace } from "./sample.ts";

/** Settings of a generation run (all part of what a resume must match). */
export interface GenerateSettings {
  seed: number | string;
  /** Base questions per scene (each expands into its variants). */
  perImage: number;
  frame: FrameName;
  /** CircularEval variants (options rotated). */
  circular: boolean;
  /** FlipEval variants (relation flipped). */
  flip: boolean;
  categories?: readonly Category[];
  thresholds?: Thresholds;
}

/** One scene to generate from. */
export interface SceneInput {
  /** Stable key (the input path relative to its directory): seeds the generator, prefixes ids. */
  key: string;
  /** The tools' workspace after perception, or built from the scene file. */
  workspace: Workspace;
  /** The scene the filters read (boxes, image size, a reader's extra fields). */
  scene: NormalizedScene;
  /** Perception events, copied at the head of every question's trace (none for scene files). */
  perceptionEvents: readonly TraceEvent[];
  /** The image as the trace records it. */
  image?: Trace["image"];
  /** Image path as records give it (relative to the image root). */
  imagePath?: string;
  /** The scene file, when the scene came from one. */
  scenePath?: string;
}

/** Answer counts per category, for balance: `{ height_higher: { yes: 3, no: 3 } }`. */
export type BalanceCounts = Record<string, Record<string, number>>;

/** What one scene produced and left out. */
export interface SceneStats {
  /** Base questions. */
  questions: number;
  /** Records (all variants). */
  records: number;
  /** Base questions per category. */
  categories: Record<string, number>;
  /** Balance keys of the original variants per category (yes/no, first/second). */
  balance: BalanceCounts;
  /** Answer letters of every multiple-choice record per category. */
  letters: BalanceCounts;
  /** What was left out and why (objects and candidate questions). */
  filtered: Record<string, number>;
}

/** An empty {@link SceneStats}. */
export function emptyStats(): SceneStats {
  return { questions: 0, records: 0, categories: {}, balance: {}, letters: {}, filtered: {} };
}

/** Adds `b` into `a`. */
export function addStats(a: SceneStats, b: SceneStats): SceneStats {
  a.questions += b.questions;
  a.records += b.records;
  addCounts(a.categories, b.categories);
  for (const k of ["balance", "letters"] as const) {
    for (const [cat, counts] of Object.entries(b[k])) addCounts(a[k][cat] ??= {}, counts);
  }
  addCounts(a.filtered, b.filtered);
  return a;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

/** Non-steerable categories (parallel, same direction) may be this far off balance. */
export const BALANCE_SLACK = 2;

/** Candidate tuples tried per question before a category is given up for the scene. */
const MAX_ATTEMPTS = 40;

/** Tuples are enumerated and shuffled up to this many, sampled at random beyond. */
const MAX_ENUMERATED = 5000;

const registry = defaultRegistry();

/** Why the executor could not answer, as a filter reason. */
function unansweredReason(answer: string): string {
  if (/ambiguity margin/.test(answer)) return "ambiguous_relation";
  if (/orientation/.test(answer)) return "orientation_unusable";
  if (/no 3D size|has no size/.test(answer)) return "no_size";
  return "unanswerable";
}

/** Candidate tuples of distinct objects, one from each position's pool, in a seeded order. */
function tupleSource<T>(pools: readonly T[][], rng: Rng, same: (a: T, b: T) => boolean) {
  const total = pools.reduce((n, p) => n * p.length, 1);
  if (total <= MAX_ENUMERATED) {
    let tuples: T[][] = [[]];
    for (const pool of pools) tuples = tuples.flatMap((t) => pool.map((x) => [...t, x]));
    const valid = rng.shuffle(
      tuples.filter((t) => t.every((x, i) => !t.slice(0, i).some((y) => same(x, y)))),
    );
    let i = 0;
    return () => valid[i++];
  }
  const seen = new Set<string>();
  return () => {
    for (let tries = 0; tries < 200; tries++) {
      const t = pools.map((p) => rng.pick(p));
      if (t.some((x, i) => t.slice(0, i).some((y) => same(x, y)))) continue;
      const k = JSON.stringify(t);
      if (seen.has(k)) continue;
      seen.add(k);
      return t;
    }
    return undefined;
  };
}

interface Executed {
  draft: Draft;
  trace: Trace;
  outcome: PlannerOutcome;
  /** yes/no, first/second, or `number`. */
  key?: string;
}

/** Generates the records of one scene; `balance` is read and updated. */
export async function generateForScene(
  input: SceneInput,
  settings: GenerateSettings,
  balance: BalanceCounts,
): Promise<{ records: SrCotRecord[]; stats: SceneStats }> {
  const t = settings.thresholds ?? DEFAULT_THRESHOLDS;
  const rng = createRng(settings.seed, input.key);
  const stats = emptyStats();
  const filtered = (reason: string, n = 1) =>
    stats.filtered[reason] = (stats.filtered[reason] ?? 0) + n;
  const ws = input.workspace;

  // Objects: every object the planner will see (named among all of their label), the usable ones.
  const sceneById = new Map(input.scene.objects.map((o) => [o.id, o]));
  // Scene objects carry a reader's extra fields (KITTI truncation) that the filters read.
  const all = [...ws.objects.values()].map((o) => (sceneById.get(o.id) ?? o) as FilterObject);
  const refs = nameObjects(all, input.scene, t);
  const named: IdentifiedObject[] = [];
  const excludedLabels = new Set<string>();
  for (const o of all) {
    const why = objectFilterReason(o, input.scene, t);
    if (why) {
      filtered(`object:${why}`);
      excludedLabels.add(o.label);
    } else if (!refs.has(o.id)) filtered("object:duplicate_label");
    else named.push(o as IdentifiedObject);
  }
  const withFront = named.filter((o) => {
    const why = orientationFilterReason(o, t);
    if (why) filtered(`orientation:${why}`);
    return !why;
  });
  const orientations: OrientationConfidence[] = [...ws.objects.values()].map((o) => ({
    id: o.id,
    label: o.label,
    confidence: o.orientation_confidence ?? 0,
    source: o.orientation_source ?? "unknown",
  }));

  const poolsFor = (cat: Category): IdentifiedObject[][] | string => {
    const fronts = NEEDS_FRONT[cat] ?? [];
    if (cat === "count") {
      // One representative per label, only when every object of the label is usable.
      const labels = [...new Set(named.map((o) => o.label))].filter((l) => !excludedLabels.has(l));
      return [labels.map((l) => named.find((o) => o.label === l)!)];
    }
    if (cat === "object_length" && !ws.fromScene) return "length_unobservable";
    if (cat === "object_height" || cat === "object_width" || cat === "object_length") {
      return [named.filter((o) => o.size)];
    }
    return Array.from({ length: ARITY[cat] }, (_, i) => fronts.includes(i) ? withFront : named);
  };

  const run = async (draft: Draft): Promise<Executed> => {
    const trace = newTrace({
      question: draft.text,
      ...(draft.options ? { options: draft.options } : {}),
      ...(input.image ? { image: input.image } : {}),
      ...(input.scenePath ? { scene: input.scenePath } : {}),
      intrinsics: ws.camera,
      units: ws.units,
      planner: "rules",
    });
    trace.events.push(...input.perceptionEvents);
    const outcome = await executeQuery(draft.query, { registry, ctx: { workspace: ws }, trace });
    let key: string | undefined;
    if (outcome.status === "answered") {
      if (typeof outcome.value === "boolean") key = outcome.value ? "yes" : "no";
      else if (draft.options && typeof outcome.value === "string") {
        const i = draft.options.indexOf(outcome.value);
        if (i !== -1) key = i === 0 ? "first" : "second";
      } else if (typeof outcome.value === "number") key = "number";
    }
    return { draft, trace, outcome, key };
  };

  const makeRecords = (base: Executed, qid: string, variant: string, tpl: Template) => {
    const out: SrCotRecord[] = [];
    const opts = base.draft.options;
    const rotations = opts && settings.circular ? opts.length : 1;
    for (let k = 0; k < rotations; k++) {
      const options = opts ? [...opts.slice(k), ...opts.slice(0, k)] : undefined;
      const name = k === 0
        ? variant
        : `${variant === "original" ? "" : `${variant}-`}circular-${k}`;
      const id = `${qid}:${name}`;
      const trace = canonicalTrace({ ...base.trace, ...(options ? { options } : {}) }, id);
      const rec = buildRecord({
        trace,
        questionId: qid,
        variant: name,
        category: tpl.category,
        query: options ? { ...base.draft.query, options } : base.draft.query,
        frame: settings.frame,
        image: input.imagePath,
        orientations,
        source: "generated",
      });
      if (!rec) return undefined;
      const think = rec.cot.slice(0, rec.cot.indexOf("</think>"));
      if (
        !checkFormat(rec.cot) ||
        !(isCheckedCategory(rec.category) && checkSteps(think, rec.category).ok)
      ) return undefined;
      out.push(rec);
    }
    return out;
  };

  const records: SrCotRecord[] = [];
  const categories = rng.shuffle(settings.categories ?? CATEGORIES);
  const sources = new Map<Category, () => IdentifiedObject[] | undefined>();
  const active = new Set(categories);

  const tryCategory = async (cat: Category): Promise<boolean> => {
    let next = sources.get(cat);
    if (!next) {
      const pools = poolsFor(cat);
      if (typeof pools === "string") {
        filtered(`${cat}:${pools}`);
        return false;
      }
      next = tupleSource(pools, rng, (a, b) => a.id === b.id);
      sources.set(cat, next);
    }
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const tuple = next();
      if (!tuple) return false;
      const objects: ObjectRef[] = tuple.map((o) => refs.get(o.id)!);
      const tpl = template(cat, objects, rng.pick(STYLES[cat]), ws.units);
      const first = await run(tpl.build({ flip: false, swap: false }));
      if (first.outcome.status !== "answered" || !first.key) {
        filtered(unansweredReason(first.outcome.answer));
        continue;
      }
      const counts = balance[cat] ??= {};
      let chosen = first;
      let flip = false;
      let swap = false;
      if (tpl.form !== "number") {
        const keys = tpl.form === "yes_no" ? ["yes", "no"] : ["first", "second"];
        const [n0, n1] = keys.map((k) => counts[k] ?? 0);
        const target = n0 === n1 ? rng.pick(keys) : n0 < n1 ? keys[0] : keys[1];
        if (first.key !== target) {
          if (tpl.steer === "none") {
            const other = keys.find((k) => k !== first.key)!;
            if ((counts[first.key] ?? 0) + 1 - (counts[other] ?? 0) > BALANCE_SLACK) {
              filtered("answer_balance");
              continue;
            }
          } else {
            flip = tpl.steer === "flip";
            swap = tpl.steer === "swap";
            chosen = await run(tpl.build({ flip, swap }));
            if (chosen.outcome.status !== "answered" || chosen.key !== target) {
              filtered("steer_inconsistent");
              continue;
            }
          }
        }
      }
      const qid = `${input.key}#${String(stats.questions).padStart(3, "0")}`;
      const originals = makeRecords(chosen, qid, "original", tpl);
      if (!originals) {
        filtered("cot_check_failed");
        continue;
      }
      let flips: SrCotRecord[] = [];
      if (settings.flip && tpl.flippable) {
        // The flip of a question steered by flipping is the question first asked.
        const flipped = flip && !swap ? first : await run(tpl.build({ flip: !flip, swap }));
        const opposite = flipped.outcome.status === "answered" && flipped.key !== undefined &&
          flipped.key !== chosen.key;
        const made = opposite ? makeRecords(flipped, qid, "flip", tpl) : undefined;
        if (made) flips = made;
        else filtered("flip_variant_unanswerable");
      }
      stats.questions++;
      stats.categories[cat] = (stats.categories[cat] ?? 0) + 1;
      if (chosen.key && chosen.key !== "number") {
        counts[chosen.key] = (counts[chosen.key] ?? 0) + 1;
        const b = stats.balance[cat] ??= {};
        b[chosen.key] = (b[chosen.key] ?? 0) + 1;
      }
      for (const r of [...originals, ...flips]) {
        records.push(r);
        if (r.options) {
          const l = stats.letters[cat] ??= {};
          l[r.answer] = (l[r.answer] ?? 0) + 1;
        }
      }
      return true;
    }
    return false;
  };

  while (stats.questions < settings.perImage && active.size) {
    for (const cat of categories) {
      if (stats.questions >= settings.perImage) break;
      if (active.has(cat) && !(await tryCategory(cat))) active.delete(cat);
    }
  }
  stats.records = records.length;
  return { records, stats };
}
