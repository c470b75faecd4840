/**
 * On Zalo (no buttons: choices are a numbered list) the "nearest" and "no event here" answers
 * offer to follow the customer's province as a numbered choice, and no hint says "bấm" (tap).
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
const TAP = /\bbấm\b|\bBấm\b/;

describe("Zalo: nearest event and following a province, without 'bấm'", () => {
  let emulator: ZaloEmulator;
  let app: App;
  let polling: Stoppable;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "loa-zalo-nearest-"));
    emulator = new ZaloEmulator();
    await emulator.start();
    app = await createApp(
      parseConfig({ DATA_DIR: dataDir, SEED_DIR: join(PROJECT_ROOT, "data") }),
      { logger, clock: createManualClock(new Date("2013-10-30T09:00:00+07:00")) },
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

  it("'tôi ở Yên Bái' offers to follow Yên Bái as choice 1, and '1' follows it", async () => {
    const user = zaloId();
    const answer = await ask(user, "tôi ở Yên Bái");
    expect(answer).toContain("chưa có");
    expect(answer).toContain("1. 🔔 Báo tôi khi có ở Yên Bái");
    expect(answer).toContain("2. 🔔 Nhắc tôi: Hà Giang");
    expect(answer).toContain("Trả lời bằng số");
    expect(answer).not.toMatch(TAP);
    const followed = await ask(user, "1");
    expect(followed).toContain("Đã theo dõi Yên Bái");
    const subs = await app.deps.delivery.subscriptions.listFor(`zalo:${user}`);
    expect(subs).toMatchObject([{ kind: "province", target: "yen-bai" }]);
  });

  it("names the nearest event, and other hints do not say 'bấm' either", async () => {
    const user = zaloId();
    const nearest = await ask(user, "tôi ở Sơn La, chỗ nào gần nhất?");
    expect(nearest).toContain("Gần Sơn La nhất là Điện Biên");
    expect(nearest).toContain("16/11/2013");
    expect(nearest).toContain("1. 🔔 Báo tôi khi có ở Sơn La");
    expect(nearest).not.toMatch(TAP);
    const who = await ask(user, "ai được tham gia");
    expect(who).toContain("Ai được tham gia");
    expect(who).not.toMatch(TAP);
    const where = await ask(user, "Lai Châu khám ở đâu");
    expect(where).toContain("được thông báo sau");
    expect(where).not.toMatch(TAP);
  });
});
