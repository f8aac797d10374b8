/**
 * "Which horse is closest to the camera?", "Which car is on the left?", "Which dog is the
 * biggest?" — `which_one`: the object of a class a superlative picks (the selector ordering of
 * `run.ts`); the answer is its id, the reasoning lists the order.
 *
 * @module
 */
import { norm, type Vec3 } from "../../../core/vec.ts";
import { byPhrasings, type Phrasing, type QuestionKind, rx } from "../kind.ts";
import { plural } from "../lexicon.ts";
import type { Extreme, ObjectRef, WhichOneQuery } from "../query.ts";
import { req } from "../steps.ts";

const C = "which_one" as const;

const WORDS: Record<string, Extreme> = {
  closest: "closest",
  farthest: "farthest",
  leftmost: "leftmost",
  rightmost: "rightmost",
  ONLEFT: "leftmost",
  ONRIGHT: "rightmost",
  largest: "largest",
  biggest: "largest",
  smallest: "smallest",
};

const PHRASE: Record<Extreme, (label: string) => string> = {
  closest: (l) => `the ${l} closest to the camera`,
  farthest: (l) => `the ${l} farthest from the camera`,
  leftmost: (l) => `the leftmost ${l}`,
  rightmost: (l) => `the rightmost ${l}`,
  largest: (l) => `the largest ${l}`,
  smallest: (l) => `the smallest ${l}`,
};

function pick(ref: ObjectRef, word: string): WhichOneQuery {
  const by = WORDS[word];
  return {
    category: C,
    target: { ...ref, text: PHRASE[by](ref.label), selector: { kind: "extreme", by } },
  };
}

const PHRASINGS: Phrasing[] = [
  {
    re: rx(
      `\\bwhich (?:one )?(?:of (?:the )?)?§ (?:is |are |sits |stands )?(?:the )?(?:one )?(${
        Object.keys(WORDS).join("|")
      })(?: one)?(?: (?:to|from) CAM)?$`,
    ),
    build: (m, ref) => pick(ref(m[1]), m[2]),
  },
  {
    re: rx("^which (?:one )?is §$"),
    build: (m, ref) => {
      const r = ref(m[1]);
      return r.selector
        ? { category: C, target: { ...r, selector: r.selector } }
        : "could not tell which property picks the object (e.g. “which dog is closest to the camera?”)";
    },
  },
];

/** The which-one kind. */
export const whichOneKind: QuestionKind<typeof C> = {
  categories: [C],
  title: { [C]: "which object of a kind a superlative picks" },
  cue:
    /\bwhich\b.*\b(?:closest|nearest|farthest|furthest|leftmost|rightmost|largest|biggest|smallest)\b/,
  read: byPhrasings(PHRASINGS),
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
