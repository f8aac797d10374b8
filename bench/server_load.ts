/**
 * Load test of `deno task serve` on 127.0.0.1 only, bounded in requests and time: N concurrent
 * clients ask questions about one image already in the server's cache (uploaded once, then
 * named by its sha256), each reading the SSE stream to its answer. Reports p50/p95 latency,
 * throughput, and the server process's resident memory sampled as the run goes (with the heap
 * capped by `--v8-flags=--max-old-space-size=…` it stays flat; see docs/server.md).
 *
 * Run: `deno run -A bench/server_load.ts [--clients 4] [--requests 2000] [--max-seconds 120]
 *       [--concurrency 2] [--queue 8] [--image ../shared/images/dog.jpg] [--question "…"]
 *       [--models-dir ../shared/models] [--v8-flags --max-old-space-size=128]`
 *
 * @module
 */
import { integerFlag, numberFlag, parseFlags, stringFlag } from "../cli/args.ts";
import { readEvents } from "../web/sse.js";

const USAGE = "deno run -A bench/server_load.ts [--clients N] [--requests N] [--max-seconds S] " +
  "[--concurrency K] [--queue Q] [--image FILE] [--question TEXT] [--models-dir DIR] " +
  "[--v8-flags FLAGS]";

const { values } = parseFlags(Deno.args, {
  clients: { type: "string" },
  requests: { type: "string" },
  "max-seconds": { type: "string" },
  concurrency: { type: "string" },
  queue: { type: "string" },
  image: { type: "string" },
  question: { type: "string" },
  "models-dir": { type: "string" },
  "v8-flags": { type: "string" },
}, USAGE);
const clients = integerFlag(values, "clients") ?? 4;
const total = integerFlag(values, "requests") ?? 2000;
const maxSeconds = Math.min(numberFlag(values, "max-seconds") ?? 120, 600);
const concurrency = numberFlag(values, "concurrency") ?? 2;
const queue = numberFlag(values, "queue") ?? 8;
const imagePath = stringFlag(values, "image") ??
  new URL("../../shared/images/dog.jpg", import.meta.url).pathname;
const modelsDir = stringFlag(values, "models-dir") ??
  new URL("../../shared/models", import.meta.url).pathname;
const v8Flags = stringFlag(values, "v8-flags");
const question = stringFlag(values, "question") ??
  "Which is closer to the camera, the dog or the bicycle?";

/** The server's resident set size, MiB, from /proc (Linux). */
async function rssMiB(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  return Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Starts the server on a free loopback port; resolves with its URL once it listens. */
async function startServer(): Promise<{ url: string; child: Deno.ChildProcess }> {
  const main = new URL("../main.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      ...(v8Flags ? [`--v8-flags=${v8Flags}`] : []),
      "--unstable-no-legacy-abort",
      main,
      "serve",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--concurrency",
      String(concurrency),
      "--queue",
      String(queue),
      "--ollama-host",
      "127.0.0.1:9", // nothing listens there: the rule planner answers
      "--models-dir",
      modelsDir,
      "--offline",
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    const m = text.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    if (m) {
      reader.releaseLock();
      child.stdout.cancel().catch(() => {});
      return { url: m[1], child };
    }
  }
  child.kill();
  throw new Error(`server did not start:\n${text}`);
}

/** One question; returns its latency (ms) or throws. */
async function askOnce(url: string, body: BodyInit, headers: HeadersInit = {}): Promise<{
  ms: number;
  answer: { answer: string; image: { sha256: string } };
}> {
  const start = performance.now();
  const res = await fetch(`${url}/api/ask`, { method: "POST", body, headers });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  let answer;
  await readEvents(res.body!, ({ event, data }) => {
    if (event === "answer") answer = JSON.parse(data);
    if (event === "error") throw new Error(`error event: ${data}`);
  });
  if (!answer) throw new Error("stream ended without an answer");
  return { ms: performance.now() - start, answer };
}

const { url, child } = await startServer();
try {
  const bytes = await Deno.readFile(imagePath);
  const form = new FormData();
  form.append("image", new Blob([bytes], { type: "image/jpeg" }), "image.jpg");
  form.append("question", question);
  form.append("planner", "rules");
  const first = await askOnce(url, form);
  console.log(`first question (upload, decode, perception): ${first.ms.toFixed(0)} ms`);
  console.log(`answer: ${first.answer.answer}`);
  const cached = JSON.stringify({
    question,
    planner: "rules",
    image_id: first.answer.image.sha256,
  });

  const latencies: number[] = [];
  const rss: { done: number; mib: number }[] = [{ done: 0, mib: await rssMiB(child.pid) }];
  let next = 0;
  let failures = 0;
  const stopAt = performance.now() + maxSeconds * 1000;
  const start = performance.now();
  const sampler = setInterval(async () => {
    rss.push({ done: latencies.length, mib: await rssMiB(child.pid) });
  }, 200);
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < total && performance.now() < stopAt) {
      next++;
      try {
        latencies.push(
          (await askOnce(url, cached, { "content-type": "application/json" })).ms,
        );
      } catch (e) {
        failures++;
        console.error((e as Error).message);
      }
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  rss.push({ done: latencies.length, mib: await rssMiB(child.pid) });
  const sorted = [...latencies].sort((a, b) => a - b);
  const tenth = Math.max(1, Math.floor(rss.length / 10));
  const early = rss.slice(1, 1 + tenth).map((r) => r.mib);
  const late = rss.slice(-tenth).map((r) => r.mib);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `\n| clients | server slots/queue | requests | failures | p50 ms | p95 ms | max ms | req/s |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|`);
  console.log(
    `| ${clients} | ${concurrency}/${queue} | ${latencies.length} | ${failures} | ` +
      `${percentile(sorted, 0.5).toFixed(1)} | ${percentile(sorted, 0.95).toFixed(1)} | ` +
      `${sorted.at(-1)!.toFixed(1)} | ${(latencies.length / seconds).toFixed(1)} |`,
  );
  console.log(`\nserver RSS (MiB) by requests done:`);
  const step = Math.max(1, Math.floor(rss.length / 10));
  for (let i = 0; i < rss.length; i += step) {
    console.log(`  ${String(rss[i].done).padStart(5)}  ${rss[i].mib.toFixed(1)}`);
  }
  console.log(`  ${String(rss.at(-1)!.done).padStart(5)}  ${rss.at(-1)!.mib.toFixed(1)}  (end)`);
  console.log(
    `RSS: first tenth of the run ${mean(early).toFixed(1)} MiB, last tenth ${
      mean(late).toFixed(1)
    } MiB, ` +
      `max ${Math.max(...rss.map((r) => r.mib)).toFixed(1)} MiB`,
  );
  if (failures) Deno.exitCode = 1;
} finally {
  child.kill("SIGTERM");
  await child.status;
}
