/**
 * First run in a real browser: with the real clock every seed event is over, so the page shows
 * a banner that moves the bot's clock to just before the first event; the events then show as
 * upcoming. Screenshots land in test-results/.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import { type Playground, startPlayground } from "../../src/playground/index.js";
import { describeBrowser, launchChromium } from "./browser.js";

const SCREENSHOTS = join(PROJECT_ROOT, "test-results");

describeBrowser("the playground's first run", () => {
  let playground: Playground;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "loa-first-run-"));
    await mkdir(SCREENSHOTS, { recursive: true });
    const config = parseConfig({
      DATA_DIR: dataDir,
      SEED_DIR: join(PROJECT_ROOT, "data"),
      LOG_LEVEL: "silent",
    });
    playground = await startPlayground(config, { port: 0, logger: pino({ level: "silent" }) });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    if (dataDir)
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  it("offers to see the past programme as upcoming, and the banner goes once it is", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: "vi-VN" });
    const errors: Error[] = [];
    page.on("pageerror", (error) => errors.push(error));
    await page.goto(playground.url);
    await page.locator("body[data-ready=true]").waitFor();
    const banner = page.locator("#past-banner");
    await banner.waitFor({ state: "visible" });
    expect(await banner.textContent()).toBe(
      "🕰 Mọi sự kiện đã qua — bấm để xem như trước ngày 02/11/2013",
    );
    await page.screenshot({ path: join(SCREENSHOTS, "first-run-banner.png") });
    await banner.click();
    await banner.waitFor({ state: "hidden" });
    await page.locator("#composer-input").fill("/events");
    await page.locator("#send-button").click();
    await page
      .locator(".msg-row.in")
      .filter({ hasText: "còn 3 ngày" })
      .last()
      .waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SCREENSHOTS, "first-run-after-banner.png") });
    expect(errors).toEqual([]);
  });

  it("has Telegram's command menu and can send a location and a file (the /import flow)", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: "vi-VN" });
    const errors: Error[] = [];
    page.on("pageerror", (error) => errors.push(error));
    // Talk as the preset coordinator.
    await page.addInitScript('localStorage.setItem("loa.playground.user", "9000001")');
    await page.goto(playground.url);
    await page.locator("body[data-ready=true]").waitFor();
    await page.locator("#commands-button").click();
    const menu = page.locator("#command-menu");
    await menu.locator(".command-item").filter({ hasText: "/newevent" }).waitFor();
    const commands = await menu.locator(".command-item b").allTextContents();
    expect(commands).toEqual(expect.arrayContaining(["/events", "/cancel", "/newevent"]));
    expect(commands).not.toContain("/lich");
    await page.screenshot({ path: join(SCREENSHOTS, "command-menu.png") });
    await menu.locator(".command-item").filter({ hasText: "/events" }).first().click();
    await page.locator(".msg-row.in").filter({ hasText: "Tất cả sự kiện" }).last().waitFor();

    // A location, as the /newevent map step expects it.
    await page.locator("#attach-button").click();
    await page.locator("#location-form button[type=submit]").click();
    await page
      .locator(".msg-row.out .map-card, .msg-row.out a[href*=openstreetmap]")
      .first()
      .waitFor();

    // A spreadsheet: the coordinator sends a CSV with a bad province; Loa names the row.
    await page.locator("#attach-button").click();
    await page.locator("#file-input").setInputFiles({
      name: "lich.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("province,date\nHa Gaing,01/12/2013\n", "utf8"),
    });
    await page
      .locator(".msg-row.in")
      .filter({ hasText: "Dòng 2: không hiểu tỉnh 'Ha Gaing'" })
      .waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SCREENSHOTS, "attach-csv-import.png") });
    expect(errors).toEqual([]);
  });
});
