/**
 * The prompts of the SR-CoT training data: a system prompt in SpatialReasoner's style that also
 * states the frame the vectors are written in; the user prompt (question + lettered options) is
 * prompts/user_turn.ts's, shared with the agent and eval.
 *
 * @module
 */
import type { FrameUnits } from "../core/frame.ts";
import { FRAME_AXES, type FrameName } from "./record.ts";

/** Version tag of these prompts, recorded beside evaluation scores. */
export const SR_COT_PROMPT_VERSION = "sr-cot-v1";

/** The system prompt of `llava`/`messages` records, naming the frame and units of every vector. */
export function srCotSystemPrompt(frame: FrameName, units: FrameUnits = "metres"): string {
  return "A conversation between User and Assistant. The user asks a question about an image, " +
    "and the Assistant answers it. The Assistant first reasons about the 3D locations, " +
    "directions and distances of the objects involved, then gives the answer. The reasoning " +
    "and the answer are enclosed within <think> </think> and <answer> </answer> tags, i.e. " +
    "<think> reasoning here </think><answer> answer here </answer>. " +
    `3D coordinates: ${FRAME_AXES[frame]}; ${units}; origin at the camera.`;
}

export { OPTIONS_INSTRUCTION, userPrompt } from "../prompts/user_turn.ts";
