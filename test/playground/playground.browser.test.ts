import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import {
  PLAYGROUND_COORDINATOR,
  PLAYGROUND_CUSTOMER,
  type Playground,
  startPlayground,
} from "../../src/playground/index.js";
import { describeBrowser, launchChromium, screenshotDir } from "./browser.js";

const SCREENSHOTS = screenshotDir(PROJECT_ROOT);
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

describeBrowser("the playground in a real browser", () => {
  let playground: Playground;
  let browser: Browser;
  let dataDir: string;
  const pageErrors: Error[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "loa-playground-"));
    await mkdir(SCREENSHOTS, { recursive: true });
    const config = parseConfig({
      DATA_DIR: dataDir,
      SEED_DIR: join(PROJECT_ROOT, "data"),
      LOG_LEVEL: "silent",
    });
    playground = await startPlayground(config, { port: 0, logger: pino({ level: "silent" }) });
    browser = await launchChromium();
  }, 60_000);

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    if (dataDir)
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage({ viewport, locale: "vi-VN" });
    page.on("pageerror", (error) => pageErrors.push(error));
    await page.goto(playground.url);
    await page.locator("body[data-ready=true]").waitFor();
    return page;
  }

  /** The last bot bubble's text, once it contains `text`. */
  async function botSays(page: Page, text: string | RegExp) {
    const bubble = page.locator(".msg-row.in").filter({ hasText: text }).last();
    await bubble.waitFor({ timeout: 10_000 });
    return bubble;
  }

  /** Waits until the element's text contains `text`. */
  async function textOf(page: Page, selector: string, text: string) {
    await page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 10_000 });
  }

  async function sendText(page: Page, text: string) {
    await page.locator("#composer-input").fill(text);
    await page.locator("#send-button").click();
    await page.locator(".msg-row.out").filter({ hasText: text }).last().waitFor();
  }

  it("answers the customer with the 2013 date and reacts to buttons (phone width)", async () => {
    const page = await open(PHONE);
    await textOf(page, ".as-chip", PLAYGROUND_CUSTOMER.first_name);

    await page.locator("#menu-button").click();
    await page.locator("#clock-first").click();
    await textOf(page, "#clock-now", "30/10/2013");
    await page.locator("#drawer-close").click();

    await sendText(page, "ha giang ngay nao");
    const answer = await botSays(page, "02/11/2013");
    expect(await answer.textContent()).toContain("Hà Giang");
    // Bot HTML is rendered as formatting, never as raw tags.
    expect(await answer.locator(".text").textContent()).not.toMatch(/<\/?b>/);

    // Pressing a button under the card makes the bot answer in the chat.
    const botMessages = page.locator(".msg-row.in");
    const before = await botMessages.count();
    await answer.locator(".kb-button", { hasText: "Nhắc tôi" }).click();
    await expect.poll(() => botMessages.count(), { timeout: 10_000 }).toBeGreaterThan(before);

    await sendText(page, "/start");
    const welcome = await botSays(page, PLAYGROUND_CUSTOMER.first_name);
    await welcome.locator(".kb-button", { hasText: "Lịch sắp tới" }).click();
    // The list comes a second after the welcome (replies keep 1 message/s per chat), so wait
    // for the list itself, not the welcome whose button says "Lịch sắp tới".
    const list = await botSays(page, "09/11/2013");
    expect(await list.textContent()).toContain("Lai Châu");
    await page.screenshot({ path: join(SCREENSHOTS, "playground-phone.png") });
  });

  it("lets the coordinator run a command from their own chat (desktop width)", async () => {
    const page = await open(DESKTOP);
    await page.locator(".identity", { hasText: PLAYGROUND_COORDINATOR.first_name }).click();
    await textOf(page, ".as-chip", PLAYGROUND_COORDINATOR.first_name);
    // Each identity has its own chat: the customer's question is not here.
    await expect.poll(() => page.locator(".msg-row").count()).toBe(0);

    await sendText(page, "/admin");
    const menu = await botSays(page, "Bảng điều khiển");
    await menu.locator(".kb-button", { hasText: "Thống kê" }).click();
    await botSays(page, "Người dùng");
    // A backup arrives as a document the coordinator can download.
    await menu.locator(".kb-button", { hasText: "Sao lưu" }).click();
    const file = page.locator(".file-card").last();
    await file.waitFor({ timeout: 10_000 });
    const href = await file.getAttribute("href");
    const download = await fetch(new URL(href ?? "", playground.url));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain("attachment");

    if (!(await page.locator(".calls").isVisible())) await page.locator("#calls-button").click();
    await page.locator(".call-method", { hasText: "sendMessage" }).first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "playground-desktop.png") });
  });

  it("creates a new English-speaking user with an empty chat of their own", async () => {
    const page = await open(DESKTOP);
    await page.locator("#lang-switch").click();
    await textOf(page, "#lang-switch", "Tiếng Việt");
    await page.locator("#new-user summary").click();
    await page.locator("#new-user-name").fill("Alex");
    await page.locator("#new-user-id").fill("4242");
    await page.locator("#new-user select").selectOption("en");
    await page.locator("#new-user-form button[type=submit]").click();
    await textOf(page, ".as-chip", "Alex");
    // A new identity starts with an empty chat of its own.
    await expect.poll(() => page.locator(".msg-row").count()).toBe(0);
    await sendText(page, "when is it in Lai Chau?");
    // Alex's Telegram language is English, so the answer is in English.
    const answer = await botSays(page, "09/11/2013");
    expect(await answer.textContent()).toMatch(/Lai Châu|Lai Chau/);
    expect(await answer.textContent()).not.toContain("Lịch");
  });

  it("renders hostile bot text as text", async () => {
    const page = await open(PHONE);
    // Runs in the page (a string, so this Node test needs no DOM types).
    const html = await page.evaluate<string>(`(async () => {
      const { parseTelegramHtml, renderNodes } = await import("/static/telegram-html.js");
      const box = document.createElement("div");
      box.append(renderNodes(document, parseTelegramHtml(
        '<b>ok</b><img src=x onerror="window.pwned=1"><a href="javascript:alert(1)">x</a>',
      )));
      return box.innerHTML;
    })()`);
    expect(html).toContain("<b>ok</b>");
    expect(html).toContain("&lt;img");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("javascript:");
  });
});
