import assert from "node:assert/strict";
import { openCommitLog, progressPathOf } from "./commit_log.ts";

Deno.test("commits append whole lines and a reopen keeps them", async () => {
  const dir = await Deno.makeTempDir();
  const out = `${dir}/out.jsonl`;
  const log = await openCommitLog(out, { seed: 1 });
  assert.equal(log.resumed, false);
  await log.commit("a", ['{"x":1}', '{"x":2}'], { status: "ok", stats: { n: 2 } });
  await log.commit("b", [], { status: "error", error: "bad image" });
  log.close();
  const again = await openCommitLog(out, { seed: 1 });
  assert.equal(again.resumed, true);
  assert.deepEqual(again.done.map((d) => [d.key, d.status, d.records]), [
    ["a", "ok", 2],
    ["b", "error", 0],
  ]);
  await again.commit("c", ['{"x":3}'], { status: "ok" });
  again.close();
  assert.equal(await Deno.readTextFile(out), '{"x":1}\n{"x":2}\n{"x":3}\n');
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a reopen drops uncommitted lines, a torn line and a torn log entry", async () => {
  const dir = await Deno.makeTempDir();
  const out = `${dir}/out.jsonl`;
  const log = await openCommitLog(out, { seed: 1 });
  await log.commit("a", ['{"x":1}'], { status: "ok" });
  log.close();
  // A kill after writing the next unit's lines, mid-line, and mid-way through its log entry.
  await Deno.writeTextFile(out, '{"x":2}\n{"x":', { append: true });
  await Deno.writeTextFile(progressPathOf(out), '{"kind":"commit","key":"b","by', { append: true });
  const again = await openCommitLog(out, { seed: 1 });
  assert.deepEqual(again.done.map((d) => d.key), ["a"]);
  await again.commit("b", ['{"x":2}'], { status: "ok" });
  again.close();
  assert.equal(await Deno.readTextFile(out), '{"x":1}\n{"x":2}\n');
  const logLines = (await Deno.readTextFile(progressPathOf(out))).trim().split("\n");
  assert.equal(logLines.length, 3);
  logLines.forEach((l) => JSON.parse(l));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("other settings, a foreign file or a short output refuse to resume", async () => {
  const dir = await Deno.makeTempDir();
  const out = `${dir}/out.jsonl`;
  (await openCommitLog(out, { seed: 1 })).close();
  await assert.rejects(() => openCommitLog(out, { seed: 2 }), /other settings/);
  const foreign = `${dir}/foreign.jsonl`;
  await Deno.writeTextFile(foreign, "{}\n");
  await assert.rejects(() => openCommitLog(foreign, {}), /no progress log/);
  (await openCommitLog(foreign, {}, { overwrite: true })).close();
  assert.equal(await Deno.readTextFile(foreign), "");
  const log = await openCommitLog(out, { seed: 1 });
  await log.commit("a", ['{"x":1}'], { status: "ok" });
  log.close();
  await Deno.writeTextFile(out, "");
  await assert.rejects(() => openCommitLog(out, { seed: 1 }), /shorter/);
  await Deno.remove(dir, { recursive: true });
});
