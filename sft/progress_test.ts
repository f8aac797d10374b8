import assert from "node:assert/strict";
import { formatProgress } from "./progress.ts";

Deno.test("formatProgress shows counts, rates and an ETA from this run's rate", () => {
  const line = formatProgress({ done: 15, total: 50, doneThisRun: 10, items: 80, elapsedS: 5 });
  assert.match(line, /^\[#{7}-{17}\] 15\/50 images {2}2\.00 images\/s {2}16\.0 questions\/s/);
  // 35 left at 2 per second.
  assert.match(line, /ETA 00:18$/);
});

Deno.test("formatProgress before any work and when finished", () => {
  assert.match(
    formatProgress({ done: 0, total: 4, doneThisRun: 0, items: 0, elapsedS: 0 }),
    /ETA --:--$/,
  );
  const done = formatProgress({ done: 4, total: 4, doneThisRun: 4, items: 9, elapsedS: 2 });
  assert.match(done, /^\[#{24}\] 4\/4/);
  assert.match(done, /ETA 00:00$/);
  assert.match(
    formatProgress({ done: 1, total: 10000, doneThisRun: 1, items: 0, elapsedS: 1 }),
    /ETA 2:46:39$/,
  );
});
