/**
 * The roles of a question: after `parse.ts` has normalised the words (relation words to markers,
 * object mentions to `<k>` tokens), this module finds what the question asks and about whom,
 * independently of word order — the answer form (yes/no, a choice, a number), the relation, its
 * subject, the object after the relation ("closer to X"), the comparand ("than Y"), a choice
 * ("X or Y", "between X and Y"), a pair ("X and Y") and a viewpoint clause ("from A's
 * perspective", "standing at A facing B", "if I were A"). Kinds read these roles, not sentences,
 * so "Is the dog or the bike closer to me?", "The dog or the bike — which one's nearer the
 * camera?" and "between the dog and the bike, what is closer" are one reading.
 *
 * @module
 */

/** An argument: an object token's index (`"3"` for `<3>`), `CAM` (the camera, "me", "I"). */
export type Arg = string;

/** The camera as an argument. */
export const CAMERA: Arg = "CAM";

/** A viewpoint clause: through an object's eyes, or standing at one object facing another. */
export type Frame = { object: Arg; own?: true } | { position: Arg; facing: Arg };

/** The main relation of a question and the argument it governs ("closer to <1>"). */
export interface Relation {
  /** Canonical word: `closer`, `higher`, `ABOVE`, `LEFTOF`, `FACING`, `bigger`, `MORELEFT`, … */
  word: string;
  /** Written as a superlative ("closest", "leftmost"): picks one of several. */
  superlative: boolean;
  /** The object, the camera or a pronoun right after it ("to the camera", "of the car", "it"). */
  arg?: Arg;
  /** `arg` was a pronoun ("it", "him", "them"). */
  pronoun?: boolean;
  /** A second relation offered as the alternative: "in front of it or behind it" → `BEHIND`. */
  alt?: string;
}

/** What a question asks for. */
export type Form = "yes_no" | "which" | "how";

/** The roles of one question. */
export interface Clause {
  /** The words left after the viewpoint clause is taken out. */
  text: string;
  form: Form;
  /** For `how` questions: `far`, `tall`, `wide`, `long`, `big` or `many`. */
  how?: "far" | "tall" | "wide" | "long" | "big" | "many";
  /** Object arguments (not the camera) in the order they appear, viewpoint objects excluded. */
  objects: Arg[];
  /** The first argument that is not the relation's, the comparand or a choice. */
  subject?: Arg;
  /** "X or Y (or Z)", "between X and Y", "which of X and Y". */
  choice: Arg[];
  /** "X and Y" (and Z, for a group of three). */
  pair: Arg[];
  /** "than Y"; `to` when written "than to Y" / "than from Y". */
  than?: { arg: Arg; to: boolean };
  rel?: Relation;
  /** Other relation words present besides the main one. */
  others: string[];
  frame?: Frame;
  /** "each other", "together". */
  eachOther: boolean;
  /** "which side", "what side", "where is": the answer is a side. */
  askSide: boolean;
  /** "In the image", "from my viewpoint": sides are the camera's. */
  cameraView: boolean;
  /** A place to stand was named ("standing by A facing B") but no side is asked yet. */
  standing: boolean;
}

/** Relation words that compare two objects on one quantity ("closer", "taller", "more left"). */
export const COMPARISONS = [
  "MORELEFT",
  "MORERIGHT",
  "closer",
  "farther",
  "higher",
  "lower",
  "taller",
  "shorter",
  "bigger",
  "smaller",
  "wider",
  "narrower",
  "longer",
] as const;

/** Relation words, most specific first: when several occur, the first in this list is the main one. */
const RELATIONS = [
  "SAMEDIR",
  "DIFFDIR",
  "OPPDIR",
  "parallel",
  "PERP",
  "LEFTORRIGHT",
  "FRONTORBEHIND",
  ...COMPARISONS,
  "LEFTOF",
  "RIGHTOF",
  "FRONTOF",
  "BEHIND",
  "ABOVE",
  "BELOW",
  "FACING",
  "FACEDBY",
  "NEXTTO",
  "FARFROM",
  "ONLEFT",
  "ONRIGHT",
  "INFRONT",
  "on",
] as const;

