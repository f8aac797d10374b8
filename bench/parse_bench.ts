/**
 * What reading a question costs, per question, against baselines measured in the same run:
 *
 * - group `parse`: `parseQuestion` on a rotating set of everyday phrasings (one question per
 *   iteration) against the baseline of only lower-casing and splitting the same text;
 * - group `ask --scene`: a whole rules `ask` on the street scene fixture (parse, tool calls,
 *   answer; what `deno task ask --scene` does after start-up) against `parseQuestion` alone.
 *
 * Run once: `deno bench -A bench/parse_bench.ts`; the ratios are the figures to report.
 */
import { ask } from "../agent/ask.ts";
import { parseQuestion } from "../agent/rules/parse.ts";
import { parseScene } from "../scene/schema.ts";

const QUESTIONS = [
  "Is the dog or the bicycle closer to the camera?",
  "Which car is closest to the camera?",
  "Is the person taller than the dog?",
  "What's nearer to me: the dog or the bike?",
  "How far away is the truck, in feet?",
  "Is the person facing the camera?",
  "Which is further to the right in the picture, the tv or the man?",
  "Is the tv mounted above the couch?",
  "Is the bench in front of the couch or behind it?",
  "From the person's perspective, is the dog on the left or the right?",
  "If I stand at the bench facing the tv, is the dog on my left?",
  "Which is closer to the truck, the dog or the bicycle?",
  "How many red cars are there?",
  "How tall is the man on the left?",
  "Are the two chairs facing the same way?",
  "Consider the real-world 3D locations of the objects. Which object is higher? A. the tv B. the dog",
];

const scene = parseScene(
  JSON.parse(
    await Deno.readTextFile(new URL("../tests/fixtures/street.json", import.meta.url)),
  ),
);
const labels = scene.objects.map((o) => o.label);
let i = 0;
const next = () => QUESTIONS[i++ % QUESTIONS.length];

Deno.bench("tokenize only (lower-case + split)", { group: "parse", baseline: true }, () => {
  next().toLowerCase().split(/\s+/);
});
Deno.bench("parseQuestion, one question", { group: "parse" }, () => {
  parseQuestion(next(), { labels });
});

Deno.bench("parseQuestion alone", { group: "ask --scene", baseline: true }, () => {
  parseQuestion("Is the person taller than the dog?", { labels });
});
Deno.bench("ask on the scene (rules)", { group: "ask --scene" }, async () => {
  await ask({ question: "Is the person taller than the dog?", scene, planner: "rules" });
});
