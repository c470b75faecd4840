import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp, PROJECT_ROOT } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import { createManualClock } from "../../src/domain/clock.js";
import { ZaloEmulator, zaloId } from "../../src/emulator/zalo-emulator.js";
import { createZaloChannel, type ZaloChannel } from "../../src/zalo/channel.js";
import { ZaloClient } from "../../src/zalo/client.js";
import { type Stoppable, startZaloPolling, startZaloWebhook } from "../../src/zalo/runner.js";
import { createZaloTransport } from "../../src/zalo/transport.js";

const logger = pino({ level: "silent" });

describe("Zalo channel (end to end on the Zalo emulator)", () => {
  let emulator: ZaloEmulator;
  let app: App;
  let channel: ZaloChannel;
  let polling: Stoppable;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "loa-zalo-"));
    emulator = new ZaloEmulator();
    await emulator.start();
    app = await createApp(
      parseConfig({ DATA_DIR: dataDir, SEED_DIR: join(PROJECT_ROOT, "data") }),
      { logger, clock: createManualClock(new Date("2013-10-30T09:00:00+07:00")) },
    );
    const client = new ZaloClient(emulator.token, emulator.apiRoot);
    app.deps.delivery.engine.attach(createZaloTransport(client));
    channel = await createZaloChannel(app.deps, client, app.storage.zalo);
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

  it("answers Vietnamese without diacritics in plain text, with numbered choices", async () => {
    const user = zaloId();
    expect(user).toMatch(/^[0-9a-f]{20}$/);
    const answer = await ask(user, "ha giang ngay nao kham benh");
    expect(answer).toContain("Thứ Bảy, 02/11/2013");
    expect(answer).toContain("Hà Giang");
    expect(answer).not.toMatch(/<\/?b>/);
    expect(answer).toMatch(/1\. .*Kiểm tra điều kiện/);
    expect(answer).toContain("Trả lời 1 hoặc 2.");
  });

  it("selects a numbered option by digit and by words", async () => {
    const user = zaloId();
    const list = await ask(user, "lich sap toi");
    expect(list).toContain("Lai Châu");
    const byDigit = await ask(user, "2");
    expect(byDigit).toContain("Đã đăng ký");
    await ask(user, "lich sap toi");
    const byWords = await ask(user, "nhac toi dien bien");
    expect(byWords).toContain("Đã đăng ký");
    const subs = await app.deps.delivery.subscriptions.listFor(`zalo:${user}`);
    expect(subs.map((s) => s.target).sort()).toEqual(["db13", "lc13"]);
  });

  it("subscribes to a province by typed request", async () => {
    const user = zaloId();
    expect(await ask(user, "nhac toi khi co o lai chau nhe")).toContain("Đã đăng ký");
    const subs = await app.deps.delivery.subscriptions.listFor(`zalo:${user}`);
    expect(subs).toMatchObject([{ kind: "province", target: "lai-chau" }]);
  });

  it("runs the whole eligibility check by numbered replies", async () => {
    const user = zaloId();
    const step1 = await ask(user, "/check");
    expect(step1).toContain("Bước 1/3");
    expect(step1).toMatch(/1\. Hà Giang/);
    expect(await ask(user, "1")).toContain("Bước 2/3");
    expect(await ask(user, "1")).toContain("Bước 3/3");
    const result = await ask(user, "1");
    expect(result).toContain("Bạn đủ điều kiện");
    expect(result).toContain("Sổ tiết kiệm");
    expect(result).toContain("02/11/2013");
    expect(result).not.toContain("Thêm vào lịch");
    expect(await ask(user, "1")).toContain("Đã đăng ký");
  });

  it("runs the check by words without diacritics, with back and cancel", async () => {
    const user = zaloId();
    await ask(user, "kiem tra dieu kien");
    expect(await ask(user, "dien bien")).toContain("Bước 2/3");
    expect(await ask(user, "quay lai")).toContain("Bước 1/3");
    await ask(user, "lai chau");
    expect(await ask(user, "hmm")).toContain("chưa hiểu");
    await ask(user, "co");
    const result = await ask(user, "thu nhap thap");
    expect(result).toContain("Quà tặng");
    expect(result).toContain("09/11/2013");
    await ask(user, "/check");
    expect(await ask(user, "huy")).toContain("Đã hủy");
    expect(await ask(user, "lai chau ngay nao")).toContain("09/11/2013");
  });

  it("never tells Zalo users to tap: its hints speak of numbers and words", async () => {
    const user = zaloId();
    const texts = [await ask(user, "/check")];
    for (const typed of ["hmm", "???", "blah"]) texts.push(await ask(user, typed));
    texts.push(await ask(user, "lai chau"));
    for (const typed of ["hmm", "???", "blah"]) texts.push(await ask(user, typed));
    expect(texts[0]).toContain("Trả lời bằng số trong danh sách");
    expect(texts[3]).toContain("Bước 1/3");
    expect(texts[7]).toContain("Bước 2/3");
    for (const text of texts) expect(text).not.toMatch(/bấm|tap/i);
    expect(await ask(user, "huy")).toContain("Đã hủy");
  });

  it("answers images, stickers and unsupported messages politely", async () => {
    const user = zaloId();
    for (const send of [
      () => emulator.sendImage(user),
      () => emulator.sendSticker(user),
      () => emulator.sendUnsupported(user),
    ]) {
      const reply = emulator.waitForBotMessage(user);
      await send();
      expect(await reply).toContain("chỉ đọc được chữ");
    }
  });

  it("answers a repeated delivery once", async () => {
    const user = zaloId();
    const first = emulator.waitForBotMessage(user);
    await emulator.sendText(user, "lai chau ngay nao", 3);
    expect(await first).toContain("09/11/2013");
    await ask(user, "cam on");
    expect(
      emulator.sent.filter((s) => s.chatId === user && s.text.includes("09/11/2013")),
    ).toHaveLength(1);
  });

  it("reaches Zalo subscribers with a broadcast, beside Telegram", async () => {
    const user = zaloId();
    await ask(user, "nhac toi khi co o ha giang");
    const audience = { kind: "province", provinceId: "ha-giang" } as const;
    const recipients = await app.deps.delivery.subscriptions.recipients(audience);
    expect(recipients.some((r) => r.key === `zalo:${user}` && r.channel === "zalo")).toBe(true);
    const notice = emulator.waitForBotMessage(
      user,
      (text) => text.includes("đổi sang 03/11"),
      10_000,
    );
    const job = await app.deps.delivery.engine.create({
      audience,
      recipients,
      content: { html: "Lịch khám tại <b>Hà Giang</b> đổi sang 03/11" },
      paid: false,
      createdBy: "telegram:1",
    });
    if (!job) throw new Error("job not created");
    await app.deps.delivery.engine.start(job.id);
    expect(await notice).toBe("Lịch khám tại Hà Giang đổi sang 03/11");
  });
});

