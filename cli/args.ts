/**
 * Flag parsing for every command, with errors that name the flag (node:util parseArgs, strict).
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { InputError } from "../core/errors.ts";

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
