/**
 * Flag parsing for every command, with errors that name the flag (node:util parseArgs, strict).
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { InputError } from "../core/errors.ts";
import type { AskRequest } from "../agent/ask.ts";
import { resolveHost } from "../agent/ollama.ts";
import { editDistance } from "../core/edit_distance.ts";

/** Option spec in node:util's format. */
export type FlagSpec = NonNullable<ParseArgsConfig["options"]>;

/** Parsed flags and positionals. */
export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/**
 * `--flag -5` as `--flag=-5` for flags that take a value, so a negative number reaches the
 * range check (and its message) instead of reading as an ambiguous flag.
 */
function joinNegativeValues(args: readonly string[], options: FlagSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.startsWith("--") && !a.includes("=") ? a.slice(2) : undefined;
    const next = args[i + 1];
    if (
      name && options[name]?.type === "string" && next !== undefined &&
      /^-(\d|\.\d|Infinity$)/.test(next)
    ) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Parses `args` strictly; unknown flags and missing values become {@link InputError}s. */
export function parseFlags(args: string[], options: FlagSpec, usage: string): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(args, options),
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed["values"], positionals };
  } catch (e) {
    const msg = (e as Error).message;
    const flag = msg.match(/'(--?[\w-]+)/)?.[1] ?? "arguments";
    const help = helpHint(usage);
    if ((e as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const near = closestFlag(flag, Object.keys(options));
      throw new InputError(flag, `unknown flag${near ? ` (did you mean --${near}?)` : ""}`, help);
    }
    if (/argument missing/.test(msg)) throw new InputError(flag, "needs a value", help);
    throw new InputError(flag, msg.replace(/^.*?:\s*/, "").split("\n")[0] || msg, help);
  }
}

/**
 * The hint of a usage error: a pointer to the command's `--help` (named from a usage text that
 * starts `usage: deno task <command> …`), not the whole help text.
 */
export function helpHint(usage: string): string {
  const command = usage.match(/deno task [\w-]+/)?.[0];
  return command ? `${command} --help lists every flag` : usage;
}

/**
 * The known flag nearest to `given` (`--bogus`, `-x`): one it is a prefix of, else the one at the
 * smallest edit distance when that is at most a third of its length (at least 2); else undefined.
 */
export function closestFlag(given: string, known: readonly string[]): string | undefined {
  const name = given.replace(/^--?/, "");
  if (!name) return undefined;
  const prefixed = known.filter((k) => k.startsWith(name));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/** A flag's value as a finite number, or undefined when absent. */
export function numberFlag(values: Parsed["values"], name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(n)) {
    throw new InputError(`--${name}`, `must be a finite number, got "${raw}"`);
  }
  return n;
}

/** A flag's value as a string, or undefined when absent. */
export function stringFlag(values: Parsed["values"], name: string): string | undefined {
  const raw = values[name];
  return typeof raw === "string" ? raw : undefined;
}

/** Spec of `-h, --help`, to spread into a command's flags; see {@link printHelp}. */
export const HELP_FLAG: FlagSpec = { help: { type: "boolean", short: "h" } };

/** Prints `usage` when `--help` was given; the command then exits 0. */
export function printHelp(values: Parsed["values"], usage: string): boolean {
  if (values.help !== true) return false;
  console.log(usage);
  return true;
}

/** Throws naming the first positional argument, for commands that take none. */
export function noPositionals(positionals: readonly string[], usage: string): void {
  if (positionals.length) {
    throw new InputError(positionals[0], "unexpected argument", helpHint(usage));
  }
}

/** A flag's value as a non-empty string; absent or empty is an {@link InputError}. */
export function requiredFlag(values: Parsed["values"], name: string, usage: string): string {
  const value = stringFlag(values, name);
  if (!value) throw new InputError(`--${name}`, "is required", helpHint(usage));
  return value;
}

/** The values a numeric flag accepts. */
export interface NumberRange {
  /** Smallest value (inclusive unless `exclusiveMin`). */
  min: number;
  /** Largest value, inclusive. */
  max: number;
  /** `min` itself is refused (for "> 0"). */
  exclusiveMin?: boolean;
  /** Only whole numbers. */
  integer?: boolean;
  /** What the number counts, for the message: `seconds`, `pixels`, … */
  unit?: string;
}

/** The range in words: `an integer from 1 to 1000`, `a number > 0 and ≤ 2147481 (seconds)`. */
export function describeRange(r: NumberRange): string {
  const unit = r.unit ? ` (${r.unit})` : "";
  if (r.integer && !r.exclusiveMin) return `an integer from ${r.min} to ${r.max}${unit}`;
  return `${r.integer ? "an integer" : "a number"} ${r.exclusiveMin ? ">" : "≥"} ${r.min} ` +
    `and ≤ ${r.max}${unit}`;
}

/** A flag's value within `range`, or undefined when absent; the error says the allowed range. */
export function rangeFlag(
  values: Parsed["values"],
  name: string,
  range: NumberRange,
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  const ok = Number.isFinite(n) && (range.exclusiveMin ? n > range.min : n >= range.min) &&
    n <= range.max && (!range.integer || Number.isInteger(n));
  if (!ok) throw new InputError(`--${name}`, `must be ${describeRange(range)}, got "${raw}"`);
  return n;
}

/** Largest count any flag takes (images per run, questions per image, queue length, …). */
export const MAX_COUNT = 1_000_000;

/** A flag's value as an integer from `min` to `max`, or undefined when absent. */
export function integerFlag(
  values: Parsed["values"],
  name: string,
  min = 1,
  max = MAX_COUNT,
): number | undefined {
  return rangeFlag(values, name, { min, max, integer: true });
}

/**
 * Longest deadline, seconds: timers take at most 2³¹−1 ms (a longer one fires at once), less the
 * server's 2 s grace before it hard-stops a question that overran.
 */
export const MAX_DEADLINE_S = Math.floor((2 ** 31 - 1 - 2000) / 1000);

/** `--deadline S`: seconds > 0 and at most {@link MAX_DEADLINE_S}, or undefined when absent. */
export function deadlineFlag(values: Parsed["values"]): number | undefined {
  return rangeFlag(values, "deadline", {
    min: 0,
    max: MAX_DEADLINE_S,
    exclusiveMin: true,
    unit: "seconds",
  });
}

/** A flag's value as a number > 0 and ≤ `max` (`unit` names what it counts), or undefined. */
export function positiveFlag(
  values: Parsed["values"],
  name: string,
  unit?: string,
  max = 1e9,
): number | undefined {
  return rangeFlag(values, name, { min: 0, max, exclusiveMin: true, unit });
}

function checkChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (!(choices as readonly unknown[]).includes(value)) {
    throw new InputError(`--${name}`, `must be one of ${choices.join(", ")}, got "${value}"`);
  }
  return value as T;
}

