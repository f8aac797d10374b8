/**
 * sharp, loaded on first use: its import costs a large share of a cold start, and commands that
 * work from a scene file never decode an image.
 *
 * @module
 */
import type SharpFn from "sharp";

/** The sharp function. */
export type Sharp = typeof SharpFn;

let loading: Promise<Sharp> | undefined;

/** sharp, imported once. */
export function loadSharp(): Promise<Sharp> {
  return loading ??= import("sharp").then((m) => m.default);
}
