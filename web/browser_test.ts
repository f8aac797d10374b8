/**
 * The page end to end in headless Chromium against the real server, agent and rule planner:
 * upload dog.jpg, ask, see the answer, the boxes and the bird's-eye view; ask a follow-up that
 * reuses the image; download the trace; no console errors. Screenshot: out/web_e2e.png.
 * Needs Debian's chromium (`apt-get install -y chromium`) and ../shared; skips without them.
 */
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { configurePerception } from "../models/config.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { releaseSessions } from "../models/runtime.ts";
import { createApp } from "../server/app.ts";
import { listen } from "../server/listen.ts";
import { realDeps } from "../server/real_deps.ts";
import { hasShared, SHARED_DIR } from "../tests/shared.ts";

const CHROMIUM = "/usr/bin/chromium";
const OUT = new URL("../out/", import.meta.url).pathname;
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

function hasChromium(): boolean {
  try {
    Deno.statSync(CHROMIUM);
    return true;
  } catch {
    console.warn(
      `skipping the browser test: ${CHROMIUM} is absent (apt-get update && apt-get install -y chromium)`,
    );
    return false;
  }
}

const ready = hasChromium() && hasShared("images/dog.jpg") && hasShared("models/yolox_nano.onnx");

Deno.test({
  name: "web page: upload, ask with the rule planner, boxes, bird's-eye view, follow-up, download",
  ignore: !ready,
  async fn() {
    Deno.mkdirSync(OUT, { recursive: true });
    configurePerception({
      modelsDir: `${SHARED_DIR}/models`,
      executionProviders: ["cpu"],
      offline: true,
    });
    // Nothing listens on port 9: the LLM is unavailable, as on CI.
    const app = createApp(realDeps({ host: "127.0.0.1:9" }));
    const server = listen(app, { hostname: "127.0.0.1", port: 0 });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const context = await browser.newContext({
        viewport: { width: 1360, height: 900 },
        acceptDownloads: true,
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") {
          problems.push(`${m.type()}: ${m.text()}`);
        }
      });
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      const asks: { type: string; body: string }[] = [];
      page.on("request", (r) => {
        if (r.url().endsWith("/api/ask")) {
          asks.push({ type: r.headers()["content-type"] ?? "", body: r.postData() ?? "" });
        }
      });

      await page.goto(`${server.url}/`);
      await page.waitForSelector(".chip.ok"); // /api/models answered: yolox-nano is present
      await page.setInputFiles("#file", `${SHARED_DIR}/images/dog.jpg`);
      await page.fill("#question", "Which is closer to the camera, the dog or the bicycle?");
      await page.selectOption("#planner", "rules");
      await page.click("#send");
      const first = page.locator(".msg.assistant").nth(0);
      await first.locator(".answer:not(.pending)").waitFor({ timeout: 60_000 });
      assert.equal(await first.locator(".answer.error").count(), 0, await first.innerText());
      const answer = await first.locator(".answer").innerText();
      assert.match(answer, /dog|bicycle/i);
      assert.match(await first.locator(".badges").innerText(), /rule planner/);
      assert.ok(await first.locator(".section.perception .step").count() >= 1);
      assert.ok(await first.locator(".section.computation .step").count() >= 1);
      // Each step's line is the server's summary of its key numbers, not a JSON dump.
      const detectLine = await first.locator(".section.perception .step .numbers").first()
        .innerText();
      assert.match(detectLine, /^\d+ found: .*dog_1 \(dog 0\.\d\d\)/);
      const computed = await first.locator(".section.computation .step .numbers").allInnerTexts();
      assert.ok(
        computed.some((t) => /dog_1 at \(.*\), \d+\.\d\d m away/.test(t)),
        computed.join("\n"),
      );

      // The drawings: boxes on the photo, objects in the bird's-eye view, the used ones marked.
      const boxes = Number(await page.getAttribute("#image-canvas", "data-boxes"));
      const placed = Number(await page.getAttribute("#bev-canvas", "data-objects"));
      const used = Number(await page.getAttribute("#bev-canvas", "data-used"));
      assert.ok(boxes >= 2, `${boxes} boxes`);
      assert.ok(placed >= 2, `${placed} objects in the bird's-eye view`);
      assert.ok(used >= 1, `${used} used objects`);
      const rows = await page.locator("#objects tbody tr").allInnerTexts();
      assert.ok(rows.some((r) => r.startsWith("dog_1")), rows.join("\n"));

      await page.screenshot({ path: `${OUT}web_e2e.png` });

      // A follow-up sends the image's sha256, not the image.
      await page.fill("#question", "How far is the dog from the camera?");
      await page.click("#send");
      const second = page.locator(".msg.assistant").nth(1);
      await second.locator(".answer:not(.pending)").waitFor({ timeout: 60_000 });
      assert.equal(await second.locator(".answer.error").count(), 0, await second.innerText());
      assert.match(asks[0].type, /multipart\/form-data/);
      assert.match(asks[1].type, /application\/json/);
      assert.match(asks[1].body, /"image_id":"[0-9a-f]{64}"/);

      // The SR-CoT download.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        first.locator(".actions button").click(),
      ]);
      assert.match(download.suggestedFilename(), /^trace-.*\.jsonl?$/);
      const text = await Deno.readTextFile((await download.path())!);
      assert.ok(JSON.parse(text.trim().split("\n")[0]), "the download is JSON");

      await page.screenshot({ path: `${OUT}web_e2e_followup.png` });
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await server.shutdown();
      configurePerception({});
      clearResultCache();
      await releaseSessions();
    }
  },
});
