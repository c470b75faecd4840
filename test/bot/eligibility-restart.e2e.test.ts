import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import { type BotProcess, spawnBot } from "../support/bot-process.js";
import { textOf } from "../support/harness.js";

/** The callback data of the button labelled `label` (exactly, or containing it). */
function buttonData(message: Message, label: string, exact = false): string {
  const button = message.reply_markup?.inline_keyboard
    .flat()
    .find((b) => (exact ? b.text === label : b.text.includes(label)));
  if (!button || !("callback_data" in button) || !button.callback_data)
    throw new Error(`no button ${label}`);
  return button.callback_data;
}

describe("eligibility check across a crash", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** An emulator, a data dir, and a way to start the real bot process on them (killed after). */
  async function crashRig(token: string) {
    const emulator = new TelegramEmulator({ token });
    const apiRoot = await emulator.start();
    cleanups.push(() => emulator.stop());
    const dataDir = await mkdtemp(join(tmpdir(), "loa-crash-"));
    cleanups.push(() =>
      rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }),
    );
    const env = {
      BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: apiRoot,
      DATA_DIR: dataDir,
      BOT_CLOCK: "2013-10-30T09:00:00+07:00",
      LOG_LEVEL: "info",
    };
    const start = async (): Promise<BotProcess> => {
      const bot = spawnBot(env);
      cleanups.push(async () => {
        if (bot.child.exitCode === null && bot.child.signalCode === null) {
          bot.kill("SIGKILL");
          await bot.exited;
        }
      });
      await bot.waitForOutput(/bot started/);
      return bot;
    };
    return { emulator, dataDir, start };
  }

  /** `/check`, then Hà Giang by button: resolves with step 2 (the step message, edited). */
  async function toStepTwo(emulator: TelegramEmulator, userId: number): Promise<Message> {
    const first = emulator.waitForBotMessage(userId, (m) => textOf(m).includes("Bước 1/3"));
    emulator.sendText(userId, "/check");
    const step1 = await first;
    // A press edits the step message in place.
    const second = emulator.waitForBotEdit(userId, (m) => textOf(m).includes("Bước 2/3"));
    emulator.pressButton(userId, step1.message_id, buttonData(step1, "Hà Giang"));
    return second;
  }

  it("continues at the same step after kill -9 and a restart", async () => {
    const { emulator, start } = await crashRig("77:CRASH");
    const first = await start();
    emulator.addUser({ id: 900, first_name: "Hạnh", language_code: "vi" });
    const step2 = await toStepTwo(emulator, 900);

    first.kill("SIGKILL");
    await first.exited;

    const second = await start();
    let next = emulator.waitForBotEdit(900, (m) => textOf(m).includes("Bước 3/3"));
    emulator.pressButton(900, step2.message_id, buttonData(step2, "Có", true));
    await next;
    next = emulator.waitForBotMessage(900, (m) => textOf(m).includes("02/11/2013"));
    emulator.sendText(900, "ho ngheo");
    expect(textOf(await next)).toContain("Bạn đủ điều kiện");
    second.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  });

  it("does not apply an answer again when Telegram redelivers it after kill -9", async () => {
    const { emulator, dataDir, start } = await crashRig("78:REDELIVER");
    const first = await start();
    emulator.addUser({ id: 901, first_name: "Lan", language_code: "vi" });
    const step2 = await toStepTwo(emulator, 901);
    let next = emulator.waitForBotEdit(901, (m) => textOf(m).includes("Bước 3/3"));
    const answered = emulator.pressButton(901, step2.message_id, buttonData(step2, "Có", true));
    await next;
    // Handled and marked done in the inbox, but never acknowledged to Telegram.
    const doneMark = `{"done":${answered.update_id},`;
    while (!(await readFile(join(dataDir, "inbox.ndjson"), "utf8")).includes(doneMark)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.kill("SIGKILL");
    await first.exited;

    const second = await start();
    const before = emulator.messages(901).length;
    // Telegram never heard that "Có" arrived, so it sends it again.
    emulator.redeliver(answered);
    next = emulator.waitForBotMessage(901, (m) => textOf(m).includes("02/11/2013"));
    emulator.sendText(901, "ho ngheo");
    expect(textOf(await next)).toContain("Bạn đủ điều kiện");
    const after = emulator
      .messages(901)
      .slice(before)
      .filter((m) => m.from?.id === emulator.botUser.id)
      .map(textOf);
    // Only the result: the redelivered "Có" was not taken as the answer to step 3.
    expect(after).toHaveLength(1);
    expect(after[0]).toContain("Bạn đủ điều kiện");
    second.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  });
});
