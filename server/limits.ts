/**
 * The server's limits, in one place: request size, image size, question size, how many questions
 * run at once and wait, how long one may take, and how much is kept in memory.
 *
 * @module
 */

import { DEFAULT_TEXT_LIMITS, type TextLimits } from "../agent/text_limits.ts";

/** Every limit the server enforces; the text limits are the command line's too. */
export interface ServerLimits extends TextLimits {
  /** Largest request body, bytes (uploads included). */
  maxBodyBytes: number;
  /** Largest decoded image, pixels (width × height). */
  maxImagePixels: number;
  /** Questions answered at once. */
  concurrency: number;
  /** Questions waiting for a slot; beyond this the server answers 503. */
  queue: number;
  /** Seconds a client is told to wait (Retry-After) when the queue is full. */
  retryAfterSeconds: number;
  /** Time one question may take once it has a slot, milliseconds. */
  deadlineMs: number;
  /** Finished traces kept for `GET /api/traces/:id`. */
  maxTraces: number;
  /** Decoded images kept for follow-up questions, total RGB bytes. */
  imageCacheBytes: number;
  /** Open client connections; beyond this a new one is answered 503 and closed. */
  maxConnections: number;
  /** Time a client has to send a request's headers once it starts, milliseconds. */
  headerTimeoutMs: number;
  /** Time a client has to send a request's whole body once its headers are in, milliseconds. */
  bodyTimeoutMs: number;
  /** A connection with no request in flight and no bytes for this long is closed, ms. */
  idleTimeoutMs: number;
}

/** The defaults: sized for a laptop answering one person (2 at once, 8 waiting). */
export const DEFAULT_LIMITS: Readonly<ServerLimits> = {
  maxBodyBytes: 20 * 1024 * 1024,
  maxImagePixels: 40_000_000,
  ...DEFAULT_TEXT_LIMITS,
  concurrency: 2,
  queue: 8,
  retryAfterSeconds: 5,
  deadlineMs: 120_000,
  maxTraces: 200,
  imageCacheBytes: 256 * 1024 * 1024,
  maxConnections: 256,
  headerTimeoutMs: 10_000,
  bodyTimeoutMs: 60_000,
  idleTimeoutMs: 30_000,
};
