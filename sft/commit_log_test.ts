import assert from "node:assert/strict";
import { OutputError } from "../core/errors.ts";
import { fill, withTmpfs } from "../tests/tmpfs.ts";
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

Deno.test("a damaged line in the middle of the log redoes the units after it, no duplicate", async () => {
  const dir = await Deno.makeTempDir();
  const out = `${dir}/out.jsonl`;
  const log = await openCommitLog(out, { seed: 1 });
  for (const k of ["a", "b", "c"]) await log.commit(k, [`{"k":"${k}"}`], { status: "ok" });
  log.close();
  const lines = (await Deno.readTextFile(progressPathOf(out))).split("\n");
  lines[2] = lines[2].slice(0, 10) + "#" + lines[2].slice(11); // b's entry
  await Deno.writeTextFile(progressPathOf(out), lines.join("\n"));
  const again = await openCommitLog(out, { seed: 1 });
  assert.deepEqual(again.done.map((d) => d.key), ["a"]);
  assert.match(again.repaired ?? "", /damaged at line 3: 2 line\(s\)/);
  assert.equal(await Deno.readTextFile(out), '{"k":"a"}\n');
  for (const k of ["b", "c"]) await again.commit(k, [`{"k":"${k}"}`], { status: "ok" });
  again.close();
  assert.equal(await Deno.readTextFile(out), '{"k":"a"}\n{"k":"b"}\n{"k":"c"}\n');
  // A repeated key or a size that goes backwards is damage too.
  const text = await Deno.readTextFile(progressPathOf(out));
  const [head, a, b] = text.trim().split("\n");
  await Deno.writeTextFile(progressPathOf(out), [head, a, b, a, b].join("\n") + "\n");
  const third = await openCommitLog(out, { seed: 1 });
  assert.deepEqual(third.done.map((d) => d.key), ["a", "b"]);
  third.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an output that is a device, a directory or in a missing folder is refused", async () => {
  const dir = await Deno.makeTempDir();
  await assert.rejects(() => openCommitLog("/dev/full", {}), /not a regular file/);
  await assert.rejects(() => openCommitLog(dir, {}), /is a directory/);
  await assert.rejects(() => openCommitLog(`${dir}/no/out.jsonl`, {}), /does not exist/);
  await Deno.symlink("/dev/full", `${dir}/link.jsonl`);
  await assert.rejects(() => openCommitLog(`${dir}/link.jsonl`, {}), /not a regular file/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a full disk is an OutputError: both files cut back to the last commit", async () => {
  await withTmpfs(64 * 1024, async (dir) => {
    const out = `${dir}/out.jsonl`;
    const filler = await fill(dir, 16 * 1024);
    const log = await openCommitLog(out, { seed: 1 });
    const line = JSON.stringify({ pad: "x".repeat(3000) });
    let committed = 0;
    let failure: unknown;
    for (let i = 0; i < 100 && !failure; i++) {
      try {
        committed = (await log.commit(`k${i}`, [line, line], { status: "ok" })).bytes;
      } catch (e) {
        failure = e;
      }
    }
    assert.ok(failure instanceof OutputError, String(failure));
    assert.match(String((failure as Error).message), /out\.jsonl: cannot write: .*space/i);
    assert.ok(committed > 0);
    assert.equal((await Deno.stat(out)).size, committed);
    // The log refuses further commits, and a reopen keeps exactly what was committed.
    await assert.rejects(() => log.commit("late", ["{}"], { status: "ok" }), OutputError);
    log.close();
    await Deno.remove(filler); // space returns
    const again = await openCommitLog(out, { seed: 1 });
    assert.equal(again.done.at(-1)?.bytes, committed);
    await again.commit("next", [line], { status: "ok" });
    assert.ok(again.done.every((d) => d.status === "ok"));
    again.close();
    for (const l of (await Deno.readTextFile(out)).trim().split("\n")) JSON.parse(l);
  });
});
