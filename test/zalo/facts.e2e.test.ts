/**
 * On Zalo, through the Zalo emulator: facts from the programmes' data, FAQ entries and the honest
 * "not announced yet" arrive as plain text (no HTML tags), and what Loa could not tell reaches
 * the coordinators' /unanswered like on Telegram.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp, PROJECT_ROOT } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import { createManualClock } from "../../src/domain/clock.js";
import { ZaloEmulator, zaloId } from "../../src/emulator/zalo-emulator.js";
import { createZaloChannel } from "../../src/zalo/channel.js";
import { ZaloClient } from "../../src/zalo/client.js";
import { type Stoppable, startZaloPolling } from "../../src/zalo/runner.js";
import { createZaloTransport } from "../../src/zalo/transport.js";

const logger = pino({ level: "silent" });

describe("Zalo: facts, FAQ and honest unknowns on the two-programme fixture", () => {
  let emulator: ZaloEmulator;
  let app: App;
  let polling: Stoppable;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "loa-zalo-facts-"));
    emulator = new ZaloEmulator();
    await emulator.start();
    app = await createApp(
      parseConfig({
        DATA_DIR: dataDir,
        SEED_DIR: join(PROJECT_ROOT, "test/fixtures/seeds/two-programmes-2027"),
      }),
      { logger, clock: createManualClock(new Date("2027-02-27T09:00:00+07:00")) },
    );
    const client = new ZaloClient(emulator.token, emulator.apiRoot);
    app.deps.delivery.engine.attach(createZaloTransport(client));
    const channel = await createZaloChannel(app.deps, client, app.storage.zalo);
    polling = startZaloPolling(client, channel, logger);
  });
  afterAll(async () => {
    await polling.stop();
    await emulator.stop();
    await app.deps.delivery.engine.shutdown();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  const ask = async (user: string, text: string) => {
    const reply = emulator.waitForBotMessage(user);
    await emulator.sendText(user, text);
    return reply;
  };

  it("what to bring, an FAQ entry and 'not announced yet', as plain text", async () => {
    const user = zaloId();
    const bring = await ask(user, "kham mat can mang gi");
    expect(bring).toContain("Căn cước công dân");
    expect(bring).not.toContain("túi đất");
    expect(bring).not.toMatch(/<\/?b>/);
    expect(await ask(user, "co can nhin an ko")).toContain("Không cần nhịn ăn");
    const parking = await ask(user, "có chỗ gửi xe không");
    expect(parking).toContain("chưa có thông tin");
    expect(parking).not.toMatch(/<\/?[bi]>/);
    const open = await app.deps.admin.unanswered.open(10);
    expect(open.map((q) => q.text)).toContain("có chỗ gửi xe không");
  });
});