/**
 * A flag's value, which must be one of `choices`; `fallback` when absent. Without a fallback
 * the flag is required.
 */
export function choiceFlag<T extends string>(
  values: Parsed["values"],
  name: string,
  choices: readonly T[],
  fallback?: T,
): T {
  const value = stringFlag(values, name) ?? fallback;
  if (value === undefined) {
    throw new InputError(`--${name}`, "is required", `one of ${choices.join(", ")}`);
  }
  return checkChoice(name, value, choices);
}

/** A comma-separated flag whose every item is one of `choices`; `fallback` when absent. */
export function choiceListFlag<T extends string>(
  values: Parsed["values"],
  name: string,
  choices: readonly T[],
  fallback: readonly T[],
): T[];
/** A comma-separated flag whose every item is one of `choices`, or undefined when absent. */
export function choiceListFlag<T extends string>(
  values: Parsed["values"],
  name: string,
  choices: readonly T[],
): T[] | undefined;
export function choiceListFlag<T extends string>(
  values: Parsed["values"],
  name: string,
  choices: readonly T[],
  fallback?: readonly T[],
): T[] | undefined {
  const raw = stringFlag(values, name);
  if (raw === undefined) return fallback && [...fallback];
  return raw.split(",").map((item) => checkChoice(name, item.trim(), choices));
}

/** The planners `--planner` accepts. */
export const PLANNERS: readonly NonNullable<AskRequest["planner"]>[] = ["auto", "llm", "rules"];

/** Reads stdin as text, at most `maxChars` characters (UTF-16 units) — more is an InputError. */
export async function readStdinText(field: string, maxChars: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  // A character is at most 4 bytes: read no more than that can hold, plus one to detect excess.
  const maxBytes = maxChars * 4 + 1;
  let bytes = 0;
  for await (const chunk of Deno.stdin.readable) {
    bytes += chunk.length;
    text += decoder.decode(chunk, { stream: true });
    if (bytes > maxBytes || text.length > maxChars) {
      throw new InputError(field, `stdin holds more than the limit of ${maxChars} characters`);
    }
  }
  return text + decoder.decode();
}

/** A flag naming an Ollama server (`http://host:port`, `host:port` or `host`), or undefined. */
export function hostUrlFlag(values: Parsed["values"], name: string): string | undefined {
  const raw = stringFlag(values, name);
  if (raw === undefined) return undefined;
  try {
    const url = new URL(resolveHost(raw));
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(url.protocol);
  } catch {
    throw new InputError(
      `--${name}`,
      `"${raw}" is not an http(s) URL or host:port`,
      "e.g. http://127.0.0.1:11434",
    );
  }
  return raw;
}
