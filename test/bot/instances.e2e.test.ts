/**
 * Two real instances on one PostgreSQL database behind a round-robin proxy, the emulator
 * delivering by webhook: every customer is answered once, one chat's answers in the order asked,
 * whichever instance got each update. Needs a real server (TEST_DATABASE_URL).
 */
import { afterEach, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import { spawnBot } from "../support/bot-process.js";
import { createServerDatabase, SERVER_SKIP_NOTE, TEST_DATABASE_URL } from "../support/databases.js";
import { textOf } from "../support/harness.js";
import { Cleanups, freePort, untilMessages } from "../support/process-kit.js";
import { roundRobin } from "../support/round-robin.js";

const QUESTIONS = [
  { text: "ha noi", answer: "Hà Nội" },
  { text: "da nang", answer: "Đà Nẵng" },
  { text: "can tho", answer: "Cần Thơ" },
  { text: "hue", answer: "Huế" },
  { text: "lai chau", answer: "Lai Châu" },
];

describe.skipIf(!TEST_DATABASE_URL)("two instances on one PostgreSQL database", () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it("answers every customer once, each chat in order, whichever instance got the update", async () => {
    const database = await createServerDatabase();
    cleanups.add(() => database.drop());
    const emulator = new TelegramEmulator({ token: "81:TWO", recordCalls: false });
    const apiRoot = await emulator.start();
    cleanups.add(() => emulator.stop());
    const ports = [await freePort(), await freePort()];
    const proxy = await roundRobin(ports.map((port) => `http://127.0.0.1:${port}`));
    cleanups.add(() => new Promise((resolve) => proxy.server.close(resolve)));
    const env = (port: number) => ({
      BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: apiRoot,
      DATA_DIR: "/nonexistent-unused",
      DATABASE_URL: database.url,
      BOT_CLOCK: "2013-10-30T09:00:00+07:00",
      LOG_LEVEL: "info",
      WEBHOOK_URL: `${proxy.url}/telegram/hook`,
      WEBHOOK_SECRET: "two-instances",
      PORT: String(port),
    });
    const a = cleanups.track(spawnBot(env(ports[0] as number)));
    await a.waitForOutput(/bot started \(webhook\)/, 30_000);
    const b = cleanups.track(spawnBot(env(ports[1] as number)));
    await b.waitForOutput(/bot started \(webhook\)/, 30_000);

    const chats = Array.from({ length: 20 }, (_, i) => 6000 + i);
    for (const id of chats) emulator.addUser({ id, first_name: `U${id}`, language_code: "vi" });
    for (const question of QUESTIONS) for (const id of chats) emulator.sendText(id, question.text);
    const sequence = (id: number) =>
      emulator
        .messages(id)
        .filter((m) => m.from?.id === emulator.botUser.id)
        .map((m) =>
          QUESTIONS.findIndex((q) => (textOf(m).split("\n")[0] ?? "").includes(q.answer)),
        );
    await untilMessages(
      emulator,
      () => chats.every((id) => sequence(id).length >= QUESTIONS.length),
      60_000,
      "every chat answered",
    );
    for (const id of chats) expect(sequence(id)).toEqual([0, 1, 2, 3, 4]);
    // Both instances received deliveries.
    expect(proxy.counts.every((count) => count > 10)).toBe(true);
    a.kill("SIGTERM");
    b.kill("SIGTERM");
    expect((await a.exited).code).toBe(0);
    expect((await b.exited).code).toBe(0);
  }, 120_000);
});

if (!TEST_DATABASE_URL) console.log(SERVER_SKIP_NOTE);
