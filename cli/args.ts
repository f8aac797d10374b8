/**
 * Flag parsing for every command, with errors that name the flag (node:util parseArgs, strict).
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { InputError } from "../core/errors.ts";
import type { AskRequest } from "../agent/ask.ts";

/** Option spec in node:util's format. */
export type FlagSpec = NonNullable<ParseArgsConfig["options"]>;

/** Parsed flags and positionals. */
export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** Parses `args` strictly; unknown flags and missing values become {@link InputError}s. */
export function parseFlags(args: string[], options: FlagSpec, usage: string): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args,
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed["values"], positionals };
  } catch (e) {
    const msg = (e as Error).message;
    const flag = msg.match(/'(--?[\w-]+)/)?.[1] ?? "arguments";
    throw new InputError(flag, msg.replace(/^.*?:\s*/, "").split("\n")[0] || msg, usage);
  }
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
  if (positionals.length) throw new InputError(positionals[0], "unexpected argument", usage);
}

/** A flag's value as a non-empty string; absent or empty is an {@link InputError}. */
export function requiredFlag(values: Parsed["values"], name: string, usage: string): string {
  const value = stringFlag(values, name);
  if (!value) throw new InputError(`--${name}`, "is required", usage);
  return value;
}

/** A flag's value as an integer ≥ `min`, or undefined when absent. */
export function integerFlag(values: Parsed["values"], name: string, min = 1): number | undefined {
  const n = numberFlag(values, name);
  if (n !== undefined && !(Number.isInteger(n) && n >= min)) {
    const kind = min >= 1 ? "a positive integer" : "an integer";
    throw new InputError(`--${name}`, `must be ${kind} ≥ ${min}, got ${n}`);
  }
  return n;
}

/** A flag's value as a number > 0 (`unit` names what it counts), or undefined when absent. */
export function positiveFlag(
  values: Parsed["values"],
  name: string,
  unit?: string,
): number | undefined {
  const n = numberFlag(values, name);
  if (n !== undefined && !(n > 0)) {
    throw new InputError(
      `--${name}`,
      `must be a positive number${unit ? ` of ${unit}` : ""}, got ${n}`,
    );
  }
  return n;
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
