import assert from "node:assert/strict";
import { createRng } from "./prng.ts";

Deno.test("same seed and key give the same sequence; other keys or seeds differ", () => {
  const draw = (seed: number, key: string) => {
    const r = createRng(seed, key);
    return Array.from({ length: 8 }, () => r.next());
  };
  assert.deepEqual(draw(1, "a.jpg"), draw(1, "a.jpg"));
  assert.notDeepEqual(draw(1, "a.jpg"), draw(1, "b.jpg"));
  assert.notDeepEqual(draw(1, "a.jpg"), draw(2, "a.jpg"));
});

Deno.test("draws are in range and roughly uniform", () => {
  const r = createRng(7);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 40000; i++) {
    const x = r.next();
    assert.ok(x >= 0 && x < 1);
    counts[r.int(4)]++;
  }
  for (const c of counts) assert.ok(Math.abs(c - 10000) < 500, String(counts));
});

Deno.test("shuffle is a permutation and pick rejects an empty array", () => {
  const r = createRng(3);
  const items = [1, 2, 3, 4, 5, 6];
  assert.deepEqual(r.shuffle(items).sort(), items);
  assert.throws(() => r.pick([]), RangeError);
});
