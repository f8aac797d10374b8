/**
 * Reward functions for RL on spatial reasoning (GRPO-style), built on `checks.ts` and importable
 * without the rest of the project. Each returns a number in [0, 1] for one completion.
 *
 * - accuracy: 1 when the `<answer>` matches the gold answer ({@link matchAnswer}), else 0;
 * - format: 1 when the whole completion is `<think>…</think><answer>…</answer>`, else 0;
 * - process: the fraction of the category's required 3D steps present in the think part
 *   ({@link checkSteps}); 0 when the format is wrong, so steps cannot be scored outside it.
 *
 * @module
 */
import {
  type CheckedCategory,
  checkFormat,
  checkSteps,
  extractAnswer,
  type Gold,
  matchAnswer,
} from "./checks.ts";

/** 1 when the completion's answer matches `gold`, else 0 (a missing answer tag scores 0). */
export function accuracyReward(completion: string, gold: Gold): number {
  const answer = extractAnswer(completion);
  return answer !== null && matchAnswer(answer, gold) ? 1 : 0;
}

/** 1 when the completion matches SpatialReasoner's format regex, else 0. */
export function formatReward(completion: string): number {
  return checkFormat(completion) ? 1 : 0;
}

/** Fraction of the required steps of `category` found in the think part; 0 if malformed. */
export function processReward(completion: string, category: CheckedCategory): number {
  if (!checkFormat(completion)) return 0;
  const think = completion.slice(0, completion.indexOf("</think>"));
  return checkSteps(think, category).fraction;
}

/** Weights of the three rewards in {@link totalReward}. */
export interface RewardWeights {
  accuracy: number;
  format: number;
  process: number;
}

/** Equal weights. */
export const DEFAULT_REWARD_WEIGHTS: RewardWeights = { accuracy: 1, format: 1, process: 1 };

/** Each reward and their weighted sum. */
export interface RewardBreakdown extends RewardWeights {
  total: number;
}

/** All three rewards of one completion and their weighted sum. */
export function totalReward(
  completion: string,
  gold: Gold & { category: CheckedCategory },
  weights: RewardWeights = DEFAULT_REWARD_WEIGHTS,
): RewardBreakdown {
  const accuracy = accuracyReward(completion, gold);
  const format = formatReward(completion);
  const process = processReward(completion, gold.category);
  return {
    accuracy,
    format,
    process,
    total: weights.accuracy * accuracy + weights.format * format + weights.process * process,
  };
}
