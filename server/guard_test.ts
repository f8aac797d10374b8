import assert from "node:assert/strict";
import { tokenMatches } from "./guard.ts";
import { isLoopback } from "./listen.ts";

Deno.test("tokenMatches compares whole tokens", () => {
  assert.equal(tokenMatches("s3cret-token", "s3cret-token"), true);
  assert.equal(tokenMatches("s3cret-toke", "s3cret-token"), false);
  assert.equal(tokenMatches("", "s3cret-token"), false);
});

Deno.test("isLoopback knows 127.0.0.0/8, ::1 and localhost, nothing else", () => {
  for (const h of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]) {
    assert.ok(isLoopback(h), h);
  }
  for (const h of ["0.0.0.0", "192.168.1.2", "::", "example.com", "127.0.0.1.nip.io"]) {
    assert.ok(!isLoopback(h), h);
  }
});