describe("Zalo webhook", () => {
  it("refuses a wrong or missing secret and processes the right one once", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "loa-zalo-hook-"));
    const emulator = new ZaloEmulator();
    await emulator.start();
    const app = await createApp(
      parseConfig({ DATA_DIR: dataDir, SEED_DIR: join(PROJECT_ROOT, "data") }),
      { logger, clock: createManualClock(new Date("2013-10-30T09:00:00+07:00")) },
    );
    const client = new ZaloClient(emulator.token, emulator.apiRoot);
    const channel = await createZaloChannel(app.deps, client, app.storage.zalo);
    const server = await startZaloWebhook(channel, { port: 0, secret: "s3cr3t-value", logger });
    try {
      const user = zaloId();
      const update = {
        event_name: "message.text.received",
        message: {
          message_id: "w1",
          date: Date.now(),
          from: { id: user },
          chat: { id: user, chat_type: "PRIVATE" as const },
          text: "dien bien ngay nao",
        },
      };
      emulator.webhook = { url: server.url, secret: undefined, wrapped: true };
      expect(await emulator.post(update, undefined)).toBe(401);
      expect(await emulator.post(update, "wrong-secret")).toBe(401);
      expect(emulator.sent).toHaveLength(0);
      expect(await emulator.post(update, "s3cr3t-value")).toBe(200);
      emulator.webhook = { url: server.url, secret: "s3cr3t-value", wrapped: false };
      expect(await emulator.post(update, "s3cr3t-value")).toBe(200);
      expect(emulator.sent.filter((s) => s.chatId === user)).toHaveLength(1);
      expect(emulator.sent[0]?.text).toContain("16/11/2013");
    } finally {
      await server.stop();
      await emulator.stop();
      await app.deps.delivery.engine.shutdown();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
  });
});
