/**
 * A progress bar for long batch runs, written to stderr: done/total, rate and ETA. On a terminal
 * it redraws one line; otherwise (a log file, CI) it prints a line at most every few seconds.
 *
 * @module
 */

/** What the bar shows. */
export interface ProgressState {
  /** Units finished, including those done by an earlier run. */
  done: number;
  total: number;
  /** Units finished by this run (the rate counts only these). */
  doneThisRun: number;
  /** Secondary count finished by this run, e.g. questions. */
  items: number;
  /** Seconds since this run started. */
  elapsedS: number;
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  return h ? `${h}:${mmss}` : mmss;
}

/** One line: `[#####-----] 12/50 images  3.10 images/s  38.2 questions/s  ETA 00:12`. */
export function formatProgress(
  p: ProgressState,
  units = "images",
  itemUnits = "questions",
  width = 24,
): string {
  const frac = p.total ? Math.min(1, p.done / p.total) : 1;
  const filled = Math.round(frac * width);
  const bar = "#".repeat(filled) + "-".repeat(width - filled);
  const rate = p.elapsedS > 0 ? p.doneThisRun / p.elapsedS : 0;
  const itemRate = p.elapsedS > 0 ? p.items / p.elapsedS : 0;
  const eta = rate > 0 ? (p.total - p.done) / rate : Infinity;
  return `[${bar}] ${p.done}/${p.total} ${units}  ${rate.toFixed(2)} ${units}/s  ` +
    `${itemRate.toFixed(1)} ${itemUnits}/s  ETA ${p.done >= p.total ? "00:00" : clock(eta)}`;
}

/** A bar bound to stderr. */
export interface ProgressBar {
  /** Records progress and redraws when due. */
  update(done: number, doneThisRun: number, items: number): void;
  /** Draws the final state and ends the line. */
  finish(): void;
}

/** Starts a bar for `total` units; silent when `enabled` is false. */
export function startProgress(
  total: number,
  opts: { enabled?: boolean; units?: string; itemUnits?: string } = {},
): ProgressBar {
  const enabled = opts.enabled ?? true;
  const tty = Deno.stderr.isTerminal();
  const start = performance.now();
  const encoder = new TextEncoder();
  let last = 0;
  let state: ProgressState = { done: 0, total, doneThisRun: 0, items: 0, elapsedS: 0 };
  const draw = (final: boolean) => {
    if (!enabled) return;
    const line = formatProgress(state, opts.units, opts.itemUnits);
    Deno.stderr.writeSync(
      encoder.encode(tty ? `\r${line}\x1b[K${final ? "\n" : ""}` : `${line}\n`),
    );
  };
  return {
    update(done, doneThisRun, items) {
      const now = performance.now();
      state = { done, total, doneThisRun, items, elapsedS: (now - start) / 1000 };
      if (now - last >= (tty ? 100 : 5000)) {
        last = now;
        draw(false);
      }
    },
    finish() {
      state = { ...state, elapsedS: (performance.now() - start) / 1000 };
      draw(true);
    },
  };
}
