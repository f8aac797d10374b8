import assert from "node:assert/strict";
import { type Fingerprint, fingerprintMismatch } from "./fingerprint.ts";
import { planRun } from "./plan.ts";

const fp: Fingerprint = { code: "c", models: "m", providers: "cpu", runtime: "deno 2" };
const units = Array.from({ length: 10 }, (_, i) => ({
  key: `${i}.jpg`,
  path: `in/${i}.jpg`,
  kind: "image" as const,
}));
const plan = (settings: Record<string, unknown>, batch = 4, fingerprint = fp) =>
  planRun({ settings, units, batch, shards: "/s", cwd: "/w", fingerprint });

Deno.test("job ids come from the inputs and settings only", () => {
  const a = plan({ seed: 1 });
  assert.deepEqual(a.jobs.map((j) => j.units.length), [4, 4, 2]);
  assert.deepEqual(a.jobs.map((j) => j.index), [0, 1, 2]);
  const again = plan({ seed: 1 });
  assert.equal(again.record.runId, a.record.runId);
  assert.deepEqual(again.jobs.map((j) => j.jobId), a.jobs.map((j) => j.jobId));
  assert.equal(new Set(a.jobs.map((j) => j.jobId)).size, 3);
  for (
    const other of [
      plan({ seed: 2 }),
      plan({ seed: 1 }, 5),
      plan({ seed: 1 }, 4, { ...fp, code: "d" }),
    ]
  ) {
    assert.notEqual(other.record.runId, a.record.runId);
    assert.notEqual(other.jobs[0].jobId, a.jobs[0].jobId);
  }
});

Deno.test("a fingerprint mismatch names what differs", () => {
  assert.equal(fingerprintMismatch(fp, { ...fp }), undefined);
  assert.equal(
    fingerprintMismatch(fp, { ...fp, providers: "cuda,cpu" }),
    "providers differ (run: cpu; this worker: cuda,cpu)",
  );
});
