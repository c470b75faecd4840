import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import { spawnBot } from "../support/bot-process.js";
import { textOf } from "../support/harness.js";
import { Cleanups, freePort } from "../support/process-kit.js";

const SECRET = "loa_webhook-secret";

describe("Telegram webhook mode (WEBHOOK_URL) in a real process", () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  async function setUp(token: string) {
    const emulator = new TelegramEmulator({ token });
    const apiRoot = await emulator.start();
    cleanups.add(() => emulator.stop());
    const port = await freePort();
    const dataDir = await cleanups.tempDir();
    const hook = `http://127.0.0.1:${port}/telegram/hook`;
    const env = {
      BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: apiRoot,
      DATA_DIR: dataDir,
      BOT_CLOCK: "2013-10-30T09:00:00+07:00",
      LOG_LEVEL: "info",
      WEBHOOK_URL: hook,
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
    };
    const post = (body: unknown, secret: string | null = SECRET) =>
      fetch(hook, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}),
        },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    return { emulator, env, hook, port, dataDir, post };
  }

  /** An update as Telegram would post it: a text message from `userId`. */
  function textUpdate(updateId: number, userId: number, text: string) {
    return {
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: "private", first_name: "Test" },
        from: { id: userId, is_bot: false, first_name: "Test", language_code: "vi" },
        text,
      },
    };
  }

  const botTexts = (emulator: TelegramEmulator, chatId: number) =>
    emulator
      .messages(chatId)
      .filter((m) => m.from?.id === emulator.botUser.id)
      .map(textOf);

  it("registers the webhook with its secret, answers what Telegram posts, and refuses forged or oversized posts", async () => {
    const { emulator, env, post, port } = await setUp("71:HOOK");
    const bot = cleanups.track(spawnBot(env));
    await bot.waitForOutput(/bot started \(webhook\)/);
    expect(emulator.webhookUrl).toBe(env.WEBHOOK_URL);
    const setWebhook = emulator.calls.find((c) => c.method === "setWebhook");
    expect(setWebhook?.payload.secret_token).toBe(SECRET);

    // The emulator delivers by webhook now, as Telegram does.
    emulator.addUser({ id: 950, first_name: "Hoa", language_code: "vi" });
    const reply = emulator.waitForBotMessage(950, () => true, 10_000);
    emulator.sendText(950, "ha giang ngay nao");
    expect(textOf(await reply)).toContain("02/11/2013");

    // No secret, a wrong secret, a wrong length: 401, and nothing is processed.
    emulator.addUser({ id: 951, first_name: "Khoa", language_code: "vi" });
    expect((await post(textUpdate(900_001, 951, "ha noi"), null)).status).toBe(401);
    expect((await post(textUpdate(900_002, 951, "ha noi"), "wrong-secret-x")).status).toBe(401);
    expect((await post(textUpdate(900_003, 951, "ha noi"), `${SECRET}x`)).status).toBe(401);
    // Over 1 MB: 413 (with the right secret).
    const huge = JSON.stringify(textUpdate(900_004, 951, "x".repeat(1_100_000)));
    expect((await post(huge)).status).toBe(413);
    // Then a real message of the same chat: it is the only thing answered there (one chat is
    // handled in order, so a forged update would have been answered first).
    const real = emulator.waitForBotMessage(951, () => true, 10_000);
    emulator.sendText(951, "lai chau ngay nao");
    expect(textOf(await real)).toContain("09/11/2013");
    expect(botTexts(emulator, 951)).toHaveLength(1);

    // Telegram posting the same update twice gets it answered once.
    emulator.addUser({ id: 952, first_name: "Mai", language_code: "vi" });
    const twice = textUpdate(900_010, 952, "dien bien ngay nao");
    expect((await post(twice)).status).toBe(200);
    expect((await post(twice)).status).toBe(200);
    const after = emulator.waitForBotMessage(952, (m) => textOf(m).includes("Hà Nội"), 10_000);
    emulator.sendText(952, "ha noi");
    await after;
    const texts = botTexts(emulator, 952);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain("16/11/2013");

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    bot.kill("SIGTERM");
    expect((await bot.exited).code).toBe(0);
  }, 60_000);

  it("acknowledges only what is durable: an update answered 200 survives kill -9", async () => {
    const { emulator, env, post } = await setUp("72:HOOKCRASH");
    const first = cleanups.track(spawnBot(env));
    await first.waitForOutput(/bot started \(webhook\)/);
    emulator.addUser({ id: 960, first_name: "Tú", language_code: "vi" });
    const response = await post(textUpdate(910_000, 960, "lai chau ngay nao"));
    expect(response.status).toBe(200);
    first.kill("SIGKILL");
    await first.exited;
    // While the bot is down the emulator, like Telegram, keeps retrying its webhook post.
    emulator.sendText(960, "dien bien ngay nao");
    const whileDown = emulator.waitForBotMessage(
      960,
      (m) => textOf(m).includes("16/11/2013"),
      15_000,
    );
    const second = cleanups.track(spawnBot(env));
    await second.waitForOutput(/bot started \(webhook\)/);
    const answered = () => botTexts(emulator, 960).some((text) => text.includes("09/11/2013"));
    if (!answered()) {
      await emulator.waitForBotMessage(960, (m) => textOf(m).includes("09/11/2013"), 10_000);
    }
    expect(answered()).toBe(true);
    await whileDown;
    expect(emulator.webhookFailures).toBeGreaterThan(0);
    second.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  }, 60_000);

  it("/healthz answers 503 when storage is gone", async () => {
    const { env, port, dataDir } = await setUp("73:HEALTH");
    const bot = cleanups.track(spawnBot(env));
    await bot.waitForOutput(/bot started \(webhook\)/);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    await rm(dataDir, { recursive: true, force: true });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(503);
  }, 30_000);
});
