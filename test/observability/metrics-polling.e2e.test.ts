/**
 * `npm start` in long-polling mode with `PORT` set serves `GET /metrics` and `GET /healthz`
 * (issue 13 item 6). After real traffic — customers on Telegram and Zalo, an answered and an
 * unanswered question, a 429 from Telegram, a coordinator's broadcast — every series the issue
 * lists is there with the counts that traffic makes.
 */
import type { Message } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import { ZaloEmulator, zaloId } from "../../src/emulator/zalo-emulator.js";
import { spawnBot } from "../support/bot-process.js";
import { textOf } from "../support/harness.js";
import { Cleanups, freePort } from "../support/process-kit.js";

const COORDINATOR = 900;
const CUSTOMERS = [501, 502, 503];

const series = (text: string, name: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
};

const buttonData = (message: Message, label: string) => {
  for (const row of message.reply_markup?.inline_keyboard ?? []) {
    for (const button of row) {
      if (button.text.includes(label) && "callback_data" in button && button.callback_data) {
        return button.callback_data;
      }
    }
  }
  throw new Error(`no button ${label}`);
};

describe("/metrics in long-polling mode", () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it("is served on PORT and counts what real traffic did", async () => {
    const telegram = new TelegramEmulator({ token: "85:METRICS" });
    const apiRoot = await telegram.start();
    cleanups.add(() => telegram.stop());
    const zalo = new ZaloEmulator();
    const zaloRoot = await zalo.start();
    cleanups.add(() => zalo.stop());
    const port = await freePort();
    const bot = cleanups.track(
      spawnBot({
        BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: apiRoot,
        ZALO_BOT_TOKEN: zalo.token,
        ZALO_API_ROOT: zaloRoot,
        DATA_DIR: await cleanups.tempDir("loa-metrics-"),
        ADMIN_IDS: String(COORDINATOR),
        BOT_CLOCK: "2013-10-30T09:00:00+07:00",
        PORT: String(port),
      }),
    );
    await bot.waitForOutput(/zalo channel started \(polling\)/, 30_000);
    expect(bot.output()).toContain("bot started (long polling)");
    const origin = `http://127.0.0.1:${port}`;
    const scrape = async () => {
      const response = await fetch(`${origin}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      return response.text();
    };

    telegram.addUser({ id: COORDINATOR, first_name: "Điều phối", language_code: "vi" });
    for (const id of CUSTOMERS) {
      telegram.addUser({ id, first_name: `U${id}`, language_code: "vi" });
      const hello = telegram.waitForBotMessage(id);
      telegram.sendText(id, "/start");
      await hello;
    }
    const answered = telegram.waitForBotMessage(501);
    telegram.sendText(501, "Lai Châu ngày nào?");
    expect(textOf(await answered)).toContain("09/11/2013");
    // Telegram says 429 to the next answer once: it is retried after retry_after and counted.
    telegram.injectFault({ method: "sendMessage", chatId: 502, kind: "429", retryAfter: 1 });
    const unanswered = telegram.waitForBotMessage(502);
    telegram.sendText(502, "giá vàng hôm nay bao nhiêu");
    await unanswered;
    const zaloUser = zaloId();
    const onZalo = zalo.waitForBotMessage(zaloUser);
    await zalo.sendText(zaloUser, "dien bien ngay nao");
    expect(await onZalo).toContain("16/11/2013");

    // A coordinator's broadcast to everyone: three customers, the coordinator, the Zalo user.
    const preview = telegram.waitForBotMessage(COORDINATOR);
    telegram.sendText(COORDINATOR, "/broadcast all Thông báo thử");
    const shown = await preview;
    const arrived = CUSTOMERS.map((id) =>
      telegram.waitForBotMessage(id, (m) => textOf(m).includes("Thông báo thử")),
    );
    arrived.push(zalo.waitForBotMessage(zaloUser, (m) => m.includes("Thông báo thử")).then());
    telegram.pressButton(COORDINATOR, shown.message_id, buttonData(shown, "Gửi"));
    await Promise.all(arrived);
    let text = await scrape();
    // Outcomes are logged right after the sends, and the button press is done once its
    // answers are out: wait for both.
    while (
      (series(text, 'loa_broadcast_sends_total{result="sent"}') ?? 0) < 5 ||
      series(text, "loa_update_backlog") !== 0
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      text = await scrape();
    }

    const handled = series(text, 'loa_updates_handled_total{outcome="ok"}') ?? 0;
    // /start ×3, two questions, /broadcast, the button press, and the Zalo message.
    expect(handled).toBeGreaterThanOrEqual(8);
    expect(series(text, "loa_answer_seconds_count")).toBe(
      handled + (series(text, 'loa_updates_handled_total{outcome="error"}') ?? 0),
    );
    expect(series(text, 'loa_answer_seconds_bucket{le="+Inf"}')).toBe(
      series(text, "loa_answer_seconds_count"),
    );
    expect(series(text, 'loa_questions_total{answered="true"}')).toBeGreaterThanOrEqual(2);
    expect(series(text, 'loa_questions_total{answered="false"}')).toBe(1);
    expect(series(text, 'loa_broadcast_sends_total{result="sent"}')).toBe(5);
    expect(series(text, 'loa_rate_limited_total{channel="telegram"}')).toBe(1);
    expect(series(text, "loa_broadcast_remaining")).toBe(0);
    expect(series(text, "loa_update_backlog")).toBe(0);

    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${origin}/telegram`, { method: "POST" })).status).toBe(404);
    bot.kill("SIGTERM");
    expect((await bot.exited).code).toBe(0);
  }, 60_000);
});
