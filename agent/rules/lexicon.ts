/**
 * The parser's lexicon of object names: the scene's own labels (with their plurals) first, then
 * the detector's COCO vocabulary with its synonyms and plurals (models/coco_query.ts: "man",
 * "woman", "guy", "people", "sofa", "bike", …). One pluraliser serves the parser and the
 * question generator.
 *
 * @module
 */
import { COCO_LABELS } from "../../models/coco.ts";
import { cocoLabelFor, normalizePhrase } from "../../models/coco_query.ts";
import { editDistance } from "../../core/edit_distance.ts";

/** Words never read as an object (they collide with COCO synonyms in questions). */
const NOT_OBJECTS = new Set(["CAM", "VIEW", "it", "he", "she", "they", "one", "object", "side"]);

const IRREGULAR: Record<string, string> = {
  person: "people",
  mouse: "mice",
  knife: "knives",
  sheep: "sheep",
  skis: "skis",
  scissors: "scissors",
};

/** Lower case, `_`/`-` to spaces, spaces collapsed: how labels are compared. */
export function normLabel(s: string): string {
  return s.toLowerCase().replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim();
}

/** Every plural form of a label (irregular first), e.g. `strawberry` → strawberries, strawberrys. */
export function pluralForms(label: string): string[] {
  const words = label.split(" ");
  const last = words.pop()!;
  const forms = IRREGULAR[last] ? [IRREGULAR[last]] : [];
  if (/(s|x|z|ch|sh)$/.test(last)) forms.push(`${last}es`);
  else if (/[^aeiou]y$/.test(last)) forms.push(`${last.slice(0, -1)}ies`, `${last}s`);
  else forms.push(`${last}s`);
  return [...new Set(forms)].map((p) => [...words, p].join(" "));
}

/** English plural of a label: `person` → `people`, `bus` → `buses`. */
export function plural(label: string): string {
  return pluralForms(label)[0];
}

/** A phrase (1–3 words) → canonical label, or undefined. */
export type Labeler = (phrase: string) => string | undefined;

/** The lexicon for one question: the scene's labels, then COCO names and synonyms. */
export function makeLabeler(sceneLabels: readonly string[]): Labeler {
  const scene = new Map<string, string>();
  for (const l of sceneLabels) {
    const n = normLabel(l);
    // Compounds written open or closed name one thing: "dirtbike" is asked as "dirt bike".
    for (const form of [n, ...pluralForms(n)]) {
      scene.set(form, n);
      scene.set(form.replace(/ /g, ""), n);
    }
  }
  return (phrase) => scene.get(phrase) ?? scene.get(phrase.replace(/ /g, "")) ?? cocoPhrase(phrase);
}

/** COCO lookups of phrases, memoised: the same few hundred words recur in every question. */
const COCO_MEMO = new Map<string, string | undefined>();

function cocoPhrase(phrase: string): string | undefined {
  if (COCO_MEMO.has(phrase)) return COCO_MEMO.get(phrase);
  if (COCO_MEMO.size > 50_000) COCO_MEMO.clear();
  const label = cocoPhraseUncached(phrase);
  COCO_MEMO.set(phrase, label);
  return label;
}

function cocoPhraseUncached(phrase: string): string | undefined {
  const words = phrase.split(" ");
  // Articles, punctuation and markers belong to the sentence, not to the object's name.
  if (normalizePhrase(phrase) !== phrase || words.some((w) => NOT_OBJECTS.has(w))) {
    return undefined;
  }
  const label = cocoLabelFor(phrase);
  if (!label) return undefined;
  // "red car" reaches "car" through its last word: take the single word and leave the rest.
  if (words.length > 1 && cocoLabelFor(words.at(-1)!) === label) return undefined;
  return label;
}

/** Whether an object with this label answers to the query label. */
export function labelMatches(objectLabel: string, queryLabel: string): boolean {
  const n = normLabel(objectLabel);
  return n === queryLabel || cocoLabelFor(n) === queryLabel;
}

/**
 * COCO's supercategories as index ranges of {@link COCO_LABELS} (the list is grouped by them):
 * person, vehicle, outdoor, animal, accessory, sports, kitchen, food, furniture, electronic,
 * appliance, indoor.
 */
const SUPERCATEGORY_STARTS = [0, 1, 9, 14, 24, 29, 39, 46, 56, 62, 68, 73];

function supercategory(label: string): number {
  const i = COCO_LABELS.indexOf(cocoLabelFor(label) ?? label);
  return i === -1 ? -1 : SUPERCATEGORY_STARTS.findLastIndex((s) => s <= i);
}

/**
 * The label among `present` a name that was not found most likely meant: a near spelling
 * ("bycicle" → bicycle, at most a third of the letters wrong), else the only present label of
 * the same COCO supercategory ("truck" → car when the only vehicle is a car; not with
 * `spellingOnly`); undefined when neither.
 */
export function didYouMean(
  name: string,
  present: readonly string[],
  opts: { spellingOnly?: boolean } = {},
): string | undefined {
  const labels = [...new Set(present.map(normLabel))].filter((l) => l !== name);
  const spelled = labels
    .map((l) => ({ l, d: editDistance(name, l) }))
    .filter(({ l, d }) => d <= Math.floor(Math.max(l.length, name.length) / 3))
    .sort((x, y) => x.d - y.d);
  if (spelled.length) return spelled[0].l;
  if (opts.spellingOnly) return undefined;
  const group = supercategory(name);
  const same = labels.filter((l) => group !== -1 && supercategory(l) === group);
  return same.length === 1 ? same[0] : undefined;
}
