/**
 * The vocabulary of SR-CoT step requirements: each question kind states how many step sentences
 * of which kinds its chain of thought needs (`sft/checks.ts` counts them in a text).
 *
 * @module
 */

/** The kinds of 3D step sentence a chain of thought is made of. */
export const STEP_KINDS = [
  "location",
  "vector",
  "distance_to_camera",
  "distance_between",
  "front",
  "left",
  "cosine",
  "angle",
  "dimension",
  "count",
] as const;

/** One kind of step sentence. */
export type StepKind = typeof STEP_KINDS[number];

/** At least `min` sentences whose kinds are among `kinds` (alternatives, e.g. cosine or angle). */
export interface StepRequirement {
  kinds: readonly StepKind[];
  min: number;
}

/** A requirement: `min` sentences of `kinds` (one kind or alternatives). */
export function req(kinds: StepKind | readonly StepKind[], min: number): StepRequirement {
  return { kinds: typeof kinds === "string" ? [kinds] : kinds, min };
}

/** Cosine or angle: either sentence states the comparison of two directions. */
export const COS_OR_ANGLE: readonly StepKind[] = ["cosine", "angle"];