/** Relation words that are alternatives of each other ("in front of or behind"). */
const GROUPS: readonly string[][] = [
  ["FRONTOF", "BEHIND", "INFRONT"],
  ["LEFTOF", "RIGHTOF", "ONLEFT", "ONRIGHT"],
  ["ABOVE", "BELOW"],
  ["NEXTTO", "FARFROM"],
  ["closer", "farther"],
  ["higher", "lower"],
  ["taller", "shorter"],
  ["bigger", "smaller"],
  ["wider", "narrower"],
  ["MORELEFT", "MORERIGHT"],
  ["SAMEDIR", "DIFFDIR", "OPPDIR"],
  ["parallel", "PERP"],
];

/** Superlatives read as the comparative (a choice between named objects), or as a pick. */
const SUPERLATIVES: Record<string, string> = {
  closest: "closer",
  farthest: "farther",
  highest: "higher",
  lowest: "lower",
  tallest: "taller",
  shortest: "shorter",
  biggest: "bigger",
  largest: "bigger",
  smallest: "smaller",
  widest: "wider",
  narrowest: "narrower",
  longest: "longer",
  leftmost: "MORELEFT",
  rightmost: "MORERIGHT",
};

const COMPARATIVES: Record<string, string> = { larger: "bigger", tinier: "smaller" };

const PRONOUNS = new Set([
  "it",
  "him",
  "her",
  "them",
  "itself",
  "himself",
  "herself",
  "themselves",
]);

const AUX = new Set(
  ("is are am was were does do did can could would will should has have isn't aren't doesn't " +
    "don't 's").split(" "),
);
const WH = new Set(["which", "what", "who", "whichever", "whose"]);
const IMPERATIVE = new Set([
  "find",
  "show",
  "locate",
  "identify",
  "point",
  "pick",
  "select",
  "name",
  "spot",
]);

/** Words that may stand between a relation and its argument ("closer to the", "left of"). */
const BRIDGE = new Set(
  "to from of with as at than the a an away up down over toward towards in is are ,".split(" "),
);

function isArg(w: string | undefined): boolean {
  return !!w && (/^<\d+>$/.test(w) || w === CAMERA);
}

function argOf(w: string): Arg {
  return w === CAMERA ? CAMERA : w.slice(1, -1);
}

/** Words that say the speaker stands somewhere: "standing at", "if I were at", "from". */
const STAND_CUE =
  /\b(?:if|when|suppose|imagine|assume|pretend|say|i|you|we|one|someone|stand|stands|standing|stood|sit|sits|sitting|positioned|located|placed|at|by|beside|NEXTTO|FRONTOF|near|from)\b/;

/** A side is asked about: the question a viewpoint clause serves. */
const SIDE_ASKED =
  /\b(?:LEFTOF|RIGHTOF|ONLEFT|ONRIGHT|LEFTORRIGHT|FRONTOF|BEHIND|INFRONT|FRONTORBEHIND|side|where)\b/;

/**
 * Takes the viewpoint clause out of the words: "from A 's VIEW", "through A 's eyes", "if I
 * were A", "standing at A FACING B", "from A looking at B". Returns the frame and the rest.
 */
