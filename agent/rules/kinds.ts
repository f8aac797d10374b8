/**
 * The registry of question kinds, in parse order: the first kind whose reader recognises the
 * question's roles (`clause.ts`) wins (viewpoint clauses first, since they wrap the other
 * relations; a superlative over one class before the two-object comparisons). Adding a kind is one module in
 * `kinds/` plus one line here; a category no kind covers fails to type-check.
 *
 * @module
 */
import type { QuestionKind } from "./kind.ts";
import { closerToKind } from "./kinds/closer_to.ts";
import { compareKind } from "./kinds/compare.ts";
import { countKind } from "./kinds/count.ts";
import { directionPairKind } from "./kinds/direction_pair.ts";
import { distanceBetweenKind } from "./kinds/distance_between.ts";
import { distanceToCameraKind } from "./kinds/distance_to_camera.ts";
import { facingKind } from "./kinds/facing.ts";
import { imageSideKind } from "./kinds/image_side.ts";
import { nextToKind } from "./kinds/next_to.ts";
import { sizeKind } from "./kinds/size.ts";
import { sizeCompareKind } from "./kinds/size_compare.ts";
import { viewpointKind } from "./kinds/viewpoint.ts";
import { whichOneKind } from "./kinds/which_one.ts";
import type { Category } from "./query.ts";

/** Every kind, in parse order. */
export const KINDS = [
  viewpointKind,
  countKind,
  sizeKind,
  distanceToCameraKind,
  distanceBetweenKind,
  directionPairKind,
  facingKind,
  whichOneKind,
  closerToKind,
  imageSideKind,
  compareKind,
  sizeCompareKind,
  nextToKind,
] as const;

type Covered = typeof KINDS[number]["categories"][number];
/** Compile-time check: every category has a kind (a missing one makes this `never`). */
const _everyCategoryCovered: [Exclude<Category, Covered>] extends [never] ? true : never = true;

const BY_CATEGORY = new Map<Category, QuestionKind<Category>>();
for (const k of KINDS) {
  for (const c of k.categories) BY_CATEGORY.set(c, k as unknown as QuestionKind<Category>);
}

/** The kind that answers `category`. */
export function kindOf<C extends Category>(category: C): QuestionKind<C> {
  return BY_CATEGORY.get(category) as unknown as QuestionKind<C>;
}

/** A per-category table read from the kinds (`steps`, `arity`, `styles`, …). */
export function byCategory<K extends "steps" | "arity" | "styles" | "needsFront" | "cot" | "title">(
  field: K,
): { [C in Category]: QuestionKind<C>[K][C] } {
  const out: Record<string, unknown> = {};
  for (const [c, k] of BY_CATEGORY) out[c] = (k[field] as Record<string, unknown>)[c];
  return out as { [C in Category]: QuestionKind<C>[K][C] };
}
