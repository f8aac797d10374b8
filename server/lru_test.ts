import assert from "node:assert/strict";
import { BoundedMap } from "./lru.ts";

Deno.test("BoundedMap forgets the least recently used past the entry bound", () => {
  const m = new BoundedMap<string, number>({ maxEntries: 2 });
  m.set("a", 1);
  m.set("b", 2);
  assert.equal(m.get("a"), 1); // a is now the most recent
  m.set("c", 3);
  assert.equal(m.get("b"), undefined);
  assert.equal(m.get("a"), 1);
  assert.equal(m.get("c"), 3);
  assert.equal(m.entries, 2);
});

Deno.test("BoundedMap keeps total size under its bound and skips oversized values", () => {
  const m = new BoundedMap<string, string>({
    maxEntries: 10,
    maxSize: 10,
    sizeOf: (v) => v.length,
  });
  m.set("a", "xxxx");
  m.set("b", "yyyy");
  m.set("c", "zzzz");
  assert.equal(m.get("a"), undefined);
  assert.equal(m.size, 8);
  m.set("huge", "x".repeat(11));
  assert.equal(m.get("huge"), undefined);
  assert.equal(m.size, 8);
  m.set("b", "yy"); // replacing updates the size
  assert.equal(m.size, 6);
  m.delete("c");
  assert.equal(m.size, 2);
});
