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

/** An error as a status, headers and {@link ErrorBody}; unknown errors become a plain 500. */
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
  return { status: 500, headers: {}, body: body(errorMessage(e)) };
}

function body(message: string, field?: string, hint?: string): ErrorBody {
  return {
    error: { message, ...(field ? { field } : {}), ...(hint ? { hint } : {}) },
  };
}
