/**
 * "Is A taller than B?", "Which is bigger, A or B?" — `size_compare`: one component of the two
 * objects' 3D sizes (height for taller/shorter, width for wider/narrower, length for
 * longer) or their volumes (bigger/larger/smaller). A difference under
 * {@link SIZE_MARGIN} of the larger value is too close to call.
 *
 * @module
 */
import type { Vec3 } from "../../../core/vec.ts";
import type { NormalizedScene } from "../../../scene/schema.ts";
import { num2 } from "../../number_format.ts";
import type { Clause } from "../clause.ts";
import {
  comparedPair,
  type Expected,
  type QuestionKind,
  type RefLookup,
  whichTemplate,
  yesNoTemplate,
} from "../kind.ts";
import type { ObjectRef, SizeCompareQuery } from "../query.ts";
import { bare, cap, part, type Run, tooClose, Unanswerable, type Verdict } from "../run.ts";
import { req } from "../steps.ts";

const C = "size_compare" as const;

/** Relative difference below which two sizes are not told apart (10 %). */
export const SIZE_MARGIN = 0.1;

const WORDS: Record<string, Pick<SizeCompareQuery, "dimension" | "more">> = {
  taller: { dimension: "height", more: true },
  shorter: { dimension: "height", more: false },
  wider: { dimension: "width", more: true },
  narrower: { dimension: "width", more: false },
  longer: { dimension: "length", more: true },
  bigger: { dimension: "volume", more: true },
  larger: { dimension: "volume", more: true },
  smaller: { dimension: "volume", more: false },
};
/** "Is A taller than B?", "Which is bigger, A or B?", "A or B: which one is the smallest?". */
function read(c: Clause, ref: RefLookup): SizeCompareQuery | undefined {
  const w = c.rel && !c.rel.alt ? WORDS[c.rel.word] : undefined;
  const pair = w ? comparedPair(c) : undefined;
  if (!w || !pair || c.objects.length > 2) return undefined;
  return { category: C, a: ref(pair.a), b: ref(pair.b), ...w, form: pair.form };
}

const INDEX = { width: 0, length: 1, height: 2 } as const;

/** The compared quantity of a [width, length, height] size. */
function measure(size: Vec3, dimension: SizeCompareQuery["dimension"]): number {
  return dimension === "volume" ? size[0] * size[1] * size[2] : size[INDEX[dimension]];
}

/** "taller", "smaller", … for the query's dimension and direction. */
function word(q: Pick<SizeCompareQuery, "dimension" | "more">): string {
  return Object.entries(WORDS).find(([, w]) => w.dimension === q.dimension && w.more === q.more)
    ?.[0] ?? (q.more ? "bigger" : "smaller");
}

async function execute(run: Run, q: SizeCompareQuery): Promise<Verdict> {
  const [a, b] = await run.resolve([q.a, q.b]);
  const loc = await run.locate([a, b], [q.a, q.b]);
  const [sa, sb] = loc.objects.map((o) => o.size);
  const A = bare(q.a);
  const B = bare(q.b);
  if (!sa || !sb) throw new Unanswerable(`the ${!sa ? A : B} has no 3D size`);
  const unit = run.unit(q.dimension === "volume" ? 3 : 1);
  const [va, vb] = [measure(sa, q.dimension), measure(sb, q.dimension)];
  const what = q.dimension === "volume" ? "volume (width × length × height)" : q.dimension;
  run.say(
    `The ${what} of the ${A} is ${num2(va)}. The ${what} of the ${B} is ${num2(vb)}.`,
  );
  if (Math.abs(va - vb) < SIZE_MARGIN * Math.max(va, vb)) {
    tooClose(`The difference of their ${what}s (${num2(va)} ${unit} vs ${num2(vb)} ${unit})`);
  }
  const aMore = va > vb;
  const holds = q.more ? aMore : !aMore;
  const because =
    `${cap(part(q.a, what))} is ${num2(va)} ${unit} and ${part(q.b, what)} ${num2(vb)} ${unit}, ` +
    `so the ${holds ? A : B} is ${word(q)}.`;
  if (q.form === "yes_no") return { yes: holds, because };
  return { object: holds ? q.a : q.b, because };
}

function oracle(q: SizeCompareQuery, scene: NormalizedScene): Expected {
  const size = (r: ObjectRef) => scene.objects.find((x) => x.id === r.id)!.size as Vec3;
  const aMore = measure(size(q.a), q.dimension) > measure(size(q.b), q.dimension);
  const aWins = q.more ? aMore : !aMore;
  return q.form === "yes_no" ? { yes: aWins } : { id: (aWins ? q.a : q.b).id! };
}

/** The size-comparison kind. */
export const sizeCompareKind: QuestionKind<typeof C> = {
  categories: [C],
  title: { [C]: "a comparison of sizes" },
  cue: /\b(?:taller|shorter|wider|narrower|longer|bigger|larger|smaller)\b/,
  read,
  execute,
  cot: { [C]: { says: [], dimension: 2 } },
  steps: { [C]: [req("location", 2), req("dimension", 2)] },
  arity: { [C]: 2 },
  needsFront: { [C]: [] },
  styles: { [C]: ["yes_no", "which"] },
  template(category, objects, style) {
    const [a, b] = objects;
    const rel = (flip: boolean) => flip ? "shorter" : "taller";
    if (style === "which") {
      return whichTemplate(category, objects, [a, b], true, (flip, x, y) => ({
        query: { category, a: x, b: y, dimension: "height", more: !flip, form: "which" },
        text: `Which is ${rel(flip)}, ${x.text} or ${y.text}?`,
      }));
    }
    return yesNoTemplate(category, objects, true, (flip) => ({
      query: { category, a, b, dimension: "height", more: !flip, form: "yes_no" },
      text: `Is ${a.text} ${rel(flip)} than ${b.text}?`,
    }));
  },
  oracle,
};
