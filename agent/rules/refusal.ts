/**
 * What a refusal suggests when a question cannot be read: the closest supported question form
 * (the first kind, in parse order, whose cue words the question uses) and an example of it
 * written with the objects of this image, from that kind's own generator template.
 *
 * @module
 */
import { kindOf, KINDS } from "./kinds.ts";
import type { Category, ObjectRef } from "./query.ts";
import type { QuestionKind } from "./kind.ts";

/**
 * `n` objects to write an example with: labels present once (so the example needs no "which
 * one"), else two of one label told apart by side.
 */
function exampleRefs(labels: readonly string[], n: number): ObjectRef[] | undefined {
  const distinct = [...new Set(labels)].filter((l) => labels.filter((x) => x === l).length === 1);
  if (distinct.length >= n) {
    return distinct.slice(0, n).map((l) => ({ label: l, text: `the ${l}` }));
  }
  const twice = [...new Set(labels)].find((l) => labels.filter((x) => x === l).length >= 2);
  if (!twice || n - distinct.length > 1) return undefined;
  const rest = distinct.filter((l) => l !== twice).map((l) => ({ label: l, text: `the ${l}` }));
  return [
    { label: twice, text: `the leftmost ${twice}`, selector: { kind: "extreme", by: "leftmost" } },
    {
      label: twice,
      text: `the rightmost ${twice}`,
      selector: { kind: "extreme", by: "rightmost" },
    },
    ...rest,
  ].slice(0, n) as ObjectRef[];
}

/**
 * One sentence naming the closest supported form of `question` and, when the image has enough
 * objects, an example rephrasing with them ("The closest supported form is a comparison of
 * distances to the camera, e.g. “Is the dog closer to the camera than the car?”").
 */
export function rephrasing(question: string, labels: readonly string[]): string {
  const lower = question.toLowerCase();
  const cued = KINDS.find((k) => k.cue.test(lower)) as unknown as QuestionKind<Category>;
  // Without a cue: the most common kind of question, which is closer to the camera.
  const kind = cued ?? kindOf("location_closer_to_camera");
  const categories: readonly Category[] = cued ? kind.categories : ["location_closer_to_camera"];
  // The kind's first category that the image's objects can make an example of.
  for (const category of categories) {
    const objects = exampleRefs(labels, kind.arity[category]);
    if (!objects) continue;
    const text = kind.template(category, objects, kind.styles[category][0])
      .build({ flip: false, swap: false }).text;
    return `The closest supported form is ${kind.title[category]}, e.g. “${text}”`;
  }
  return `The closest supported form is ${kind.title[kind.categories[0]]}.`;
}
