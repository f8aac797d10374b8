/**
 * Errors that reach a person or a model: each names the field at fault, the reason, and a hint.
 *
 * @module
 */

/** An error caused by input (a file, an argument, a tool call) rather than by a bug. */
export class InputError extends Error {
  /** Path of the offending field, e.g. `objects[2].center` or `--fx`. */
  readonly field: string;
  /** Why the value is wrong. */
  readonly reason: string;
  /** What to do about it, when something can be said. */
  readonly hint?: string;

  /** Builds the error; the message reads `field: reason (hint)`. */
  constructor(field: string, reason: string, hint?: string) {
    super(`${field}: ${reason}${hint ? ` (hint: ${hint})` : ""}`);
    this.name = "InputError";
    this.field = field;
    this.reason = reason;
    this.hint = hint;
  }
}

/**
 * A failure to write an output (disk full, an I/O error, a vanished folder) after the work began:
 * always fatal, never recorded as a fault of the input. The message reads `path: reason (hint)`.
 */
export class OutputError extends Error {
  /** The output that could not be written. */
  readonly path: string;

  /** Builds the error from the path and the underlying failure. */
  constructor(path: string, cause: unknown, hint?: string) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${path}: cannot write: ${reason}${hint ? ` (hint: ${hint})` : ""}`);
    this.name = "OutputError";
    this.path = path;
  }
}

/** Turns a zod issue path (`["objects", 2, "center"]`) into `objects[2].center`. */
export function formatPath(path: readonly PropertyKey[], root = ""): string {
  let out = root;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "(root)";
}

/** Minimal shape of a zod error, so this module does not import zod. */
interface ZodLikeError {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/** Converts the first issue of a zod error into an {@link InputError}. */
export function inputErrorFromZod(error: ZodLikeError, root = "", hint?: string): InputError {
  const issue = error.issues[0];
  if (!issue) return new InputError(root || "(root)", "invalid value", hint);
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more problems)` : "";
  return new InputError(formatPath(issue.path, root), issue.message + more, hint);
}

/** A message for any thrown value, without a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
