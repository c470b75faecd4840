import { Bot, InlineKeyboard, InputFile } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";

describe("loopback Bot API emulator", () => {
  let emulator: TelegramEmulator;
  let root: string;
  const call = async (method: string, body: unknown = {}) => {
    const res = await fetch(`${root}/bot${emulator.token}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return (await res.json()) as {
      ok: boolean;
      result?: unknown;
      error_code?: number;
      description?: string;
      parameters?: { retry_after?: number };
    };
  };

  beforeEach(async () => {
    emulator = new TelegramEmulator({ token: "1:T" });
    root = await emulator.start();
    emulator.addUser({ id: 5, first_name: "An" });
  });
  afterEach(async () => {
    await emulator.stop();
  });

  it("refuses a wrong token and unknown methods like Telegram", async () => {
    const wrong = await fetch(`${root}/botnope/getMe`);
    expect(wrong.status).toBe(401);
    expect((await call("frobnicate")).error_code).toBe(404);
  });

  it("redelivers updates until an offset acknowledges them", async () => {
    emulator.sendText(5, "một");
    emulator.sendText(5, "hai");
    const first = (await call("getUpdates", { timeout: 0 })).result as Array<{ update_id: number }>;
    expect(first).toHaveLength(2);
    const again = (await call("getUpdates", { timeout: 0 })).result as unknown[];
    expect(again).toHaveLength(2);
    const last = first[1]?.update_id ?? 0;
    expect((await call("getUpdates", { offset: last + 1, timeout: 0 })).result).toEqual([]);
    expect(emulator.acknowledgedUpdateId).toBe(last);
  });

  it("holds a long poll until an update arrives", async () => {
    const poll = call("getUpdates", { timeout: 5 });
    setTimeout(() => emulator.sendText(5, "chào"), 50);
    const result = (await poll).result as Array<{ message: { text: string } }>;
    expect(result[0]?.message.text).toBe("chào");
  });

  it("validates messages like Telegram", async () => {
    expect((await call("sendMessage", { chat_id: 5, text: "" })).description).toMatch(/empty/);
    expect((await call("sendMessage", { chat_id: 5, text: "x".repeat(4097) })).description).toMatch(
      /too long/,
    );
    expect((await call("sendMessage", { chat_id: 99, text: "hi" })).description).toMatch(
      /chat not found/,
    );
    expect(
      (await call("sendMessage", { chat_id: 5, text: "a < b", parse_mode: "HTML" })).description,
    ).toMatch(/parse entities/);
    expect(
      (await call("sendMessage", { chat_id: 5, text: "<b>x</i>", parse_mode: "HTML" })).ok,
    ).toBe(false);
    expect(
      (await call("sendMessage", { chat_id: 5, text: "<b>a &lt; b</b>", parse_mode: "HTML" })).ok,
    ).toBe(true);
    const long = { inline_keyboard: [[{ text: "x", callback_data: "d".repeat(65) }]] };
    expect(
      (await call("sendMessage", { chat_id: 5, text: "x", reply_markup: long })).description,
    ).toMatch(/BUTTON_DATA_INVALID/);
  });

  it("injects 429, 403, 5xx and blocked users", async () => {
    emulator.injectFault({ method: "sendMessage", kind: "429", retryAfter: 3 });
    const limited = await call("sendMessage", { chat_id: 5, text: "x" });
    expect(limited.error_code).toBe(429);
    expect(limited.parameters?.retry_after).toBe(3);
    emulator.injectFault({ kind: "5xx" });
    expect((await call("sendMessage", { chat_id: 5, text: "x" })).error_code).toBe(502);
    emulator.blockUser(5);
    expect((await call("sendMessage", { chat_id: 5, text: "x" })).description).toMatch(
      /blocked by the user/,
    );
    emulator.unblockUser(5);
    expect((await call("sendMessage", { chat_id: 5, text: "x" })).ok).toBe(true);
    expect(emulator.deliveredCount(5)).toBe(1);
  });

  it("enforces per-chat limits in limits mode with a retry_after", async () => {
    const limited = new TelegramEmulator({
      token: "2:L",
      limits: { perChatPerSecond: 1, globalPerSecond: 30 },
    });
    const limitedRoot = await limited.start();
    limited.addUser({ id: 6, first_name: "B" });
    try {
      const send = () =>
        fetch(`${limitedRoot}/bot2:L/sendMessage`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ chat_id: 6, text: "x" }),
        }).then((r) => r.json() as Promise<{ ok: boolean; parameters?: { retry_after: number } }>);
      expect((await send()).ok).toBe(true);
      const second = await send();
      expect(second.ok).toBe(false);
      expect(second.parameters?.retry_after).toBeGreaterThanOrEqual(1);
      expect(limited.stats().rejected429).toBe(1);
    } finally {
      await limited.stop();
    }
  });

  it("serves a real grammY bot: text, buttons, edits and a multipart document", async () => {
    const bot = new Bot("1:T", { client: { apiRoot: root } });
    bot.command("start", (ctx) =>
      ctx.reply("Chọn:", { reply_markup: new InlineKeyboard().text("Một", "one") }),
    );
    bot.callbackQuery("one", async (ctx) => {
      await ctx.answerCallbackQuery({ text: "ok" });
      await ctx.editMessageText("Đã chọn một");
      await ctx.replyWithDocument(
        new InputFile(Buffer.from("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), "event.ics"),
      );
    });
    await bot.init();
    void bot.start();
    try {
      const menuPromise = emulator.waitForBotMessage(5);
      emulator.sendText(5, "/start");
      const menu = await menuPromise;
      expect(menu.text).toBe("Chọn:");
      const documentPromise = emulator.waitForBotMessage(5, (m) => m.document !== undefined);
      emulator.pressButton(5, menu.message_id, "one");
      const document = await documentPromise;
      expect(document.document?.file_name).toBe("event.ics");
      const file = emulator.file(document.document?.file_id ?? "");
      expect(file?.bytes.toString()).toContain("BEGIN:VCALENDAR");
      const edited = emulator.messages(5).find((m) => m.message_id === menu.message_id);
      expect(edited?.text).toBe("Đã chọn một");
      expect(edited?.reply_markup).toBeUndefined();
    } finally {
      await bot.stop();
    }
  });
});
