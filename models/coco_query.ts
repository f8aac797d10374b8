/**
 * Free text → COCO labels: what the user or the LLM asks for ("people", "the sofa", "tables")
 * mapped to the labels a COCO-80 detector can output. A phrase with no COCO label is reported
 * as not detectable rather than guessed.
 *
 * @module
 */
import { COCO_LABELS } from "./coco.ts";

/** Synonyms and common names → COCO label (singular, lower case). */
// deno-fmt-ignore
const SYNONYMS: Record<string, string> = {
  people: "person",
  persons: "person",
  man: "person",
  men: "person",
  woman: "person",
  women: "person",
  child: "person",
  children: "person",
  kid: "person",
  kids: "person",
  boy: "person",
  girl: "person",
  human: "person",
  pedestrian: "person",
  adult: "person",
  guy: "person",
  lady: "person",
  baby: "person",
  rider: "person",
  skier: "person",
  surfer: "person",
  skateboarder: "person",
  snowboarder: "person",
  cyclist: "person",
  biker: "person",
  passenger: "person",
  driver: "person",
  toddler: "person",
  teenager: "person",
  player: "person",
  bike: "bicycle",
  cycle: "bicycle",
  motorbike: "motorcycle",
  scooter: "motorcycle",
  automobile: "car",
  sedan: "car",
  taxi: "car",
  suv: "car",
  van: "car",
  jeep: "car",
  lorry: "truck",
  pickup: "truck",
  "pickup truck": "truck",
  plane: "airplane",
  aeroplane: "airplane",
  jet: "airplane",
  ship: "boat",
  sailboat: "boat",
  canoe: "boat",
  kayak: "boat",
  coach: "bus",
  tram: "train",
  locomotive: "train",
  "traffic signal": "traffic light",
  "stop light": "traffic light",
  hydrant: "fire hydrant",
  sofa: "couch",
  settee: "couch",
  table: "dining table",
  desk: "dining table",
  "dinner table": "dining table",
  "kitchen table": "dining table",
  television: "tv",
  "tv set": "tv",
  "tv monitor": "tv",
  monitor: "tv",
  screen: "tv",
  "television set": "tv",
  plant: "potted plant",
  "house plant": "potted plant",
  houseplant: "potted plant",
  flowerpot: "potted plant",
  fridge: "refrigerator",
  phone: "cell phone",
  "mobile phone": "cell phone",
  cellphone: "cell phone",
  smartphone: "cell phone",
  "remote control": "remote",
  notebook: "laptop",
  computer: "laptop",
  puppy: "dog",
  doggy: "dog",
  kitten: "cat",
  kitty: "cat",
  pony: "horse",
  foal: "horse",
  calf: "cow",
  cattle: "cow",
  bull: "cow",
  lamb: "sheep",
  cub: "bear",
  "teddy": "teddy bear",
  ball: "sports ball",
  football: "sports ball",
  soccer: "sports ball",
  bag: "handbag",
  purse: "handbag",
  rucksack: "backpack",
  luggage: "suitcase",
  mug: "cup",
  glass: "wine glass",
  doughnut: "donut",
  "hair dryer": "hair drier",
  hairdryer: "hair drier",
  stool: "chair",
  armchair: "chair",
  seat: "chair",
  "park bench": "bench",
  racket: "tennis racket",
  "baseball mitt": "baseball glove",
  ski: "skis",
};

const LABELS = new Set(COCO_LABELS);

/** Singular forms of a plural word (several candidates; the caller checks which exist). */
function singulars(word: string): string[] {
  const out: string[] = [];
  if (word.endsWith("ies")) out.push(word.slice(0, -3) + "y");
  if (word.endsWith("ves")) out.push(word.slice(0, -3) + "f", word.slice(0, -3) + "fe");
  if (/(s|x|z|ch|sh)es$/.test(word)) out.push(word.slice(0, -2));
  if (word.endsWith("s") && !word.endsWith("ss")) out.push(word.slice(0, -1));
  return out;
}

function lookup(phrase: string): string | undefined {
  if (LABELS.has(phrase)) return phrase;
  if (SYNONYMS[phrase]) return SYNONYMS[phrase];
  return undefined;
}

/** Lower case, no articles or punctuation, single spaces. */
export function normalizePhrase(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9 ]+/g, " ").replace(/\b(the|a|an|some|all)\b/g, " ")
    .replace(/\s+/g, " ").trim();
}

/**
 * The COCO label for a phrase, or undefined when no COCO class matches. Tries the whole phrase,
 * its singular, then its last word ("red car" → car, "two dogs" → dog).
 */
export function cocoLabelFor(text: string): string | undefined {
  const phrase = normalizePhrase(text);
  if (!phrase) return undefined;
  const words = phrase.split(" ");
  const lastSingulars = singulars(words.at(-1)!);
  const candidates = [
    phrase,
    ...lastSingulars.map((s) => [...words.slice(0, -1), s].join(" ")),
    words.at(-1)!,
    ...lastSingulars,
  ];
  for (const c of candidates) {
    const label = lookup(c);
    if (label) return label;
  }
  return undefined;
}

/** The result of mapping queries: labels to keep, and the phrases no COCO label matches. */
export interface QueryMapping {
  /** COCO labels asked for, each with the phrases that asked for it. */
  labels: Map<string, string[]>;
  /** Phrases with no COCO label. */
  unknown: string[];
}

/** Maps one or more phrases ("dog", "people, sofa") to COCO labels. */
export function mapQueries(query: string | string[]): QueryMapping {
  const phrases = (Array.isArray(query) ? query : [query])
    .flatMap((q) => q.split(/,|;|\band\b/))
    .map((q) => q.trim())
    .filter(Boolean);
  const labels = new Map<string, string[]>();
  const unknown: string[] = [];
  for (const p of phrases) {
    const label = cocoLabelFor(p);
    if (!label) unknown.push(p);
    else labels.set(label, [...(labels.get(label) ?? []), p]);
  }
  return { labels, unknown };
}
