/**
 * Evaluation data and scoring: 3DSRBench's TSV layout and our generated JSONL read into one
 * question list; accuracy per category, plain (every row on its own) and CircularEval + FlipEval
 * (a question counts only when all its variants are right), with 3DSRBench's group rows.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { firstNumber, type Gold, matchAnswer, OPTION_LETTERS } from "./checks.ts";
import type { SrCotRecord } from "./record.ts";

/** One question row to evaluate. */
export interface EvalItem {
  /** Row id (a variant). */
  id: string;
  /** Shared by the variants of one question. */
  group: string;
  category: string;
  question: string;
  options?: string[];
  gold: Gold;
  /** Image path (resolved against the root by the caller), when there is one. */
  image?: string;
  /** Scene file, for generated questions made from scenes. */
  scene?: string;
}

/** Splits TSV text into rows, honouring double-quoted fields (as pandas writes them). */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === "\t") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ""));
}

/** Columns that may hold the image path, in order of preference. */
const IMAGE_COLUMNS = ["image_path", "image", "image_url", "path", "img_path"];

/**
 * 3DSRBench TSV rows → items. Columns by header name: `index`, `question`, `A`–`D`, `answer` (a
 * letter), `category`, and an image column ({@link IMAGE_COLUMNS}). Variants share an index up to
 * a `-N` suffix (3DSRBench's CircularEval/FlipEval rows), which makes the group.
 */
export function itemsFromTsv(text: string, source = "questions.tsv"): EvalItem[] {
  const [header, ...rows] = parseTsv(text);
  if (!header) throw new InputError(source, "is empty");
  const col = new Map(header.map((h, i) => [h.trim().toLowerCase(), i]));
  for (const need of ["index", "question", "a", "b", "answer", "category"]) {
    if (!col.has(need)) {
      throw new InputError(
        source,
        `has no "${need}" column (found: ${header.join(", ")})`,
        "3DSRBench layout: index, question, A, B, C, D, answer, category, image path",
      );
    }
  }
  const imageCol = IMAGE_COLUMNS.find((c) => col.has(c));
  return rows.map((r, n) => {
    const get = (name: string) => (r[col.get(name)!] ?? "").trim();
    const options = ["a", "b", "c", "d"].filter((l) => col.has(l) && get(l) !== "").map(get);
    const answer = get("answer");
    if (!OPTION_LETTERS.slice(0, options.length).includes(answer.toUpperCase())) {
      throw new InputError(
        `${source}:${n + 2}`,
        `answer "${answer}" is not one of the option letters`,
      );
    }
    const id = get("index");
    return {
      id,
      group: id.replace(/-\d+$/, ""),
      category: get("category"),
      question: get("question"),
      options,
      gold: { answer: answer.toUpperCase(), options },
      ...(imageCol && get(imageCol) ? { image: get(imageCol) } : {}),
    };
  });
}

/** Generated records → items (images as recorded; scene-made questions keep their scene file). */
export function itemsFromRecords(records: readonly SrCotRecord[]): EvalItem[] {
  return records.map((r) => {
    const numeric = !r.options?.length;
    const gold: Gold = numeric
      ? {
        answer: firstNumber(r.answer) ?? NaN,
        ...(r.category === "count" ? { tolerance: 0 } : {}),
      }
      : { answer: r.answer, options: r.options };
    return {
      id: r.id,
      group: r.question_id,
      category: r.category,
      question: r.question,
      ...(r.options ? { options: r.options } : {}),
      gold,
      ...(r.trace.image?.path ?? r.image ? { image: r.trace.image?.path ?? r.image } : {}),
      ...(r.trace.scene ? { scene: r.trace.scene } : {}),
    };
  });
}

/** One answered item. */
export interface EvalResult {
  item: EvalItem;
  /** The answer as the planner gave it (option text, yes/no, number), or null. */
  predicted: string | null;
  correct: boolean;
  /** Why there is no prediction (unanswerable, image missing, …). */
  error?: string;
}

/** Scores a predicted answer text against an item's gold answer. */
export function score(item: EvalItem, predicted: string | null): boolean {
  return predicted !== null && matchAnswer(predicted, item.gold);
}

/** Accuracy of one category (or all). */
export interface Accuracy {
  /** Rows. */
  n: number;
  /** Fraction of rows right. */
  plain: number;
  /** Question groups. */
  groups: number;
  /** Fraction of groups whose every row is right (CircularEval + FlipEval). */
  strict: number;
  /** Rows without an answer. */
  unanswered: number;
}

function accuracy(results: readonly EvalResult[]): Accuracy {
  const groups = new Map<string, boolean>();
  for (const r of results) {
    groups.set(r.item.group, (groups.get(r.item.group) ?? true) && r.correct);
  }
  const right = results.filter((r) => r.correct).length;
  const strict = [...groups.values()].filter(Boolean).length;
  return {
    n: results.length,
    plain: results.length ? right / results.length : 0,
    groups: groups.size,
    strict: groups.size ? strict / groups.size : 0,
    unanswered: results.filter((r) => r.predicted === null).length,
  };
}

/** Accuracy overall and per category. */
export function summarize(results: readonly EvalResult[]) {
  const byCategory: Record<string, Accuracy> = {};
  const cats = [...new Set(results.map((r) => r.item.category))].sort();
  for (const c of cats) byCategory[c] = accuracy(results.filter((r) => r.item.category === c));
  return { overall: accuracy(results), byCategory };
}

/** The score table as text. */
export function formatScores(s: ReturnType<typeof summarize>): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
  const row = (name: string, a: Accuracy) =>
    `${name.padEnd(38)} ${String(a.n).padStart(5)} ${pct(a.plain)} ${
      String(a.groups).padStart(6)
    } ${pct(a.strict)} ${String(a.unanswered).padStart(10)}`;
  return [
    `${"category".padEnd(38)} ${"rows".padStart(5)} ${"plain".padStart(7)} ${
      "groups".padStart(6)
    } ${"strict".padStart(7)} ${"unanswered".padStart(10)}`,
    ...Object.entries(s.byCategory).map(([c, a]) => row(c, a)),
    row("overall", s.overall),
    "",
    "plain: every row on its own; strict: a question counts only when all its variants " +
    "(CircularEval + FlipEval) are right.",
  ].join("\n");
}
