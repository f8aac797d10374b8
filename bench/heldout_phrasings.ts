/**
 * A held-out check of the parser on question sets written blind to it (by someone who read only
 * `agent/rules/query.ts`): each in-scope question with the part of its typed query it must
 * produce, plus questions the planner cannot answer, which must all be refused — each refusal
 * with a reason. Prints the share read correctly, the misses and the wrongly answered.
 *
 * `deno run -A bench/heldout_phrasings.ts [set.json …]` (default: the sets in
 * bench/heldout/). A set is `{ "in_scope": [{ "q", "want" }], "out_of_scope": [question] }`;
 * `want` is a partial query: every key given must equal the parse's.
 */
import { parseQuestion } from "../agent/rules/parse.ts";

interface HeldOutSet {
  in_scope: { q: string; want: Record<string, unknown> }[];
  out_of_scope: string[];
}

/** Where `want` (a partial value) disagrees with `got`: a path, or undefined when it agrees. */
function mismatch(want: unknown, got: unknown, path = ""): string | undefined {
  if (want !== null && typeof want === "object") {
    if (got === null || typeof got !== "object") return path || "(root)";
    if (Array.isArray(want)) {
      if (!Array.isArray(got) || got.length !== want.length) return path;
    }
    for (const [k, v] of Object.entries(want)) {
      const m = mismatch(v, (got as Record<string, unknown>)[k], `${path}.${k}`);
      if (m) return m;
    }
    return undefined;
  }
  return want === got ? undefined : path;
}

const files = Deno.args.length
  ? Deno.args
  : ["dev.json", "test.json"].map((f) => new URL(`./heldout/${f}`, import.meta.url).pathname);
/** A set read from `file`, or a one-line error and exit 2 when it cannot be. */
async function readSet(file: string): Promise<HeldOutSet> {
  let set: Partial<HeldOutSet>;
  try {
    set = JSON.parse(await Deno.readTextFile(file));
  } catch (e) {
    console.error(
      `error: ${file}: ${(e as Error).message} (hint: a JSON file of in_scope and out_of_scope)`,
    );
    Deno.exit(2);
  }
  const ok = Array.isArray(set.in_scope) && Array.isArray(set.out_of_scope) &&
    set.in_scope.every((r) => typeof r?.q === "string" && typeof r?.want === "object") &&
    set.out_of_scope.every((q) => typeof q === "string");
  if (!ok) {
    console.error(
      `error: ${file}: not a question set (hint: {"in_scope": [{"q": "…", "want": {…}}], "out_of_scope": ["…"]})`,
    );
    Deno.exit(2);
  }
  return set as HeldOutSet;
}

for (const file of files) {
  const set = await readSet(file);
  let right = 0;
  const misses: string[] = [];
  for (const { q, want } of set.in_scope) {
    const r = parseQuestion(q);
    const where = r.ok ? mismatch(want, r.query) : "refused";
    if (!where) right++;
    else {
      misses.push(
        `✗ ${q}\n    ${
          r.ok
            ? `${where}: want ${JSON.stringify(want)}\n    got  ${JSON.stringify(r.query)}`
            : r.reason
        }`,
      );
    }
  }
  let refused = 0;
  const answered: string[] = [];
  for (const q of set.out_of_scope) {
    const r = parseQuestion(q);
    if (!r.ok && r.reason.length > 20) refused++;
    else if (r.ok) answered.push(`✗ answered out of scope: ${q} → ${r.query.category}`);
  }
  console.log(`# ${file}\n${[...misses, ...answered].join("\n")}`);
  console.log(
    `in scope: ${right}/${set.in_scope.length} read as intended (${
      (100 * right / set.in_scope.length).toFixed(1)
    } %); out of scope: ${refused}/${set.out_of_scope.length} refused with a reason\n`,
  );
}
