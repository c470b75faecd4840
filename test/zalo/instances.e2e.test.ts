/**
 * Zalo on two real instances sharing one PostgreSQL database, the Zalo emulator delivering by
 * webhook through a round-robin proxy: each message is answered once (also when it is delivered
 * to both instances at once, or again later), and one chat's answers come in the order asked,
 * whichever instance got each delivery. Needs a real server (TEST_DATABASE_URL).
 */
import { afterEach, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import { ZaloEmulator, zaloId } from "../../src/emulator/zalo-emulator.js";
import { spawnBot } from "../support/bot-process.js";
import { createServerDatabase, SERVER_SKIP_NOTE, TEST_DATABASE_URL } from "../support/databases.js";
import { Cleanups, freePort } from "../support/process-kit.js";
import { roundRobin } from "../support/round-robin.js";

const QUESTIONS = [
  { text: "ha noi", answer: "Hà Nội" },
  { text: "da nang", answer: "Đà Nẵng" },
  { text: "can tho", answer: "Cần Thơ" },
  { text: "hue", answer: "Huế" },
  { text: "hai phong", answer: "Hải Phòng" },
];
const SECRET = "zalo-two-instances";

/** Resolves once `done()` holds, checked after every message the bot sends on Zalo. */
function untilSent(zalo: ZaloEmulator, done: () => boolean, timeoutMs: number, what: string) {
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!done()) return;
      clearTimeout(timer);
      zalo.off("sent", check);
      resolve();
    };
    const timer = setTimeout(() => {
      zalo.off("sent", check);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    zalo.on("sent", check);
    check();
  });
}

describe.skipIf(!TEST_DATABASE_URL)("Zalo on two instances (real PostgreSQL)", () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it("answers each message once and each chat in order, whichever instance got it", async () => {
    const database = await createServerDatabase();
    cleanups.add(() => database.drop());
    const telegram = new TelegramEmulator({ token: "83:ZALO2", recordCalls: false });
    const telegramRoot = await telegram.start();
    cleanups.add(() => telegram.stop());
    const zalo = new ZaloEmulator();
    const zaloRoot = await zalo.start();
    cleanups.add(() => zalo.stop());
    const ports = [await freePort(), await freePort()];
    const zaloPorts = [await freePort(), await freePort()];
    const proxy = await roundRobin(zaloPorts.map((port) => `http://127.0.0.1:${port}`));
    cleanups.add(() => new Promise((resolve) => proxy.server.close(resolve)));
    const env = (i: number) => ({
      BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegramRoot,
      // Telegram in webhook mode too: two pollers of one token would conflict (409).
      WEBHOOK_URL: `http://127.0.0.1:${ports[0]}/telegram/hook`,
      WEBHOOK_SECRET: "telegram-secret",
      PORT: String(ports[i]),
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zaloRoot,
      ZALO_WEBHOOK_URL: `${proxy.url}/zalo`,
      ZALO_WEBHOOK_SECRET: SECRET,
      ZALO_WEBHOOK_PORT: String(zaloPorts[i]),
      DATA_DIR: "/nonexistent-unused",
      DATABASE_URL: database.url,
      BOT_CLOCK: "2013-10-30T09:00:00+07:00",
      LOG_LEVEL: "info",
    });
    const a = cleanups.track(spawnBot(env(0)));
    await a.waitForOutput(/zalo channel started \(webhook\)/, 30_000);
    const b = cleanups.track(spawnBot(env(1)));
    await b.waitForOutput(/zalo channel started \(webhook\)/, 30_000);
    zalo.webhook = { url: `${proxy.url}/zalo`, secret: SECRET };

    const answers = (user: string) =>
      zalo.sent
        .filter((m) => m.chatId === user)
        .map((m) => QUESTIONS.findIndex((q) => (m.text.split("\n")[0] ?? "").includes(q.answer)));

    // Ten people ask five questions each, as fast as the platform delivers them.
    const users = Array.from({ length: 10 }, () => zaloId());
    await Promise.all(
      users.map(async (user) => {
        for (const question of QUESTIONS) await zalo.sendText(user, question.text);
      }),
    );
    await untilSent(
      zalo,
      () => users.every((user) => answers(user).length >= QUESTIONS.length),
      60_000,
      "every question answered",
    );
    for (const user of users) expect(answers(user)).toEqual([0, 1, 2, 3, 4]);
    expect(proxy.counts.every((count) => count >= 10)).toBe(true);

    // One message delivered to both instances at once, then once more: answered once.
    const late = zaloId();
    const update = {
      event_name: "message.text.received",
      message: {
        message_id: `dup-${zaloId()}`,
        date: Date.now(),
        from: { id: late, display_name: "Mai", is_bot: false },
        chat: { id: late, chat_type: "PRIVATE" },
        text: "hue",
      },
    };
    const post = (port: number) =>
      fetch(`http://127.0.0.1:${port}/zalo`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-bot-api-secret-token": SECRET },
        body: JSON.stringify(update),
      }).then((response) => response.status);
    expect(await Promise.all(zaloPorts.map(post))).toEqual([200, 200]);
    await untilSent(zalo, () => answers(late).length >= 1, 30_000, "the answer");
    expect(await Promise.all(zaloPorts.map(post))).toEqual([200, 200]);
    // The next question is answered after it: nothing of the repeats came in between.
    await zalo.sendText(late, "hai phong");
    await untilSent(zalo, () => answers(late).length >= 2, 30_000, "the next answer");
    expect(answers(late)).toEqual([3, 4]);

    a.kill("SIGTERM");
    b.kill("SIGTERM");
    expect((await a.exited).code).toBe(0);
    expect((await b.exited).code).toBe(0);
  }, 120_000);
});

if (!TEST_DATABASE_URL) console.log(SERVER_SKIP_NOTE);
