import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp, PROJECT_ROOT } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import { createManualClock } from "../../src/domain/clock.js";
import { ZaloEmulator, zaloId } from "../../src/emulator/zalo-emulator.js";
import { createZaloChannel } from "../../src/zalo/channel.js";
import { ZaloClient } from "../../src/zalo/client.js";
import { type Stoppable, startZaloWebhook } from "../../src/zalo/runner.js";

const logger = pino({ level: "silent" });
const SECRET = "s3cr3t-value";

describe("Zalo webhook: limits, retries and repeats", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp(dataDir?: string) {
    const dir = dataDir ?? (await mkdtemp(join(tmpdir(), "loa-zalo-hard-")));
    if (!dataDir) {
      cleanups.push(() =>
        rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }),
      );
    }
    const emulator = new ZaloEmulator();
    await emulator.start();
    cleanups.push(() => emulator.stop());
    const app: App = await createApp(
      parseConfig({ DATA_DIR: dir, SEED_DIR: join(PROJECT_ROOT, "data") }),
      { logger, clock: createManualClock(new Date("2013-10-30T09:00:00+07:00")) },
    );
    cleanups.push(async () => {
      await app.deps.delivery.engine.shutdown();
      await app.close();
    });
    const client = new ZaloClient(emulator.token, emulator.apiRoot);
    const channel = await createZaloChannel(app.deps, client, app.storage.zalo);
    const server: Stoppable & { url: string } = await startZaloWebhook(channel, {
      port: 0,
      secret: SECRET,
      logger,
    });
    cleanups.push(() => server.stop());
    emulator.webhook = { url: server.url, secret: SECRET, wrapped: false };
    return { emulator, server, dir };
  }

  const message = (user: string, id: string | undefined, text: unknown) => ({
    event_name: "message.text.received",
    message: {
      ...(id === undefined ? {} : { message_id: id }),
      date: Date.now(),
      from: { id: user },
      chat: { id: user, chat_type: "PRIVATE" },
      text,
    },
  });

  const postRaw = (url: string, body: string) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-bot-api-secret-token": SECRET },
      body,
    }).then((r) => r.status);

  it("refuses a body over 1 MB with 413", async () => {
    const { server, emulator } = await setUp();
    const user = zaloId();
    const huge = JSON.stringify(message(user, "big", "x".repeat(1_200_000)));
    expect(await postRaw(server.url, huge)).toBe(413);
    expect(emulator.sent).toHaveLength(0);
  });

  it("answers the platform's retry when the first handling failed (send returned 500)", async () => {
    const { emulator } = await setUp();
    const user = zaloId();
    const update = message(user, "retry-1", "lai chau ngay nao") as never;
    emulator.injectError(500);
    expect(await emulator.post(update, SECRET)).toBe(500);
    expect(emulator.sent).toHaveLength(0);
    // The platform delivers it again: now it is answered, once.
    expect(await emulator.post(update, SECRET)).toBe(200);
    expect(await emulator.post(update, SECRET)).toBe(200);
    const answers = emulator.sent.filter((s) => s.chatId === user);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.text).toContain("09/11/2013");
  });

  it("ignores, with 200, messages without a sender or chat, or with text that is not a string", async () => {
    const { server, emulator } = await setUp();
    const user = zaloId();
    const noFrom = {
      event_name: "message.text.received",
      message: { message_id: "a", text: "hi" },
    };
    const noChat = {
      event_name: "message.text.received",
      message: { message_id: "b", from: { id: user }, text: "hi" },
    };
    expect(await postRaw(server.url, JSON.stringify(noFrom))).toBe(200);
    expect(await postRaw(server.url, JSON.stringify(noChat))).toBe(200);
    expect(await postRaw(server.url, JSON.stringify(message(user, "c", { evil: 1 })))).toBe(200);
    expect(await postRaw(server.url, JSON.stringify(message(user, "d", 42)))).toBe(200);
    expect(emulator.sent).toHaveLength(0);
  });

  it("handles two messages without message_id both", async () => {
    const { emulator } = await setUp();
    const user = zaloId();
    expect(
      await emulator.post(message(user, undefined, "ha giang ngay nao") as never, SECRET),
    ).toBe(200);
    expect(
      await emulator.post(message(user, undefined, "dien bien ngay nao") as never, SECRET),
    ).toBe(200);
    const answers = emulator.sent.filter((s) => s.chatId === user).map((s) => s.text);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toContain("16/11/2013");
  });

  it("remembers handled ids past 1,000 messages and across a restart", async () => {
    const first = await setUp();
    const user = zaloId();
    const update = message(user, "keep-me", "lai chau ngay nao") as never;
    expect(await first.emulator.post(update, SECRET)).toBe(200);
    // 1,100 later messages (stickers: answered quickly) from other people.
    for (let i = 0; i < 1100; i++) {
      const other = zaloId();
      const status = await first.emulator.post(
        {
          event_name: "message.sticker.received",
          message: {
            message_id: `s${i}`,
            date: Date.now(),
            from: { id: other },
            chat: { id: other, chat_type: "PRIVATE" },
            sticker: "s1",
          },
        } as never,
        SECRET,
      );
      expect(status).toBe(200);
    }
    await first.server.stop();
    // A new process on the same files gets the first message again.
    const second = await setUp(first.dir);
    expect(await second.emulator.post(update, SECRET)).toBe(200);
    expect(second.emulator.sent.filter((s) => s.chatId === user)).toHaveLength(0);
  }, 120_000);
});
