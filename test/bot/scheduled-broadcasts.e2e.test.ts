/**
 * Scheduled broadcasts end to end through the emulator: "⏰ Hẹn giờ" under a preview, a time
 * like "07:00 ngày mai" on the bot clock (Vietnam time), listed in /broadcasts with cancel,
 * kept across a restart, sent once when due.
 */
import type { Message } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const COORDINATOR = 900;
const CUSTOMER = 780;

async function schedule(h: Harness, text: string, when: string): Promise<Message> {
  const preview = await h.say(COORDINATOR, `/broadcast all ${text}`);
  const ask = await h.press(COORDINATOR, preview, h.button(preview, "Hẹn giờ"));
  expect(textOf(ask)).toContain("Gửi lúc nào");
  return h.say(COORDINATOR, when);
}

const heard = (h: Harness, text: string) =>
  h.emulator.messages(CUSTOMER).filter((m) => textOf(m).includes(text)).length;

describe("scheduled broadcasts (end to end)", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("'07:00 ngày mai' waits, survives a restart, goes out once when due; a cancelled one never does", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { language_code: "vi" });
    h.user(CUSTOMER);
    await h.say(CUSTOMER, "/start");

    const preview = await schedule(h, "Sáng mai đoàn bác sĩ đến xã", "gửi lúc 07:00 ngày mai");
    expect(textOf(preview)).toContain("Hẹn gửi lúc 07:00, 31/10/2013");
    const done = await h.press(COORDINATOR, preview, h.button(preview, "Hẹn gửi 07:00"));
    expect(textOf(done)).toContain("Đã hẹn gửi lúc 07:00, 31/10/2013");

    const other = await schedule(h, "Tin nhắn thử nhầm", "08:00 ngày mai");
    const otherDone = await h.press(COORDINATOR, other, h.button(other, "Hẹn gửi 08:00"));
    const otherId = textOf(otherDone).match(/mã (\w+)/)?.[1] ?? "";
    expect(otherId).toMatch(/^[0-9a-f]{8,}$/);
    let list = await h.say(COORDINATOR, "/broadcasts");
    expect(textOf(list)).toContain("hẹn gửi 07:00, 31/10/2013");
    expect(textOf(list)).toContain("hẹn gửi 08:00, 31/10/2013");
    // Cancel the second.
    const cancelled = await h.press(
      COORDINATOR,
      list,
      h.button(list, `Hủy hẹn ${otherId.slice(0, 8)}`),
    );
    expect(textOf(cancelled)).toContain("đã dừng");

    expect(await h.app.deps.delivery.startScheduled()).toEqual([]);
    await h.restart();
    h.clock.set(new Date("2013-10-31T06:59:00+07:00"));
    expect(await h.app.deps.delivery.startScheduled()).toEqual([]);
    expect(heard(h, "Sáng mai đoàn bác sĩ")).toBe(0);

    h.clock.set(new Date("2013-10-31T09:00:00+07:00"));
    const arrives = h.emulator.waitForBotMessage(CUSTOMER, (m) =>
      textOf(m).includes("Sáng mai đoàn bác sĩ"),
    );
    const started = await h.app.deps.delivery.startScheduled();
    expect(started).toHaveLength(1);
    await arrives;
    await h.app.deps.delivery.engine.settled(started[0] ?? "");
    expect(await h.app.deps.delivery.startScheduled()).toEqual([]);
    await h.restart();
    expect(heard(h, "Sáng mai đoàn bác sĩ")).toBe(1);
    expect(heard(h, "Tin nhắn thử nhầm")).toBe(0);
    list = await h.say(COORDINATOR, "/broadcasts");
    expect(textOf(list)).not.toContain("hẹn gửi");
  });

  it("refuses a time in the past and asks again", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { language_code: "vi" });
    const again = await schedule(h, "Thử", "08:00 hôm nay");
    expect(textOf(again)).toContain("Giờ này đã qua rồi");
    const preview = await h.say(COORDINATOR, "18h hôm nay");
    expect(textOf(preview)).toContain("Hẹn gửi lúc 18:00, 30/10/2013");
  });
});