function takeFrame(words: string[]): { frame?: Frame; rest: string[]; standing?: boolean } {
  const s = words.join(" ");
  const T = "<(\\d+)>";
  const patterns: [RegExp, (m: RegExpMatchArray) => Frame][] = [
    [
      new RegExp(
        `(?:^| )(?:(?:if|when|suppose|imagine|assume|pretend|say)(?: that)? )?(?:(?:i|you|we|someone|somebody|one|a person) (?:'m |am |are |were |was |'re )?)?(?:(?:standing|stand|stood|sitting|sit|sat|positioned|located|placed|be|being|was|were) )?(?:(?:right|just) )?(?:at |by |beside |NEXTTO |FRONTOF |near |from |in |on |where )?(?:the (?:position|location|spot|place) of )?${T}(?: (?:'s )?(?:position|location|spot|place))?(?: (?:is|stands|sits|is standing|is sitting))?(?: and| while| ,)?(?: (?:i |you |we )?(?:'m |am |are |were |is )?(?:FACING|facing|turned to|turning to|looking at)) (?:at |towards? )?${T}(?= |$)`,
      ),
      (m) => ({ position: m[1], facing: m[2] }),
    ],
    // Standing at A's position facing where A faces: A's own view.
    [
      new RegExp(
        `(?:^| )(?:(?:if|when|suppose|imagine) )?(?:(?:i|you|we) (?:'m |am |are |were |was )?)?(?:standing |positioned |located )?(?:at|in) ${T} 's (?:position|place|location|spot|shoes)(?: (?:and|,))?(?: (?:i |you |we )?(?:'m |am |are |were )?FACING (?:where|the (?:same )?(?:direction|way)) (?:that )?(?:it|he|she|they|<\\d+>) (?:'s |is |are |was )?(?:FACING|does|do)?)?(?= |$)`,
      ),
      (m) => ({ object: m[1] }),
    ],
    [
      new RegExp(
        `(?:^| )(?:from|in|through|with|using|by|at|taking|take|adopting|adopt|use|assuming|assume) (?:the )?(?:VIEW|eyes|standpoint|position|angle|orientation|frame|frame of reference|sides?) (?:of|for) ${T}(?= |$)`,
      ),
      (m) => ({ object: m[1] }),
    ],
    [
      new RegExp(
        `(?:^| )(?:(?:from|in|through|with|using|by|at|relative to|according to|based on) )?${T} 's (?:own )?(VIEW|eyes|standpoint|position|angle|orientation|frame of reference|frame|sides?|facing direction)(?: of VIEW)?(?= |$)`,
      ),
      // "With respect to the couch's orientation": its own sides, not a point of view.
      (
        m,
      ) => (/^(?:orientation|facing direction|sides?)$/.test(m[2])
        ? { object: m[1], own: true }
        : { object: m[1] }),
    ],
    // "For the lady on the bench, is the dog on her left?": her view, said first.
    [new RegExp(`^for ${T} ,`), (m) => ({ object: m[1] })],
    // "As the elephant sees it": the elephant's view.
    [
      new RegExp(
        `(?:^| )as ${T} (?:sees|views|perceives|would see) (?:it|things|the scene)(?= |$)`,
      ),
      (m) => ({ object: m[1] }),
    ],
    // "from the dogs pov": a possessive written without its apostrophe.
    [new RegExp(`(?:^| )(?:from|in|through) ${T} (?:VIEW|eyes)(?= |$)`), (m) => ({ object: m[1] })],
    [
      new RegExp(
        `(?:^| )(?:if|when|suppose|imagine|assume|pretend|say)(?: that)? (?:i|you|we|one) (?:'m |am |are |were |was |'re |is )?(?:standing (?:in for|as) |in the place of |acting as |playing |looking through the eyes of )?${T}(?= |$)`,
      ),
      (m) => ({ object: m[1] }),
    ],
    [
      new RegExp(
        `(?:^| )(?:as (?:seen|viewed|perceived|judged) (?:by|from)|from where)(?: the)? ${T}(?: (?:is|stands?|sits?|is standing|is sitting|is FACING|is looking))?(?= (?:, )?(?:is|are|does|do|would|which|what|where|on|ONLEFT|ONRIGHT|INFRONT|BEHIND|LEFTORRIGHT|FRONTORBEHIND)\\b)`,
      ),
      (m) => ({ object: m[1] }),
    ],
  ];
  for (const [re, make] of patterns) {
    const m = s.match(re);
    if (!m) continue;
    const frame = make(m);
    // "Is A facing B?" is not a place to stand: that needs words saying so and a side asked.
    if ("position" in frame && !STAND_CUE.test(m[0].split("<")[0])) continue;
    if ("position" in frame && !SIDE_ASKED.test(s)) {
      // Only a place named right before the object: "standing by the couch facing the tv".
      const placed =
        /\b(?:at|by|beside|NEXTTO|FRONTOF|near|from|where|on|in)(?: the (?:position|location|spot|place) of)? $/
          .test(m[0].split("<")[0]);
      if (placed) return { rest: words, standing: true };
      continue;
    }
    const rest = `${s.slice(0, m.index)} ${s.slice(m.index! + m[0].length)}`;
    return { frame, rest: rest.split(" ").filter(Boolean) };
  }
  return { rest: words };
}

