/**
 * The closing summary of a generation run: questions and records per category, answer balance
 * (yes/no or first/second of the original questions, and option letters of all records), what
 * was filtered and why, and the inputs that failed.
 *
 * @module
 */
import type { SceneStats } from "./generate.ts";

function counts(c: Record<string, number> | undefined): string {
  if (!c) return "-";
  return Object.entries(c).sort(([a], [b]) => a < b ? -1 : 1).map(([k, n]) => `${k} ${n}`)
    .join(", ");
}

/** A plain-text table of `stats`. */
export function formatSummary(
  stats: SceneStats,
  info: { inputs: number; errors: { key: string; error: string }[]; out: string },
): string {
  const lines = [
    `${info.out}: ${stats.questions} questions, ${stats.records} records from ` +
    `${info.inputs - info.errors.length} of ${info.inputs} inputs`,
    "",
    `${"category".padEnd(38)} ${"questions".padStart(9)}  answers (originals) | letters (all)`,
  ];
  for (const [cat, n] of Object.entries(stats.categories).sort(([a], [b]) => a < b ? -1 : 1)) {
    lines.push(
      `${cat.padEnd(38)} ${String(n).padStart(9)}  ${counts(stats.balance[cat])} | ${
        counts(stats.letters[cat])
      }`,
    );
  }
  lines.push("", "filtered (reason: count):");
  const filtered = Object.entries(stats.filtered).sort(([, a], [, b]) => b - a);
  lines.push(...(filtered.length ? filtered.map(([k, n]) => `  ${k}: ${n}`) : ["  nothing"]));
  if (info.errors.length) {
    lines.push("", `skipped inputs (${info.errors.length}):`);
    lines.push(...info.errors.map((e) => `  ${e.key}: ${e.error}`));
  }
  return lines.join("\n");
}
