import { afterEach, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import { UPDATE_CONCURRENCY } from "../../src/run-telegram.js";
import { spawnBot } from "../support/bot-process.js";
import { textOf } from "../support/harness.js";
import { Cleanups, freePort, untilMessages } from "../support/process-kit.js";

/** Questions whose answers name their province in the first line, so replies can be told apart. */
const QUESTIONS = [
  { text: "ha noi", answer: "Hà Nội" },
  { text: "da nang", answer: "Đà Nẵng" },
  { text: "can tho", answer: "Cần Thơ" },
  { text: "hue", answer: "Huế" },
  { text: "lai chau", answer: "Lai Châu" },
];

/** Which question each bot message in a chat answers (index into QUESTIONS), in order. */
function answerSequence(emulator: TelegramEmulator, chatId: number): number[] {
  return emulator
    .messages(chatId)
    .filter((m) => m.from?.id === emulator.botUser.id)
    .map((m) => {
      const firstLine = textOf(m).split("\n")[0] ?? "";
      return QUESTIONS.findIndex((q) => firstLine.includes(q.answer));
    });
}

describe("the update pipeline in a real process", () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  async function setUp(token: string) {
    const emulator = new TelegramEmulator({ token, recordCalls: false });
    const apiRoot = await emulator.start(await freePort());
    cleanups.add(() => emulator.stop());
    const env = {
      BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: apiRoot,
      DATA_DIR: await cleanups.tempDir(),
      BOT_CLOCK: "2013-10-30T09:00:00+07:00",
      LOG_LEVEL: "info",
    };
    return { emulator, env };
  }

  it("kill -9 in a burst of 500 updates from 100 chats: all answered, in order, duplicates only from the updates in flight", async () => {
    const { emulator, env } = await setUp("61:BURST");
    const first = cleanups.track(spawnBot(env));
    await first.waitForOutput(/bot started/);
    const chats = Array.from({ length: 100 }, (_, i) => 5000 + i);
    for (const id of chats) emulator.addUser({ id, first_name: `U${id}`, language_code: "vi" });
    let answered = 0;
    emulator.on("message", (event) => {
      if (event.fromBot) answered++;
    });
    for (const question of QUESTIONS) {
      for (const id of chats) emulator.sendText(id, question.text);
    }
    // Half answered: a bot that forgot what it had done would answer ~250 again, more than the
    // chats that can be in flight at once.
    await untilMessages(emulator, () => answered >= 250, 60_000, "the first answers");
    first.kill("SIGKILL");
    await first.exited;
    const answeredAtKill = answered;

    const second = cleanups.track(spawnBot(env));
    const complete = (id: number) =>
      new Set(answerSequence(emulator, id)).size === QUESTIONS.length;
    await untilMessages(emulator, () => chats.every(complete), 120_000, "every chat answered");
    let duplicates = 0;
    for (const id of chats) {
      const sequence = answerSequence(emulator, id);
      // Every answer is one of ours, in the order asked; a repeat can only be an update that
      // was in flight at the kill, answered again right after itself.
      expect(sequence.every((index) => index >= 0)).toBe(true);
      expect([...sequence].sort((a, b) => a - b)).toEqual(sequence);
      duplicates += sequence.length - QUESTIONS.length;
    }
    const inFlight = Math.min(UPDATE_CONCURRENCY, chats.length);
    console.log(
      `kill -9 burst: ${answeredAtKill} of 500 answered before the kill, ${duplicates} answered twice (bound: ${inFlight} chats in flight)`,
    );
    expect(duplicates).toBeLessThanOrEqual(inFlight);
    expect(second.output()).toMatch(/replaying updates/);
    second.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  }, 200_000);

  it("a 409 Conflict from getUpdates is logged once and waited out; the bot keeps answering", async () => {
    const { emulator, env } = await setUp("62:CONFLICT");
    emulator.injectFault({ method: "getUpdates", kind: "409", times: 3 });
    const bot = cleanups.track(spawnBot(env));
    await bot.waitForOutput(/409 Conflict/);
    emulator.addUser({ id: 800, first_name: "An", language_code: "vi" });
    const reply = emulator.waitForBotMessage(800, () => true, 20_000);
    emulator.sendText(800, "lai chau ngay nao");
    expect(textOf(await reply)).toContain("09/11/2013");
    expect(bot.output().match(/409 Conflict/g)).toHaveLength(1);
    expect(bot.child.exitCode).toBeNull();
    bot.kill("SIGTERM");
    expect((await bot.exited).code).toBe(0);
  }, 60_000);

  it("after a Bot API outage answers resume within seconds, and SIGTERM during an outage exits promptly", async () => {
    const { emulator, env } = await setUp("63:OUTAGE");
    const port = Number(new URL(env.TELEGRAM_API_ROOT).port);
    const bot = cleanups.track(spawnBot(env));
    await bot.waitForOutput(/bot started/);
    emulator.addUser({ id: 801, first_name: "Bình", language_code: "vi" });
    await emulator.stop();
    await bot.waitForOutput(/getUpdates failed/);
    // Long enough for an uncapped back-off to have grown well past a few seconds.
    await new Promise((resolve) => setTimeout(resolve, 8000));
    await emulator.start(port);
    const reply = emulator.waitForBotMessage(801, () => true, 6000);
    emulator.sendText(801, "dien bien ngay nao");
    expect(textOf(await reply)).toContain("16/11/2013");

    await emulator.stop();
    await bot.waitForOutput(/getUpdates works again[\s\S]*getUpdates failed/);
    bot.kill("SIGTERM");
    // It hung for more than 40 s before; the bound here is generous on purpose.
    const exit = await Promise.race([
      bot.exited,
      new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 8000)),
    ]);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 60_000);
});
