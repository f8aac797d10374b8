import assert from "node:assert/strict";
import { InputError } from "../../core/errors.ts";
import { checkReachable, parseQueueUrl } from "./connection.ts";

Deno.test("queue URLs: redis, rediss with a token, the password never shown", () => {
  assert.deepEqual(parseQueueUrl("redis://127.0.0.1:6390/2"), {
    url: "redis://127.0.0.1:6390/2",
    shown: "redis://127.0.0.1:6390/2",
    tls: false,
  });
  const t = parseQueueUrl("rediss://worker:s3cret@cache.example:6380");
  assert.equal(t.tls, true);
  assert.equal(t.shown, "rediss://worker:***@cache.example:6380");
  assert.ok(!t.shown.includes("s3cret"));
  assert.equal(parseQueueUrl("redis://:tok@h").shown, "redis://:***@h");
});

Deno.test("queue URLs: bad ones name the flag and the reason", () => {
  for (
    const [raw, why] of [
      ["localhost:6379", /scheme must be redis/],
      ["http://h:1", /scheme must be redis/],
      ["not a url", /is not a URL/],
      ["redis://h:6379/x", /database must be a number/],
    ] as const
  ) {
    assert.throws(() => parseQueueUrl(raw), (e) => e instanceof InputError && why.test(e.message));
  }
});

Deno.test("an unreachable Redis is one clear error, not a hang", async () => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  await assert.rejects(
    () => checkReachable(parseQueueUrl(`redis://:pw@127.0.0.1:${port}`), 1500),
    (e) =>
      e instanceof InputError &&
      /--queue: Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ does not answer/
        .test(e.message),
  );
});
