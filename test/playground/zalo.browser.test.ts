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
import { BEFORE_2013_PROGRAMME } from "../support/harness.js";

describeBrowser("the playground's Zalo-style chat in a real browser", () => {
  let playground: Playground;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "loa-playground-zalo-"));
    await mkdir(join(PROJECT_ROOT, "test-results"), { recursive: true });
    const config = parseConfig({ DATA_DIR: dataDir, SEED_DIR: join(PROJECT_ROOT, "data") });
    playground = await startPlayground(config, { port: 0, logger: pino({ level: "silent" }) });
    playground.clock.set(new Date(BEFORE_2013_PROGRAMME));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    if (dataDir)
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  it("answers in plain text with numbered choices, and a digit picks one", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: "vi-VN" });
    const errors: Error[] = [];
    page.on("pageerror", (error) => errors.push(error));
    await page.goto(`${playground.url}/zalo`);
    await page.locator("body[data-ready=true]").waitFor();
    await expect(page.locator("#zalo-title").textContent()).resolves.toBe("Loa trên Zalo");
    await page.fill("#zalo-input", "ha giang ngay nao");
    await page.press("#zalo-input", "Enter");
    const answer = page.locator(".zalo-line.bot").filter({ hasText: "02/11/2013" }).last();
    await answer.waitFor({ timeout: 10_000 });
    expect(await answer.textContent()).toContain("Trả lời 1 hoặc 2.");
    expect(await answer.innerHTML()).not.toContain("<b>");
    await page.fill("#zalo-input", "1");
    await page.press("#zalo-input", "Enter");
    await page
      .locator(".zalo-line.bot")
      .filter({ hasText: "Bước 1/3" })
      .waitFor({ timeout: 10_000 });
    await page.screenshot({
      path: join(PROJECT_ROOT, "test-results", "playground-zalo-phone.png"),
    });
    expect(errors).toEqual([]);
    await page.close();
  });
});
