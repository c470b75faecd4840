import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import { ZaloEmulator, zaloId } from "../../src/emulator/zalo-emulator.js";
import { ZaloClient } from "../../src/zalo/client.js";
import { createZaloTransport } from "../../src/zalo/transport.js";
import { spawnBot } from "../support/bot-process.js";
import { textOf } from "../support/harness.js";

describe("both channels in one process", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("answers on Telegram and on Zalo from one `npm start`", async () => {
    const telegram = new TelegramEmulator({ token: "5:BOTH" });
    const zalo = new ZaloEmulator();
    await telegram.start();
    await zalo.start();
    cleanups.push(
      () => telegram.stop(),
      () => zalo.stop(),
    );
    const dataDir = await mkdtemp(join(tmpdir(), "loa-both-"));
    cleanups.push(() =>
      rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }),
    );
    const bot = spawnBot({
      BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zalo.apiRoot,
      DATA_DIR: dataDir,
      BOT_CLOCK: "2013-10-30T09:00:00+07:00",
    });
    cleanups.push(async () => {
      if (bot.child.exitCode === null) {
        bot.kill("SIGKILL");
        await bot.exited;
      }
    });
    await bot.waitForOutput(/zalo channel started \(polling\)/);
    telegram.addUser({ id: 31, first_name: "An" });
    const onTelegram = telegram.waitForBotMessage(31);
    telegram.sendText(31, "dien bien ngay nao");
    expect(textOf(await onTelegram)).toContain("16/11/2013");
    const user = zaloId();
    const onZalo = zalo.waitForBotMessage(user);
    await zalo.sendText(user, "dien bien ngay nao");
    expect(await onZalo).toContain("16/11/2013");
    bot.kill("SIGTERM");
    expect((await bot.exited).code).toBe(0);
  });

  it("maps Zalo errors to the engine's outcomes by code", async () => {
    const zalo = new ZaloEmulator();
    await zalo.start();
    cleanups.push(() => zalo.stop());
    const transport = createZaloTransport(new ZaloClient(zalo.token, zalo.apiRoot));
    zalo.injectError(429);
    expect(await transport.send("ab", { html: "x" }, { paid: false })).toMatchObject({
      kind: "rate_limited",
    });
    zalo.injectError(401);
    expect(await transport.send("ab", { html: "x" }, { paid: false })).toMatchObject({
      kind: "permanent",
    });
    expect(await transport.send("ab", { html: "<b>ok</b>" }, { paid: false })).toEqual({
      kind: "sent",
    });
    expect(zalo.sent.at(-1)?.text).toBe("ok");
  });
});
