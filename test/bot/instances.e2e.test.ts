/**
 * Two real instances on one PostgreSQL database behind a round-robin proxy, the emulator
 * delivering by webhook: every customer is answered once, one chat's answers in the order asked,
 * whichever instance got each update; one chat answered by both in turn still gets at most one
 * message a second (the shared reply pace). Needs a real server (TEST_DATABASE_URL).
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

  /** Two `npm start` processes in webhook mode on a fresh database, behind the proxy. */
  const startTwo = async (emulator: TelegramEmulator) => {
    const database = await createServerDatabase();
    cleanups.add(() => database.drop());
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
    return { a, b, proxy, database };
  };

  const answersIn = (emulator: TelegramEmulator, id: number) =>
    emulator
      .messages(id)
      .filter((m) => m.from?.id === emulator.botUser.id)
      .map((m) => QUESTIONS.findIndex((q) => (textOf(m).split("\n")[0] ?? "").includes(q.answer)));

  it("one chat answered by both instances in turn gets at most one message a second", async () => {
    // The emulator answers 429 to a second message to one chat within a second, as Telegram does.
    const emulator = new TelegramEmulator({
      token: "82:PACE",
      recordCalls: false,
      limits: { perChatPerSecond: 1 },
    });
    const { a, b, proxy } = await startTwo(emulator);
    emulator.addUser({ id: 7100, first_name: "Lan", language_code: "vi" });
    // Each question right after the answer to the previous one: deliveries alternate between
    // the instances, so each answer comes from the other instance than the one before.
    for (const [i, question] of QUESTIONS.entries()) {
      emulator.sendText(7100, question.text);
      await untilMessages(
        emulator,
        () => answersIn(emulator, 7100).length > i,
        30_000,
        `answer ${i + 1}`,
      );
    }
    expect(answersIn(emulator, 7100)).toEqual([0, 1, 2, 3, 4]);
    // Both instances answered this chat (deliveries alternate), and none of their answers
    // broke the per-chat limit.
    expect(proxy.counts.every((count) => count >= 2)).toBe(true);
    expect(emulator.stats().rejected429).toBe(0);
    a.kill("SIGTERM");
    b.kill("SIGTERM");
    expect((await a.exited).code).toBe(0);
    expect((await b.exited).code).toBe(0);
  }, 120_000);

  it("SIGTERM mid-conversation: the stopping instance drains and exits 0, the other answers the rest in order", async () => {
    const emulator = new TelegramEmulator({ token: "84:TERM", recordCalls: false });
    const { a, b, proxy, database } = await startTwo(emulator);
    // The load balancer sends everything to `a` for now.
    proxy.use([0]);
    emulator.addUser({ id: 7200, first_name: "Hoa", language_code: "vi" });
    // Three questions at once: `a` answers them a second apart (the per-chat pace), so it
    // still has them in hand when it is told to stop.
    for (const question of QUESTIONS.slice(0, 3)) emulator.sendText(7200, question.text);
    await untilMessages(emulator, () => answersIn(emulator, 7200).length >= 1, 30_000, "answer 1");
    // As a rolling restart does: drain `a` at the load balancer, then SIGTERM it.
    proxy.use([1]);
    a.kill("SIGTERM");
    expect((await a.exited).code).toBe(0);
    expect(a.output()).not.toMatch(/stop took too long|Cannot use a pool/);
    // What `a` had accepted and not answered is answered by `b` without the user writing again.
    await untilMessages(emulator, () => answersIn(emulator, 7200).length >= 3, 30_000, "1-3");
    for (const question of QUESTIONS.slice(3)) emulator.sendText(7200, question.text);
    await untilMessages(
      emulator,
      () => answersIn(emulator, 7200).length >= QUESTIONS.length,
      30_000,
      "every answer",
    );
    expect(answersIn(emulator, 7200)).toEqual([0, 1, 2, 3, 4]);
    // Nothing is left undone in the shared inbox.
    const { rows } = await database.client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM update_inbox WHERE done_at IS NULL",
    );
    expect(rows[0]?.n).toBe(0);
    b.kill("SIGTERM");
    expect((await b.exited).code).toBe(0);
  }, 120_000);

  it("answers every customer once, each chat in order, whichever instance got the update", async () => {
    const emulator = new TelegramEmulator({ token: "81:TWO", recordCalls: false });
    const { a, b, proxy } = await startTwo(emulator);
    const chats = Array.from({ length: 20 }, (_, i) => 6000 + i);
    for (const id of chats) emulator.addUser({ id, first_name: `U${id}`, language_code: "vi" });
    for (const question of QUESTIONS) for (const id of chats) emulator.sendText(id, question.text);
    const sequence = (id: number) => answersIn(emulator, id);
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