/** Whether a word is a relation word of a question ("closer", "tallest", "larger"). */
export function isRelationWord(w: string): boolean {
  return canonical(w) !== undefined;
}

/** Relation words canonicalised: "larger" → bigger, "closest" → closer (superlative). */
function canonical(w: string): { word: string; superlative: boolean } | undefined {
  if ((RELATIONS as readonly string[]).includes(w)) return { word: w, superlative: false };
  if (w in COMPARATIVES) return { word: COMPARATIVES[w], superlative: false };
  if (w in SUPERLATIVES) return { word: SUPERLATIVES[w], superlative: true };
  return undefined;
}

/** The argument after position `i` across bridge words; stops at "than" and "or". */
function argAfter(
  words: string[],
  i: number,
): { arg: Arg; pronoun: boolean; at: number } | undefined {
  for (let j = i + 1; j < words.length && j <= i + 4; j++) {
    const w = words[j];
    if (isArg(w)) return { arg: argOf(w), pronoun: false, at: j };
    if (w === "you" || w === "i") return { arg: CAMERA, pronoun: false, at: j };
    if (PRONOUNS.has(w)) return { arg: w, pronoun: true, at: j };
    if (w === "than" || !BRIDGE.has(w)) return undefined;
  }
  return undefined;
}

/** Analyses normalised words with object tokens into a {@link Clause}. */
export function analyse(text: string): Clause {
  const all = text.split(" ").filter(Boolean);
  const cameraView = all.includes("CAMVIEW");
  const { frame, rest, standing } = takeFrame(all.filter((w) => w !== "CAMVIEW"));
  const words = rest;
  const used = new Set<number>();
  // Choices: "X or Y (or Z)", with bare arguments listed before ("X , Y or Z").
  const choice: Arg[] = [];
  const skip = (w: string) => ["the", "either", ","].includes(w);
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== "or" || choice.length) continue;
    // "Is the kid closer to the camera or is the bike closer?": two clauses, one choice.
    if (AUX.has(words[i + 1] ?? "") && /^<\d+>$/.test(words[i + 2] ?? "")) {
      const first = words.findIndex((w, j) => j < i && /^<\d+>$/.test(w));
      if (first >= 0) {
        choice.push(argOf(words[first]), argOf(words[i + 2]));
        used.add(first).add(i + 2);
        continue;
      }
    }
    let b = i - 1;
    while (b > 0 && skip(words[b])) b--;
    let a = i + 1;
    while (a < words.length - 1 && (skip(words[a]) || ["to", "from"].includes(words[a]))) a++;
    if (!isArg(words[b]) || !isArg(words[a])) continue;
    // A list: "X , Y or Z" — but not "closer to X , Y or Z", where X is the relation's object.
    let start = b;
    while (
      start > 1 && words[start - 1] === "," && /^<\d+>$/.test(words[start - 2]) &&
      !["to", "from", "than", "of", "at"].includes(words[start - 3] ?? "") &&
      // "nearer the toilet , the sink or the dryer": a relation's own object is no candidate.
      !(canonical(words[start - 3] ?? "") && words[start - 3] !== "FACING")
    ) start -= 2;
    for (let k = start; k <= b; k++) if (isArg(words[k])) choice.push(argOf(words[k])), used.add(k);
    choice.push(argOf(words[a]));
    used.add(a);
    for (let k = a + 1; k + 1 < words.length && words[k] === "or" && isArg(words[k + 1]); k += 2) {
      choice.push(argOf(words[k + 1]));
      used.add(k + 1);
    }
  }
  // Pairs: "X and Y"; "between X and Y" and "which of X and Y" are choices.
  const pair: Arg[] = [];
  for (let i = 1; i + 1 < words.length; i++) {
    if (words[i] !== "and" || pair.length) continue;
    const n = words[i + 1] === "the" ? i + 2 : i + 1;
    if (isArg(words[i - 1]) && isArg(words[n])) {
      pair.push(argOf(words[i - 1]), argOf(words[n]));
      used.add(i - 1).add(n);
      // "A and B and C" (a group of three).
      for (let k = n + 1; words[k] === "and" && /^<\d+>$/.test(words[k + 1] ?? ""); k += 2) {
        pair.push(argOf(words[k + 1]));
        used.add(k + 1);
      }
      const lead = words.slice(Math.max(0, i - 4), i - 1).join(" ");
      if (!choice.length && /\b(?:between|of|among|out of)(?: the)?$/.test(lead)) {
        choice.push(...pair);
      }
    }
  }
  // "The bowl and the spoon — which of them is nearer the pizza?": the pair is the choice.
  if (
    !choice.length && pair.length >= 2 &&
    /\b(?:which|what|who)(?: one)? of (?:them|these|those|the two|both|the pair)\b/.test(
      words.join(" "),
    )
  ) {
    choice.push(...pair);
  }
  // The comparand: "than (to|from) Y".
  let than: Clause["than"];
  for (let i = 0; i < words.length && !than; i++) {
    if (words[i] !== "than") continue;
    let j = i + 1;
    let to = false;
    while (j < words.length && ["the", "to", "from", "that", "of", ","].includes(words[j])) {
      if (words[j] === "to" || words[j] === "from") to = true;
      j++;
    }
    if (isArg(words[j])) {
      than = { arg: argOf(words[j]), to };
      used.add(j);
    } else if (words[j] === "i" || words[j] === "you") than = { arg: CAMERA, to };
  }
  // The main relation: the most specific relation word present.
  const found: { word: string; superlative: boolean; at: number }[] = [];
  words.forEach((w, at) => {
    const c = canonical(w);
    if (c) found.push({ ...c, at });
  });
  // "on" is a relation only right before an object ("is the cup on the table").
  const real = found.filter((f) => f.word !== "on" || isArg(words[f.at + 1]));
  real.sort((x, y) =>
    RELATIONS.indexOf(x.word as typeof RELATIONS[number]) -
    RELATIONS.indexOf(y.word as typeof RELATIONS[number])
  );
  let rel: Relation | undefined;
  // Two words of one group offered as alternatives ("behind it or in front of it"): the first
  // written is the main one, the other its alternative.
  const group = real[0] && GROUPS.find((g) => g.includes(real[0].word));
  const same = group ? real.filter((f) => group.includes(f.word)) : [];
  const main = same.length > 1 ? same.reduce((x, y) => (y.at < x.at ? y : x)) : real[0];
  if (main) {
    const arg = argAfter(words, main.at);
    rel = { word: main.word, superlative: main.superlative };
    if (arg && !(used.has(arg.at) && choice.includes(arg.arg))) {
      rel.arg = arg.arg;
      if (arg.pronoun) rel.pronoun = true;
      else used.add(arg.at);
    }
    // "closer than Y to X": the relation's argument after the comparand.
    if (!rel.arg) {
      for (let i = main.at + 1; i + 1 < words.length; i++) {
        if ((words[i] === "to" || words[i] === "from") && isArg(words[i + 1]) && !used.has(i + 1)) {
          rel.arg = argOf(words[i + 1]);
          used.add(i + 1);
          break;
        }
      }
    }
    // "X REL Y or REL2 (it)": the alternative relation.
    const alt = same.find((f) => f.at > main.at && f.word !== main.word) ??
      real.find((f) => f.at > main.at && f.word !== main.word && words[f.at - 1] === "or");
    if (alt && words.slice(main.at, alt.at).includes("or")) rel.alt = alt.word;
  }
  // "Which side of B is A on?", "on which side is A": the answer is a side.
  const askSide = /\b(?:which|what) side\b|\bwhere\b|\bwhich (?:direction|way)\b/.test(
    words.join(" "),
  );
  const sideOf = words.findIndex((w, i) => w === "side" && words[i + 1] === "of");
  const sideArg = sideOf >= 0 ? argAfter(words, sideOf + 1) : undefined;
  const bareSide = !rel || (rel.word === "LEFTORRIGHT" && rel.arg === undefined);
  if (bareSide && /\bside\b/.test(words.join(" ")) && askSide) {
    const arg = sideArg && !sideArg.pronoun ? { arg: sideArg.arg } : {};
    rel = { word: "LEFTORRIGHT", superlative: false, ...arg };
    if (sideArg && !sideArg.pronoun) used.add(sideArg.at);
  }

  // The subject: the first argument not otherwise used ("I" and "we" are the camera).
  let subject: Arg | undefined;
  // After the question's verb when there is one ("…, is the dog on the left?").
  const verb = words.findIndex((w) => AUX.has(w) || WH.has(w));
  const from =
    verb >= 0 && words.slice(verb).some((w, j) => /^<\d+>$/.test(w) && !used.has(verb + j))
      ? verb
      : 0;
  words.forEach((w, i) => {
    if (subject !== undefined || used.has(i) || i < from) return;
    if (/^<\d+>$/.test(w)) subject = argOf(w);
    else if ((w === "i" || w === "we") && AUX.has(words[i - 1] ?? "")) subject = CAMERA;
    else if ((w === "i" || w === "we") && i === 0 && AUX.has(words[1] ?? "")) subject = CAMERA;
  });
  const objects = words.filter((w) => /^<\d+>$/.test(w)).map(argOf);
  const s = words.join(" ");
  // "Which is taller, A or B?" names the height but asks for a choice.
  // "Height check: is the bowl higher than the microwave?" names a quantity but compares.
  const named = readHow(s);
  const asked = named && !/\bhow\b|\bdistance\b|\bnumber of\b|\bcount\b/.test(s) && real.length
    ? undefined
    : named;
  const how = choice.length && asked !== "far" && asked !== "many" ? undefined : asked;
  // "Find the leftmost bike", "show me the nearest dog": an imperative asks which.
  const first = IMPERATIVE.has(words[0])
    ? "which"
    : words.find((w) => AUX.has(w) || WH.has(w) || w === "how");
  const form: Form = how ? "how" : choice.length || (first && WH.has(first)) ? "which" : "yes_no";
  return {
    text: s,
    form,
    ...(how ? { how } : {}),
    objects,
    ...(subject !== undefined ? { subject } : {}),
    choice,
    pair,
    ...(than ? { than } : {}),
    ...(rel ? { rel } : {}),
    others: real.slice(1).map((f) => f.word),
    ...(frame ? { frame } : {}),
    eachOther: /\b(?:each other|one another|together)\b/.test(s),
    cameraView,
    standing: !!standing,
    askSide,
  };
}

