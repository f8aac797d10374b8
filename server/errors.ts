/**
 * Every error the server sends is JSON `{ error: { message, field?, hint? } }` with a fitting
 * status code — never a stack trace. Route code throws {@link HttpError} or
 * {@link InputError}; the app's error handler turns anything thrown into this shape.
 *
 * @module
 */
import { errorMessage, InputError } from "../core/errors.ts";
import { LlmError } from "../agent/ollama.ts";

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { message: string; field?: string; hint?: string };
}

/** Status codes the server answers errors with. */
export type ErrorStatus =
  | 400
  | 401
  | 403
  | 404
  | 405
  | 408
  | 413
  | 415
  | 422
  | 500
  | 502
  | 503
  | 504;

/** An error with an HTTP status, the field at fault, a hint, and extra response headers. */
export class HttpError extends Error {
  /** HTTP status code. */
  readonly status: ErrorStatus;
  /** Request field at fault, when one is. */
  readonly field?: string;
  /** What the client can do about it. */
  readonly hint?: string;
  /** Headers to add to the response (e.g. `Retry-After`). */
  readonly headers: Record<string, string>;

  /** Builds the error; `message` is what the client reads. */
  constructor(
    status: ErrorStatus,
    message: string,
    opts: { field?: string; hint?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.field = opts.field;
    this.hint = opts.hint;
    this.headers = opts.headers ?? {};
  }
}

/** Raised when a question runs past its deadline. */
export class DeadlineError extends HttpError {
  /** `ms` is the deadline that passed. */
  constructor(ms: number) {
    super(504, `the question ran past the server's deadline of ${ms / 1000} s`, {
      hint: "ask a simpler question, or start the server with a longer --deadline",
    });
    this.name = "DeadlineError";
  }
}

/** What a client reads for an error the server did not expect (a bug), instead of its text. */
export const INTERNAL_ERROR_MESSAGE = "internal error: the server could not answer this";

/**
 * An error as a status, headers and {@link ErrorBody}. Unknown errors (a bug, e.g. a TypeError)
 * become a 500 with a generic message — their own text is logged to stderr, never sent.
 */
export function toErrorResponse(
  e: unknown,
): { status: ErrorStatus; headers: Record<string, string>; body: ErrorBody } {
  if (e instanceof HttpError) {
    return { status: e.status, headers: e.headers, body: body(e.message, e.field, e.hint) };
  }
  if (e instanceof InputError) {
    return { status: 400, headers: {}, body: body(`${e.field}: ${e.reason}`, e.field, e.hint) };
  }
  if (e instanceof LlmError) {
    return { status: e.kind === "timeout" ? 504 : 502, headers: {}, body: body(e.message) };
  }
  if (e instanceof DOMException && e.name === "AbortError") {
    return { status: 408, headers: {}, body: body("the request was cancelled") };
  }
  console.error(`internal error: ${errorMessage(e)}`);
  return {
    status: 500,
    headers: {},
    body: body(INTERNAL_ERROR_MESSAGE, undefined, "the server's log has the details"),
  };
}

function body(message: string, field?: string, hint?: string): ErrorBody {
  return {
    error: { message, ...(field ? { field } : {}), ...(hint ? { hint } : {}) },
  };
}
