/**
 * The page with a SpatialLM layout instead of a photo, in headless Chromium against the real
 * server, agent and rule planner: upload the layout, see its floor plan (walls, doors, windows,
 * objects) in the bird's-eye view, ask a viewpoint question, set a viewpoint, ask a camera
 * question. Screenshot: out/web_layout.png. Needs Debian's chromium; skips without it.
 */
import assert from "node:assert/strict";
import { chromium, type Page } from "playwright-core";
import { createApp } from "../server/app.ts";
import { listen } from "../server/listen.ts";
import { realDeps } from "../server/real_deps.ts";

const CHROMIUM = "/usr/bin/chromium";
const OUT = new URL("../out/", import.meta.url).pathname;
const ROOM = new URL("../tests/fixtures/room_layout.txt", import.meta.url).pathname;

const ready = (() => {
  try {
    Deno.statSync(CHROMIUM);
    return true;
  } catch {
    console.warn(`skipping the layout browser test: ${CHROMIUM} is absent`);
    return false;
  }
})();

/** Runs `use` on the page served by the real app in headless Chromium; console errors collected. */
async function onPage(use: (page: Page, problems: string[]) => Promise<void>): Promise<void> {
  const app = createApp(realDeps({ host: "127.0.0.1:9" }));
  const server = listen(app, { hostname: "127.0.0.1", port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${server.url}/`);
    await use(page, problems);
  } finally {
    await browser.close();
    await server.shutdown();
  }
}

Deno.test({
  name: "web page: a SpatialLM layout is drawn from above and answers viewpoint questions",
  ignore: !ready,
  async fn() {
    Deno.mkdirSync(OUT, { recursive: true });
    await onPage(async (page, problems) => {
      await page.setInputFiles("#file", ROOM);
      await page.waitForSelector("#bev-canvas[data-walls='4']");
      assert.equal(await page.getAttribute("#bev-canvas", "data-openings"), "2");
      assert.equal(await page.getAttribute("#bev-canvas", "data-objects"), "4");
      const rows = await page.locator("#objects tbody tr").allInnerTexts();
      assert.ok(rows.some((r) => r.startsWith("sofa_0")), rows.join("\n"));

      const ask = async (n: number, question: string) => {
        await page.fill("#question", question);
        await page.selectOption("#planner", "rules");
        await page.click("#send");
        const card = page.locator(".msg.assistant").nth(n);
        await card.locator(".answer:not(.pending)").waitFor({ timeout: 60_000 });
        return await card.locator(".answer").innerText();
      };
      // Door (1, 0) facing the sofa (2.5, 3.5): the chair (0.6, 2.5) is on the left.
      assert.match(
        await ask(0, "If I stand at the door facing the sofa, is the chair on my left?"),
        /^yes/i,
      );
      assert.match(await ask(1, "How far is the chair from the camera?"), /no camera/);
      await page.fill("#viewpoint", "door_0->sofa_0");
      await page.dispatchEvent("#viewpoint", "change");
      await page.waitForSelector(".note.divider:has-text('seen standing at door_0->sofa_0')");
      const d = await ask(2, "How far is the chair from the camera?");
      // From the door's centre (1, 0, 1) to the chair's (0.6, 2.5, 0.45).
      assert.match(d, new RegExp(Math.hypot(0.4, 2.5, 0.55).toFixed(2)));
      assert.equal(await page.getAttribute("#bev-canvas", "data-objects"), "4", "all objects stay");
      await page.screenshot({ path: `${OUT}web_layout.png` });
      assert.deepEqual(problems, []);
    });
  },
});

Deno.test({
  name: "web page: a scene in Blender units is labelled in them, live summaries included",
  ignore: !ready,
  async fn() {
    Deno.mkdirSync(OUT, { recursive: true });
    const street = JSON.parse(
      await Deno.readTextFile(new URL("../tests/fixtures/street.json", import.meta.url)),
    );
    const dir = await Deno.makeTempDir();
    const file = `${dir}/blender_street.json`;
    await Deno.writeTextFile(file, JSON.stringify({ ...street, units: "Blender units" }));
    try {
      await onPage(async (page, problems) => {
        await page.setInputFiles("#file", file);
        await page.waitForSelector("#bev-canvas[data-units='Blender units']");
        await page.waitForSelector(".note.divider:has-text('lengths in Blender units')");
        const heads = await page.locator("#objects thead").innerText();
        assert.match(heads, /depth Blender units/);
        assert.doesNotMatch(heads, /\bm\b/);
        assert.match(await page.locator(".bev-panel figcaption").innerText(), /Blender units/);

        await page.fill("#question", "How far is the dog from the bicycle?");
        await page.selectOption("#planner", "rules");
        await page.click("#send");
        const card = page.locator(".msg.assistant").first();
        await card.locator(".answer:not(.pending)").waitFor({ timeout: 60_000 });
        assert.match(await card.locator(".answer").innerText(), /^\d+\.\d\d Blender units\b/);
        // The steps' one-line summaries were written by the server while the question ran.
        const numbers = (await page.locator(".step .numbers").allTextContents()).join("\n");
        assert.match(numbers, /\d Blender units away/);
        assert.match(numbers, /\d Blender units apart/);
        assert.doesNotMatch(await card.innerText(), /\bmet(?:er|re)s?\b|\d m\b/i);
        assert.equal(await page.getAttribute("#bev-canvas", "data-units"), "Blender units");
        await page.screenshot({ path: `${OUT}web_blender_units.png` });
        assert.deepEqual(problems, []);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