const UNITS =
  "(?:meters?|metres?|feet|foot|ft|centimet(?:er|re)s?|cm|inch(?:es)?|millimet(?:er|re)s?|mm|yards?|m)";

/** The quantity a "how …" question asks for, if it is one. */
function readHow(s: string): Clause["how"] {
  const sized = s.match(new RegExp(`\\bhow many ${UNITS} (tall|high|wide|long)\\b`))?.[1];
  if (sized) return sized === "high" ? "tall" : sized as "tall" | "wide" | "long";
  if (
    new RegExp(
      `\\bhow (?:far|close)\\b|\\bdistance\\b|\\bhow many ${UNITS}\\b|\\bhow much (?:space|room|distance)\\b|\\b(?:gap|separation|space) between\\b`,
    ).test(s)
  ) return "far";
  if (/\bhow (?:distant|far off|far out)\b|\bdepth of\b/.test(s)) return "far";
  if (/\bhow (?:tall|high)\b|\bheight\b|\bvertical (?:size|extent|dimension|length)\b/.test(s)) {
    return "tall";
  }
  if (
    /\bhow (?:wide|broad)\b|\bwidth\b|\bbreadth\b|\bhorizontal (?:size|extent|dimension)\b/.test(s)
  ) return "wide";
  if (/\bhow long\b|\blength\b/.test(s)) return "long";
  if (/\bhow (?:big|large)\b|\b(?:size|dimensions) of\b/.test(s)) return "big";
  if (/\bhow many\b|\bhow much <\d+>|\bcount\b|\bnumber of\b|\btally\b|\benumerate\b/.test(s)) {
    return "many";
  }
  return undefined;
}
