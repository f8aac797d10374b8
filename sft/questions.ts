/**
 * Question templates for the generator, read from the question kinds (`agent/rules/kinds/`):
 * for each category, how a tuple of named objects becomes a structured query (what the rule
 * planner's executor answers) and its text (what the model reads), and how the question can be
 * turned around:
 *
 * - `flip` asks the opposite relation (higher ↔ lower, left ↔ right, closer ↔ farther, …), so its
 *   answer is the other one — the FlipEval variant; also how yes/no answers are balanced;
 * - `swap` names the compared objects in the other order (the answer object stays, its option
 *   letter changes), which is how which-questions are balanced.
 *
 * @module
 */
import type { FrameUnits } from "../core/frame.ts";
import type { Style, Template } from "../agent/rules/kind.ts";
import { byCategory, kindOf } from "../agent/rules/kinds.ts";
import type { Category, ObjectRef } from "../agent/rules/query.ts";

export type { Draft, Steer, Style, Template } from "../agent/rules/kind.ts";
export { YES_NO_OPTIONS } from "../agent/rules/kind.ts";
export { plural } from "../agent/rules/lexicon.ts";

/**
 * The template of `category` in `style` for one tuple of objects (its arity is {@link ARITY};
 * positions listed in {@link NEEDS_FRONT} need a usable front); numeric questions ask "in
 * meters?" or, for a scene in Blender units, "in Blender units?".
 */
export function template(
  category: Category,
  objects: ObjectRef[],
  style: Style,
  units: FrameUnits = "metres",
): Template {
  return kindOf(category).template(category, objects, style, units);
}

/** How many objects each category's tuple has (count: one representative of the label). */
export const ARITY: Record<Category, number> = byCategory("arity");

/** Which tuple positions need a usable front, per category. */
export const NEEDS_FRONT: Record<Category, readonly number[]> = byCategory("needsFront");

/** The styles each category is asked in (one is picked per question). */
export const STYLES: Record<Category, readonly Style[]> = byCategory("styles");
