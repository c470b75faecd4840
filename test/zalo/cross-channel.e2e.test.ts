import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZaloEmulator, zaloId } from "../../src/emulator/zalo-emulator.js";
import { createZaloChannel } from "../../src/zalo/channel.js";
import { ZaloClient } from "../../src/zalo/client.js";
import { type Stoppable, startZaloPolling } from "../../src/zalo/runner.js";
import { createZaloTransport } from "../../src/zalo/transport.js";
import { type Harness, startHarness, textOf } from "../support/harness.js";

describe("one broadcast, two channels", () => {
  let h: Harness;
  let zalo: ZaloEmulator;
  let polling: Stoppable;
  beforeAll(async () => {
    h = await startHarness();
    zalo = new ZaloEmulator();
    await zalo.start();
    const client = new ZaloClient(zalo.token, zalo.apiRoot);
    h.app.deps.delivery.engine.attach(createZaloTransport(client));
    const channel = await createZaloChannel(h.app.deps, client, h.app.storage.zalo);
    polling = startZaloPolling(client, channel, h.app.deps.logger);
  });
  afterAll(async () => {
    await polling.stop();
    await zalo.stop();
    await h.stop();
  });

  it("reaches a Telegram and a Zalo follower of the same province, each once", async () => {
    h.user(71);
    expect(textOf(await h.say(71, "/subscribe ha giang"))).toContain("Hà Giang");
    const zaloUser = zaloId();
    const subscribed = zalo.waitForBotMessage(zaloUser);
    await zalo.sendText(zaloUser, "nhac toi khi co o tuyen quang");
    expect(await subscribed).toContain("Đã đăng ký");
    const audience = { kind: "province", provinceId: "ha-giang" } as const;
    const recipients = await h.app.deps.delivery.subscriptions.recipients(audience);
    expect(recipients.map((r) => r.channel).sort()).toEqual(["telegram", "zalo"]);
    const onTelegram = h.emulator.waitForBotMessage(71, (m) => textOf(m).includes("03/11"), 10_000);
    const onZalo = zalo.waitForBotMessage(zaloUser, (text) => text.includes("03/11"), 10_000);
    const job = await h.app.deps.delivery.engine.create({
      audience,
      recipients,
      content: { html: "Lịch khám tại <b>Hà Giang</b> đổi sang 03/11" },
      paid: false,
      createdBy: "telegram:1",
    });
    if (!job) throw new Error("job not created");
    await h.app.deps.delivery.engine.start(job.id);
    expect(textOf(await onTelegram)).toContain("Hà Giang");
    expect(await onZalo).toBe("Lịch khám tại Hà Giang đổi sang 03/11");
    await h.app.deps.delivery.engine.settled(job.id);
    expect(h.emulator.deliveredCount(71)).toBe(2);
    expect(zalo.sent.filter((s) => s.chatId === zaloUser)).toHaveLength(2);
  });
});
