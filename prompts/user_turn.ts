/**
 * The user turn, one text for every place that shows a question to a model: the agent loop at
 * inference, `eval`, and every training format. Options are lettered `A. …` and the answer is
 * the option's LETTER everywhere (3DSRBench's and SpatialReasoner's convention; gold answers are
 * letters, and agent/answer_value.ts maps a letter back to the option's text). The agent's turn
 * adds what is known before any tool runs ({@link perceptionContext}), built from data that both
 * a live workspace and a stored trace hold, so an exported record says exactly what the loop
 * said — and every object id a scene-based record uses is introduced there first.
 *
 * @module
 */
import type { Intrinsics } from "../core/intrinsics.ts";

/** Option letters, in order. */
export const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The instruction after multiple-choice options. */
export const OPTIONS_INSTRUCTION = "Answer with the option's letter from the given choices.";

/** The question, then `A. …` lines and the instruction when there are options. */
export function userPrompt(question: string, options?: readonly string[]): string {
  if (!options?.length) return question;
  const lines = options.map((o, i) => `${LETTERS[i]}. ${o}`);
  return `${question}\n${lines.join("\n")}\n${OPTIONS_INSTRUCTION}`;
}

/** What is known before any tool runs. */
export interface PerceptionFacts {
  intrinsics: Pick<Intrinsics, "fx" | "fy" | "cx" | "cy" | "source">;
  /** The photo's size, when there is one. */
  image?: { width: number; height: number };
  /** False when the model does not take images (the text-only path). */
  imageShown?: boolean;
  /** A measured depth map is loaded. */
  depthMap?: boolean;
  /** Objects of a scene file (perception already done); confidence > 0 when the front is known. */
  sceneObjects?: { id: string; label: string; orientationConfidence: number }[];
  /** The scene is a layout with no camera (a SpatialLM layout without a viewpoint). */
  noCamera?: boolean;
}

/** The context lines of the agent's user turn. */
export function perceptionContext(f: PerceptionFacts): string {
  const k = f.intrinsics;
  const lines = [
    `Intrinsics: fx=${k.fx.toFixed(1)} fy=${k.fy.toFixed(1)} cx=${k.cx.toFixed(1)} ` +
    `cy=${k.cy.toFixed(1)} (${k.source}).`,
  ];
  if (f.image) {
    const size = `${f.image.width}×${f.image.height} px`;
    lines.unshift(
      f.imageShown === false
        ? `The image (${size}) is not shown to you; the tools see it. Start with detect.`
        : `The image is attached (${size}).`,
    );
  }
  if (f.depthMap) lines.push("A measured metric depth map is loaded; estimate_depth uses it.");
  if (f.sceneObjects) {
    const objs = f.sceneObjects.map((o) =>
      `${o.id} (${o.label}${
        o.orientationConfidence > 0
          ? `, orientation known, confidence ${o.orientationConfidence.toFixed(2)}`
          : ""
      })`
    );
    lines.push(
      "Perception is already done (scene file): do not call detect, estimate_depth or " +
        `estimate_orientation. Objects: ${objs.join("; ") || "none"}. Start with back_project.`,
    );
  }
  if (f.noCamera) {
    lines.push(
      "This scene is a layout with no camera: refuse questions about the camera, the picture or " +
        "leftmost/closest objects, and suggest asking from a viewpoint instead (“If I stand at " +
        "the door facing the sofa, is the TV on my left?”).",
    );
  }
  return lines.join("\n");
}

/** The agent's user text: the prompt every format shares, then the context. */
export function agentUserText(
  question: string,
  options?: readonly string[],
  context?: string,
): string {
  const prompt = userPrompt(question, options);
  return context ? `${prompt}\n\n${context}` : prompt;
}
