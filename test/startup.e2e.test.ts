import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../src/app.js";
import { TelegramEmulator } from "../src/emulator/telegram-emulator.js";
import { type BotProcess, spawnBot } from "./support/bot-process.js";
import { textOf } from "./support/harness.js";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe("starting the bot as `npm start` does", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "loa-start-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
    return dir;
  }

  function track(bot: BotProcess): BotProcess {
    cleanups.push(async () => {
      if (bot.child.exitCode === null && bot.child.signalCode === null) {
        bot.kill("SIGKILL");
        await bot.exited;
      }
    });
    return bot;
  }

  it("without BOT_TOKEN explains in one line what to set, without crashing", async () => {
    const bot = track(
      spawnBot({
        DATA_DIR: await tempDir(),
        PLAYGROUND_PORT: String(await freePort()),
        LOG_LEVEL: "silent",
      }),
    );
    await bot.waitForOutput(/BOT_TOKEN/);
    bot.kill("SIGTERM");
    const exit = await bot.exited;
    expect(exit.code === 0 || exit.signal === "SIGTERM").toBe(true);
    expect(bot.output()).not.toMatch(/Error|at .*\.ts:\d+/);
  });

  it("refuses a broken seed file, naming the file, the field and the problem", async () => {
    const seedDir = await tempDir();
    await cp(join(PROJECT_ROOT, "data"), seedDir, {
      recursive: true,
      filter: (src) => !src.includes("runtime"),
    });
    const events = JSON.parse(await readFile(join(seedDir, "events.json"), "utf8"));
    events.events[1].date = "2013-11-31";
    await writeFile(join(seedDir, "events.json"), JSON.stringify(events));
    const bot = track(
      spawnBot({
        BOT_TOKEN: "1:x",
        DATA_DIR: await tempDir(),
        SEED_DIR: seedDir,
        TELEGRAM_API_ROOT: "http://127.0.0.1:9",
      }),
    );
    const exit = await bot.exited;
    expect(exit.code).toBe(1);
    expect(bot.output()).toContain("events.json");
    expect(bot.output()).toContain("events.1.date");
    expect(bot.output()).toContain("not a real calendar date");
  });

  it("says in one line when Telegram refuses the token", async () => {
    const emulator = new TelegramEmulator({ token: "42:RIGHT" });
    const apiRoot = await emulator.start();
    cleanups.push(() => emulator.stop());
    const refused = track(
      spawnBot({ BOT_TOKEN: "42:WRONG", DATA_DIR: await tempDir(), TELEGRAM_API_ROOT: apiRoot }),
    );
    expect((await refused.exited).code).toBe(1);
    expect(refused.output()).toContain("Loa cannot start: Telegram refused BOT_TOKEN");
  });

  it("keeps what a customer chose across kill -9, and answers from the real process", async () => {
    const emulator = new TelegramEmulator({ token: "42:REAL" });
    const apiRoot = await emulator.start();
    cleanups.push(() => emulator.stop());
    const env = {
      BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: apiRoot,
      DATA_DIR: await tempDir(),
      BOT_CLOCK: "2013-10-30T09:00:00+07:00",
      LOG_LEVEL: "info",
    };
    const first = track(spawnBot(env));
    await first.waitForOutput(/bot started/);
    emulator.addUser({ id: 700, first_name: "Minh", language_code: "vi" });

    let reply = emulator.waitForBotMessage(700);
    emulator.sendText(700, "ha giang ngay nao kham benh");
    expect(textOf(await reply)).toContain("Thứ Bảy, 02/11/2013");

    reply = emulator.waitForBotMessage(700);
    emulator.sendText(700, "/language");
    const menu = await reply;
    const english = menu.reply_markup?.inline_keyboard
      .flat()
      .find((button) => button.text.includes("English"));
    reply = emulator.waitForBotMessage(700);
    emulator.pressButton(
      700,
      menu.message_id,
      (english as { callback_data: string }).callback_data,
    );
    await reply;

    first.kill("SIGKILL");
    await first.exited;

    const second = track(spawnBot(env));
    await second.waitForOutput(/bot started/);
    // The language tap may not have been acknowledged before the kill: Telegram redelivers it
    // and the bot confirms again. Wait for the answer to the new question.
    reply = emulator.waitForBotMessage(700, (message) => textOf(message).includes("11/2013"));
    emulator.sendText(700, "lai chau ngay nao");
    expect(textOf(await reply)).toContain("Saturday, 09/11/2013");
    second.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  });

  it("with a token, start-up does not load the emulator or the playground", async () => {
    const emulator = new TelegramEmulator({ token: "42:PROD" });
    const apiRoot = await emulator.start();
    cleanups.push(() => emulator.stop());
    const trace = join(await tempDir(), "modules.txt");
    const bot = track(
      spawnBot(
        {
          BOT_TOKEN: emulator.token,
          TELEGRAM_API_ROOT: apiRoot,
          DATA_DIR: await tempDir(),
          LOG_LEVEL: "info",
          LOA_MODULE_TRACE: trace,
        },
        ["--import", join(PROJECT_ROOT, "test/support/module-trace.mjs")],
      ),
    );
    await bot.waitForOutput(/bot started/);
    emulator.addUser({ id: 701, first_name: "Hà" });
    const reply = emulator.waitForBotMessage(701);
    emulator.sendText(701, "/start");
    await reply;
    bot.kill("SIGTERM");
    await bot.exited;
    const loaded = (await readFile(trace, "utf8")).split("\n");
    // The trace works: it saw the bot's own modules.
    expect(loaded.some((url) => url.includes("/src/bot/index.ts"))).toBe(true);
    expect(loaded.filter((url) => /\/src\/(emulator|playground)\//.test(url))).toEqual([]);
  });
});
