/**
 * First run in a real browser: with the real clock every seed event is over, so the page shows
 * a banner that moves the bot's clock to just before the first event; the events then show as
 * upcoming. The coordinator's command menu, a location, a photo and a file (the /import flow)
 * can be sent from the page. Screenshots land in test-results/ (or `LOA_SCREENSHOT_DIR`).
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
import { describeBrowser, launchChromium, screenshotDir } from "./browser.js";

const SCREENSHOTS = screenshotDir(PROJECT_ROOT);

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

  it("has Telegram's command menu and can send a location, a photo and a file (the /import flow)", async () => {
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

    // A location, at the /newevent map step; the step message is edited in place on presses.
    const say = async (text: string) => {
      await page.locator("#composer-input").fill(text);
      await page.locator("#send-button").click();
    };
    const lastIn = (text: string) => page.locator(".msg-row.in").filter({ hasText: text }).last();
    await say("/newevent");
    await lastIn("Tỉnh nào").waitFor();
    await say("yen bai");
    await lastIn("Ngày nào").waitFor();
    await say("23/11");
    await lastIn("Mấy giờ").waitFor();
    const bubbles = await page.locator(".msg-row.in").count();
    for (const next of ["Tên địa điểm", "Địa chỉ", "Gửi vị trí"]) {
      await page.locator(".msg-row.in").last().locator("button", { hasText: "Bỏ qua" }).click();
      await lastIn(next).waitFor();
    }
    // Three presses, no new bubble: the time question became the map question.
    expect(await page.locator(".msg-row.in").count()).toBe(bubbles);
    await page.locator("#attach-button").click();
    await page.locator("#location-form button[type=submit]").click();
    await page
      .locator(".msg-row.out .map-card, .msg-row.out a[href*=openstreetmap]")
      .first()
      .waitFor();
    await lastIn("Dịch vụ").waitFor();
    // The answered map step kept no buttons.
    expect(await lastIn("Gửi vị trí").locator("button").count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, "newevent-map-step.png") });
    await say("/cancel");
    await lastIn("Đã hủy").waitFor();

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

    // A photo with a caption (the composer's text), as a photo broadcast starts.
    await page.locator("#composer-input").fill("/broadcast");
    await page.locator("#send-button").click();
    await page.locator(".msg-row.in").filter({ hasText: "ảnh kèm chú thích" }).last().waitFor();
    await page.locator("#composer-input").fill("Đoàn bác sĩ đã đến xã");
    await page.locator("#attach-button").click();
    await page.locator("#photo-input").setInputFiles({
      name: "doan-bac-si.png",
      mimeType: "image/png",
      buffer: Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
        "base64",
      ),
    });
    await page
      .locator(".msg-row.out")
      .filter({ has: page.locator(".photo") })
      .filter({ hasText: "Đoàn bác sĩ đã đến xã" })
      .waitFor();
    const audience = page.locator(".msg-row.in").filter({ hasText: "Gửi cho ai?" }).last();
    await audience.waitFor({ timeout: 10_000 });
    await audience.locator("button", { hasText: "Tất cả" }).click();
    // The preview shows the photo itself, its caption under it.
    await page
      .locator(".msg-row.in")
      .filter({ has: page.locator(".photo") })
      .filter({ hasText: "Đoàn bác sĩ đã đến xã" })
      .waitFor({ timeout: 10_000 });
    await page.locator(".msg-row.in").filter({ hasText: "Xem trước thông báo" }).last().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "attach-photo-broadcast.png") });
    expect(errors).toEqual([]);
  });
});
