/**
 * Edit distance (Levenshtein): the fewest insertions, deletions and substitutions that turn one
 * string into another. Used to suggest a near spelling — of a flag (`cli/args.ts`) or of an
 * object's name (`agent/rules/lexicon.ts`).
 *
 * @module
 */

/** The edit distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
