/**
 * Who pressed a button of a broadcast afterwards, end to end through the emulator (real bot
 * over HTTP, real lowdb files): Telegram reports no reads, so the per-broadcast report counts
 * the people who pressed one of the message's buttons — each person once, across a restart.
 */
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const COORDINATOR = 900;

/** The /broadcasts line of the newest job (its second, counting line). */
async function newestJobCounts(h: Harness): Promise<string> {
  const list = textOf(await h.say(COORDINATOR, "/broadcasts"));
  expect(list).toContain("Telegram không báo ai đã đọc");
  return list.split("\n")[2] ?? "";
}

describe("button presses after a broadcast (end to end)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { first_name: "Lan", language_code: "vi" });
    for (const id of [600, 601, 602, 603]) h.user(id, { language_code: "vi" });
  });
  afterAll(async () => {
    await h.stop();
  });

  it("counts each recipient who pressed a button once, the buttons still work, and it survives a restart", async () => {
    await h.say(600, "/subscribe lc13");
    await h.say(601, "/subscribe lc13");
    await h.say(602, "/theodoi lai chau");
    await h.say(603, "/start");

    const m1 = await h.say(COORDINATOR, "/editevent lc13");
    await h.pressEdit(COORDINATOR, m1, h.button(m1, "Ngày"));
    const confirm = await h.say(COORDINATOR, "10/11");
    const offer = await h.press(COORDINATOR, confirm, h.button(confirm, "Xác nhận"));
    const notices = [600, 601, 602].map((id) =>
      h.emulator.waitForBotMessage(id, (m) => textOf(m).includes("10/11"), 15_000),
    );
    const finished = h.emulator.waitForBotEdit(
      COORDINATOR,
      (m) => textOf(m).includes("Đã gửi xong"),
      15_000,
    );
    // The "started" reply is paced 1/s in this chat and can come after the report: wait for
    // both, so the next command's answer is not taken for it.
    const started = h.emulator.waitForBotMessage(
      COORDINATOR,
      (m) => textOf(m).includes("Đã bắt đầu gửi"),
      15_000,
    );
    h.emulator.pressButton(COORDINATOR, offer.message_id, h.button(offer, "Gửi"));
    const [first, second, follower] = (await Promise.all(notices)) as [Message, Message, Message];
    await started;
    const report = textOf(await finished);
    expect(report).toContain("Đã gửi: 3/3");
    expect(report).toContain("Ai bấm nút của tin sau đó");
    expect(await newestJobCounts(h)).toContain("✅ 3 · ❌ 0 · 🚫 0 / 3 · 👆 0");

    // 600 presses two buttons (each works as on any card), 602 presses one, 601 none.
    const calendar = h.emulator.waitForCall(
      "sendDocument",
      (c) => String(c.payload.chat_id) === "600",
    );
    h.emulator.pressButton(600, first.message_id, h.button(first, "Lịch đã cập nhật"));
    await calendar;
    const stopped = await h.press(600, first, h.button(first, "Hủy nhắc"));
    expect(textOf(stopped)).toContain("Đã hủy theo dõi");
    const reminded = await h.press(602, follower, h.button(follower, "Nhắc tôi"));
    expect(textOf(reminded)).toContain("Đã bật nhắc lịch");
    expect(second.reply_markup).toBeDefined();
    // A customer's own card (not the broadcast) does not count.
    const card = await h.say(603, "/subscribe lc13");
    expect(textOf(card)).toContain("Lai Châu");

    expect(await newestJobCounts(h)).toContain("👆 2");
    await h.restart();
    expect(await newestJobCounts(h)).toContain("👆 2");
  });
});
