/**
 * The page end to end in headless Chromium against the real server, agent and rule planner:
 * upload dog.jpg, ask, see the answer, the boxes and the bird's-eye view; ask a follow-up that
 * reuses the image; download the trace in the chosen format; a refused answer without a download;
 * the answer in view after a long trace; hover highlights in both views; the layout at 390, 768,
 * 1024 and 1440 px with no overlapping labels; no console errors. Screenshots:
 * out/web_e2e.png, out/web_<width>.png.
 * Needs Debian's chromium (`apt-get install -y chromium`) and ../shared; skips without them.
 */
import assert from "node:assert/strict";
import { chromium, type Locator, type Page } from "playwright-core";
import { configurePerception } from "../models/config.ts";
import { clearResultCache } from "../models/result_cache.ts";
import { releaseSessions } from "../models/runtime.ts";
import { createApp } from "../server/app.ts";
import { ImageStore } from "../server/image_store.ts";
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

/** Whether the element's box is inside the window and inside its scrolling thread. */
async function inView(page: Page, el: Locator): Promise<boolean> {
  const box = await el.boundingBox();
  const thread = await page.locator("#thread").boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  if (!box || !thread) return false;
  return box.y >= Math.max(0, thread.y) - 1 &&
    box.y + box.height <= Math.min(height, thread.y + thread.height) + 1;
}

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
    const images = await Deno.makeTempDir();
    const imageStore = new ImageStore({ dir: images, maxBytes: 2 ** 24 });
    const app = createApp(realDeps({ host: "127.0.0.1:9", imageStore }));
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
      // (textContent: the steps are collapsed under the answer once it is in.)
      const detectLine = await first.locator(".section.perception .step .numbers").first()
        .textContent() ?? "";
      assert.match(detectLine, /^\d+ found: .*dog_1 \(dog 0\.\d\d\)/);
      const computed = await first.locator(".section.computation .step .numbers")
        .allTextContents();
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

      // The download is named by the chosen format, and follows the picker.
      const button = first.locator(".actions button");
      assert.equal(await button.innerText(), "Download sr-cot");
      await first.locator(".actions select").selectOption("llava");
      assert.equal(await button.innerText(), "Download llava");
      await first.locator(".actions select").selectOption("sr-cot");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        button.click(),
      ]);
      assert.match(download.suggestedFilename(), /^trace-.*\.jsonl?$/);
      const text = await Deno.readTextFile((await download.path())!);
      assert.ok(JSON.parse(text.trim().split("\n")[0]), "the download is JSON");

      await page.screenshot({ path: `${OUT}web_e2e_followup.png` });

      // A refused answer offers no download.
      await page.fill("#question", "Is the cat next to the dog?");
      await page.click("#send");
      const third = page.locator(".msg.assistant").nth(2);
      await third.locator(".answer:not(.pending)").waitFor({ timeout: 60_000 });
      assert.match(await third.locator(".answer").getAttribute("class") ?? "", /unanswerable/);
      assert.equal(await third.locator(".actions button").count(), 0);

      // After a long trace the answer is in view, its steps collapsed under it.
      await page.fill("#question", "How far apart are the dog and the bicycle?");
      await page.click("#send");
      const last = page.locator(".msg.assistant").nth(3);
      await last.locator(".answer:not(.pending)").waitFor({ timeout: 60_000 });
      await page.waitForTimeout(200);
      assert.ok(await inView(page, last.locator(".answer")), "the answer is in view");
      assert.equal(await last.locator("details.section[open]").count(), 0, "steps collapsed");

      // Hover in the table highlights the object in both views; hover on the bird's-eye view
      // highlights its row.
      await page.locator("#objects tbody tr").first().hover();
      const id = await page.locator("#objects tbody tr").first().getAttribute("data-id");
      assert.equal(await page.getAttribute("#bev-canvas", "data-hover"), id);
      assert.equal(await page.getAttribute("#image-canvas", "data-hover"), id);

      // The layouts a person meets: phone, tablet, small laptop, desktop.
      for (const width of [390, 768, 1024, 1440]) {
        await page.setViewportSize({ width, height: width < 800 ? 844 : 900 });
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${OUT}web_${width}.png`, fullPage: true });
        // The bird's-eye view fits its panel.
        const [bev, panel] = await Promise.all(
          ["#bev-canvas", ".bev-panel"].map((sel) => page.locator(sel).boundingBox()),
        );
        assert.ok(bev && panel && bev.x + bev.width <= panel.x + panel.width, `${width}px: bev`);
        for (const sel of ["#image-canvas", "#bev-canvas", "#objects", "#thread"]) {
          const box = await page.locator(sel).boundingBox();
          assert.ok(
            box && box.height >= (sel === "#objects" ? 60 : 120) && box.width >= 200,
            `${width}px: ${sel} ${JSON.stringify(box)}`,
          );
          assert.ok(
            box.x >= 0 && box.x + box.width <= width + 1,
            `${width}px: ${sel} inside the page`,
          );
        }
        // The objects table is not cut off: it fits its panel (or scrolls inside it at 390 px).
        const fit = await page.locator(".table-scroll").evaluate((el) =>
          el.scrollWidth - el.clientWidth
        );
        if (width >= 768) {
          assert.ok(fit <= 1, `${width}px: the table is ${fit}px wider than its panel`);
        }
        // No two labels of the bird's-eye view overlap.
        const labels: number[][] = JSON.parse(
          await page.getAttribute("#bev-canvas", "data-labels") ?? "[]",
        );
        assert.ok(labels.length >= 2, `${width}px: ${labels.length} labels`);
        for (const [i, a] of labels.entries()) {
          for (const b of labels.slice(i + 1)) {
            const hit = a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];
            assert.ok(!hit, `${width}px: labels overlap ${a} ${b}`);
          }
        }
        assert.ok(
          await inView(page, last.locator(".answer")) || width < 800,
          `${width}px: answer in view`,
        );
      }
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

Deno.test({
  name:
    "bird's-eye view: crowded labels do not overlap; fronts, confidence, camera height, horizon",
  ignore: !hasChromium(),
  async fn() {
    Deno.mkdirSync(OUT, { recursive: true });
    const app = createApp(realDeps({ host: "127.0.0.1:9" }));
    const server = listen(app, { hostname: "127.0.0.1", port: 0 });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 420, height: 720 } });
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(e.message));
      await page.goto(`${server.url}/`);
      // Six objects within a metre of each other, two with fronts, one unknown (confidence 0).
      // (A string, run in the page: this file is type-checked without the DOM library.)
      const result: { labels: number[][]; hits: number } = await page.evaluate(`(async () => {
        const { drawBev } = await import("/draw_bev.js");
        const fig = document.createElement("figure");
        fig.style.width = "400px";
        const canvas = document.createElement("canvas");
        fig.append(canvas);
        document.body.prepend(fig);
        const objects = [
          ["dog_1", -0.4, 3.1, [0, -1, 0], 0.8],
          ["bicycle_1", -0.2, 3.3, [1, 0, 0], 0.4],
          ["horse_1", 0.3, 3.2, null, 0],
          ["horse_2", 0.35, 3.6, [0.7, -0.7, 0], 0.95],
          ["horse_3", 0.4, 3.9, null, 0],
          ["person_1", 3.9, 6.8, null, 0],
        ].map(([id, x, y, front, conf]) => ({
          id,
          label: String(id).split("_")[0],
          center: [x, y, 0],
          size: [0.5, 0.8, 1],
          distance: Math.hypot(Number(x), Number(y)),
          ...(front ? { front } : {}),
          orientation_confidence: conf,
        }));
        const hits = drawBev(canvas, { objects, used: ["dog_1"] }, {
          hfov_deg: 60,
          height_m: 1.52,
        });
        return { labels: JSON.parse(canvas.dataset.labels ?? "[]"), hits: hits.length };
      })()`);
      assert.equal(result.hits, 6);
      assert.equal(result.labels.length, 6);
      for (const [i, a] of result.labels.entries()) {
        for (const b of result.labels.slice(i + 1)) {
          assert.ok(!(a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1]), `${a} / ${b}`);
        }
      }
      await page.locator("figure canvas").first().screenshot({ path: `${OUT}web_bev_crowded.png` });
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await server.shutdown();
    }
  },
});
