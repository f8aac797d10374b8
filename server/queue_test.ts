import assert from "node:assert/strict";
import { HttpError } from "./errors.ts";
import { createGate } from "./queue.ts";

Deno.test("gate: K run, N wait in order, the rest get 503 with Retry-After", async () => {
  const gate = createGate(2, 1, 9);
  const a = await gate.acquire();
  const b = await gate.acquire();
  const order: string[] = [];
  const c = gate.acquire().then((r) => {
    order.push("c");
    return r;
  });
  assert.deepEqual(gate.stats(), { active: 2, queued: 1, concurrency: 2, queue: 1 });
  await assert.rejects(gate.acquire(), (e: HttpError) => {
    assert.equal(e.status, 503);
    assert.equal(e.headers["Retry-After"], "9");
    return true;
  });
  a();
  a(); // a second release of the same slot changes nothing
  const rc = await c;
  assert.deepEqual(order, ["c"]);
  assert.deepEqual(gate.stats(), { active: 2, queued: 0, concurrency: 2, queue: 1 });
  b();
  rc();
  assert.equal(gate.stats().active, 0);
});

Deno.test("gate: an aborted waiter leaves the queue and rejects with the reason", async () => {
  const gate = createGate(1, 2);
  const held = await gate.acquire();
  const ctl = new AbortController();
  const waiting = gate.acquire(ctl.signal);
  assert.equal(gate.stats().queued, 1);
  ctl.abort(new Error("client gone"));
  await assert.rejects(waiting, /client gone/);
  assert.equal(gate.stats().queued, 0);
  held();
  assert.equal(gate.stats().active, 0);
  await assert.rejects(gate.acquire(AbortSignal.abort(new Error("already"))), /already/);
});

Deno.test("gate: bad sizes are refused", () => {
  assert.throws(() => createGate(0, 1), RangeError);
  assert.throws(() => createGate(1, -1), RangeError);
});
