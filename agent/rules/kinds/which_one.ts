/**
 * "Which horse is closest to the camera?", "Which car is on the left?", "Which dog is the
 * biggest?" — `which_one`: the object of a class a superlative picks (the selector ordering of
 * `run.ts`); the answer is its id, the reasoning lists the order.
 *
 * @module
 */
import { norm, type Vec3 } from "../../../core/vec.ts";
import { CAMERA, type Clause } from "../clause.ts";
import type { QuestionKind, RefLookup } from "../kind.ts";
import { plural } from "../lexicon.ts";
import type { Extreme, ObjectRef, WhichOneQuery } from "../query.ts";
import { req } from "../steps.ts";

const C = "which_one" as const;

/** Relation words (see `clause.ts`) that pick one object of a class. */
const WORDS: Record<string, Extreme> = {
  closer: "closest",
  farther: "farthest",
  MORELEFT: "leftmost",
  MORERIGHT: "rightmost",
  ONLEFT: "leftmost",
  ONRIGHT: "rightmost",
  bigger: "largest",
  smaller: "smallest",
  taller: "tallest",
  shorter: "shortest",
};

const PHRASE: Record<Extreme, (label: string) => string> = {
  closest: (l) => `the ${l} closest to the camera`,
  farthest: (l) => `the ${l} farthest from the camera`,
  leftmost: (l) => `the leftmost ${l}`,
  rightmost: (l) => `the rightmost ${l}`,
  largest: (l) => `the largest ${l}`,
  smallest: (l) => `the smallest ${l}`,
  tallest: (l) => `the tallest ${l}`,
  shortest: (l) => `the shortest ${l}`,
};

function pick(ref: ObjectRef, word: string): WhichOneQuery {
  const by = WORDS[word];
  return {
    category: C,
    target: { ...ref, text: PHRASE[by](ref.label), selector: { kind: "extreme", by } },
  };
}

/**
 * "Which horse is closest to the camera?", "which of the cars is on the left", "Which is the
 * biggest dog?" — one object named, picked by a superlative.
 */
function read(c: Clause, ref: RefLookup): WhichOneQuery | string | undefined {
  if (c.form !== "which" || c.frame || !c.objects.length) return undefined;
  // "Of the two people, which one is on the right?": a choice within one named group.
  const members = c.choice.map(ref);
  const group = members.length >= 2 &&
    members.every((m) => m.groupSize === members.length && m.label === members[0].label);
  if (c.choice.length >= 2 && !group) return undefined;
  const r = group
    ? {
      label: members[0].label,
      text: `the ${plural(members[0].label)}`,
      groupSize: members.length,
    }
    : ref(c.objects[0]);
  const objects = group ? 1 : c.objects.length;
  const rel = c.rel;
  // "Which bench is next to the bus?": the one of its class nearest the other object.
  const k = c.objects[0];
  const named = new RegExp(`\\b(?:which|what) (?:one )?(?:of )?(?:the )?<${k}>`).test(c.text) ||
    // "Of all the chairs, which is biggest?", "among the horses, which one is nearest".
    new RegExp(`\\b(?:of|among|from) (?:all )?(?:the |these |those )?<${k}> ,? (?:which|what)\\b`)
      .test(c.text);
  // "Which is the closest horse?": the object's own words pick it.
  const picked = new RegExp(
    // Nothing may follow but "here" or the like: "what is the man on the left thinking?" is not one.
    `(?:\\b(?:which|what|who)(?: one)? (?:is|'s) (?:the )?<${k}>|^(?:find|show|locate|identify|point (?:to|at|out)|pick|select|spot)(?: me)? (?:the )?<${k}>)(?: (?:here|there|one|in total))?$`,
  ).test(c.text.trim());
  // "Which cup is on the table?", "which man is holding the kite?": touching the other object.
  const contact = ["on", "holding", "with", "riding", "carrying"].includes(rel?.word ?? "") ||
    /<\d+> (?:is |are )?(?:holding|carrying|riding|with|on) <\d+>/.test(c.text);
  const near = rel?.word === "NEXTTO" || contact;
  const other = c.objects[1];
  if (named && c.objects.length === 2 && near && (rel?.arg === other || contact)) {
    const of = ref(other);
    const how = contact
      ? c.text.match(/\b(holding|carrying|riding|with|on)\b/)?.[1] ?? "on"
      : "next to";
    const selector = { kind: "near" as const, of, ...(contact ? { contact: true as const } : {}) };
    return { category: C, target: { ...r, text: `the ${r.label} ${how} ${of.text}`, selector } };
  }
  if (objects !== 1) return undefined;
  if (rel && rel.arg !== undefined && rel.arg !== CAMERA && !rel.pronoun && !group) {
    return undefined;
  }
  if ((named || group) && rel && rel.word in WORDS && !rel.alt) return pick(r, rel.word);
  if (picked && !rel && r.selector) return { category: C, target: { ...r, selector: r.selector } };
  if (rel && !(rel.word in WORDS) && rel.superlative) {
    return `picking the ${r.label} by that property is not supported: ask which ${r.label} is closest, farthest, leftmost, rightmost, largest, smallest, tallest or shortest`;
  }
  return undefined;
}

/** The which-one kind. */
export const whichOneKind: QuestionKind<typeof C> = {
  categories: [C],
  title: { [C]: "which object of a kind a superlative picks" },
  cue:
    /\bwhich\b.*\b(?:closest|nearest|farthest|furthest|leftmost|rightmost|largest|biggest|smallest)\b/,
  read,
  async execute(run, q) {
    const [id] = await run.resolve([q.target]);
    await run.locate([id], [{ ...q.target, text: `the ${q.target.label} ${id}` }]);
    const n = run.objects.filter((o) => o.label === run.object(id).label).length;
    return {
      object: { label: q.target.label, text: id, id },
      because: n === 1
        ? `${id} is the only ${q.target.label}.`
        : `Of the ${n} ${plural(q.target.label)}, ${id} is ${q.target.text}.`,
    };
  },
  cot: { [C]: { says: [] } },
  steps: { [C]: [req("location", 1)] },
  arity: { [C]: 1 },
  needsFront: { [C]: [] },
  styles: { [C]: ["which"] },
  template(category, objects) {
    const [a] = objects;
    return {
      category,
      objects,
      form: "which",
      flippable: false,
      steer: "none",
      build: () => ({
        query: {
          category,
          target: {
            label: a.label,
            text: PHRASE.closest(a.label),
            selector: { kind: "extreme", by: "closest" },
          },
        },
        text: `Which ${a.label} is closest to the camera?`,
      }),
    };
  },
  oracle: (q, scene) => {
    const same = scene.objects.filter((o) => o.label === q.target.label);
    const by = (o: { center: number[] }) => norm(o.center as Vec3);
    return { id: [...same].sort((x, y) => by(x) - by(y))[0].id! };
  },
};
