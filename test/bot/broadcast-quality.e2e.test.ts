/**
 * Broadcast quality end to end through the emulator: a photo broadcast is previewed as the
 * photo; the live status message carries ⏸ / ⏹ and the final report says Telegram has no
 * read receipts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const COORDINATOR = 900;

describe("broadcast quality (end to end)", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("previews a photo broadcast as the photo, and the status message has ⏸ / ⏹ until done", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { language_code: "vi" });
    h.user(790);
    await h.say(790, "/start");
    expect(textOf(await h.say(COORDINATOR, "/broadcast"))).toContain("ảnh kèm chú thích");
    const audience = h.emulator.waitForBotMessage(COORDINATOR);
    h.emulator.sendPhoto(COORDINATOR, "Đoàn bác sĩ đã đến xã");
    const ask = await audience;
    const photo = h.emulator.waitForBotMessage(COORDINATOR, (m) => m.photo !== undefined);
    const preview = h.emulator.waitForBotMessage(COORDINATOR, (m) =>
      textOf(m).includes("Xem trước thông báo"),
    );
    h.emulator.pressButton(COORDINATOR, ask.message_id, h.button(ask, "Tất cả"));
    expect(textOf(await photo)).toBe("Đoàn bác sĩ đã đến xã");
    const shown = await preview;

    const status = h.emulator.waitForBotMessage(COORDINATOR, (m) =>
      textOf(m).includes("Đang gửi thông báo"),
    );
    const received = h.emulator.waitForBotMessage(790, (m) => m.photo !== undefined);
    h.emulator.pressButton(COORDINATOR, shown.message_id, h.button(shown, "Gửi"));
    const live = await status;
    expect(h.button(live, "Tạm dừng")).toMatch(/^a2:bj:pause:/);
    expect(h.button(live, "Dừng")).toMatch(/^a2:bj:ask_stop:/);
    expect(textOf(await received)).toBe("Đoàn bác sĩ đã đến xã");
    const deadline = Date.now() + 10_000;
    let final = h.emulator.messages(COORDINATOR).find((m) => m.message_id === live.message_id);
    while (!textOf(final ?? live).includes("Đã gửi xong")) {
      if (Date.now() > deadline) throw new Error("no final report");
      await new Promise((resolve) => setTimeout(resolve, 25));
      final = h.emulator.messages(COORDINATOR).find((m) => m.message_id === live.message_id);
    }
    expect(textOf(final ?? live)).toContain("Telegram không báo ai đã đọc");
    expect((final ?? live).reply_markup?.inline_keyboard ?? []).toEqual([]);
  });
});
