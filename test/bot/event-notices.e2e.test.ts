/**
 * Notices about events, end to end through the emulator (real bot over HTTP, real lowdb
 * files): province followers hear of a new event; change notices reach each person in their
 * own language with the updated card and buttons.
 */
import type { Message } from "grammy/types";
import ICAL from "ical.js";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const COORDINATOR = 900;

const labels = (message: Message) =>
  (message.reply_markup?.inline_keyboard ?? []).flat().map((button) => button.text);

/** Waits until the coordinator's status message says the broadcast is finished. */
async function broadcastFinished(h: Harness) {
  const deadline = Date.now() + 15_000;
  while (!h.emulator.messages(COORDINATOR).some((m) => textOf(m).includes("Đã gửi xong"))) {
    if (Date.now() > deadline) throw new Error("no final broadcast report");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Presses a 📅 button and returns the .ics file the bot sent (text). */
async function calendarFile(h: Harness, userId: number, message: Message, data: string) {
  const document = h.emulator.waitForCall(
    "sendDocument",
    (c) => String(c.payload.chat_id) === String(userId),
  );
  h.emulator.pressButton(userId, message.message_id, data);
  const sent = ((await document).response as { result: Message }).result;
  const google = (sent.reply_markup?.inline_keyboard ?? []).flat().find((b) => "url" in b);
  expect(google?.text).toMatch(/Google Calendar/);
  return h.emulator.file(sent.document?.file_id ?? "")?.bytes.toString("utf8") ?? "";
}

/** Runs `/newevent` for Yên Bái on 23/11 with a map pin, up to the preview. */
async function newYenBaiEvent(h: Harness): Promise<Message> {
  await h.say(COORDINATOR, "/newevent");
  await h.say(COORDINATOR, "Yen Bai");
  await h.say(COORDINATOR, "23/11");
  await h.say(COORDINATOR, "7h-11h");
  let m = await h.say(COORDINATOR, "Trạm y tế xã Tân Lĩnh");
  m = await h.pressEdit(COORDINATOR, m, h.button(m, "Bỏ qua"));
  const next = h.emulator.waitForBotMessage(COORDINATOR);
  h.emulator.sendLocation(COORDINATOR, 21.84, 104.67);
  m = await next;
  m = await h.pressEdit(COORDINATOR, m, h.button(m, "Giữ nguyên"));
  m = await h.pressEdit(COORDINATOR, m, h.button(m, "Bỏ qua"));
  expect(textOf(m)).toContain("Xem trước");
  return m;
}

describe("notices about events (end to end)", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("a new event is offered to its province's followers, by former or current name, in their language", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { first_name: "Lan", language_code: "vi" });
    h.user(700, { language_code: "vi" });
    h.user(701, { language_code: "vi" });
    h.user(702, { language_code: "en" });
    h.user(703, { language_code: "vi" });
    expect(textOf(await h.say(700, "/theodoi yen bai"))).toContain("Yên Bái");
    expect(textOf(await h.say(701, "/theodoi lao cai"))).toContain("Lào Cai");
    expect(textOf(await h.say(702, "/subscribe yen bai"))).toContain("Yen Bai");
    expect(textOf(await h.say(703, "/theodoi son la"))).toContain("Sơn La");

    const preview = await newYenBaiEvent(h);
    const offer = await h.press(COORDINATOR, preview, h.button(preview, "Xác nhận"));
    const offered = textOf(offer);
    expect(offered).toContain("Đã tạo sự kiện yb13");
    expect(offered).toContain("Có lịch mới tại Yên Bái");
    expect(offered).toContain("người theo dõi tỉnh Yên Bái — 3 người");
    expect(h.button(offer, "Sửa nội dung")).toBeTruthy();

    const vi = h.emulator.waitForBotMessage(700, (m) => textOf(m).includes("Có lịch mới"));
    const current = h.emulator.waitForBotMessage(701, (m) => textOf(m).includes("Có lịch mới"));
    const en = h.emulator.waitForBotMessage(702, (m) => textOf(m).includes("New date"));
    await h.press(COORDINATOR, offer, h.button(offer, "Gửi"));
    const viNotice = await vi;
    expect(textOf(viNotice)).toContain("Thứ Bảy, 23/11/2013");
    expect(textOf(viNotice)).toContain("Trạm y tế xã Tân Lĩnh");
    expect(labels(viNotice)).toEqual([
      "🔔 Nhắc tôi",
      "📅 Thêm vào lịch",
      "🗺 Bản đồ",
      "📆 Thêm vào Google Calendar",
    ]);
    expect(textOf(await current)).toContain("Yên Bái");
    const enNotice = await en;
    expect(textOf(enNotice)).toContain("New date in Yen Bai");
    expect(textOf(enNotice)).toContain("Saturday");
    expect(textOf(enNotice)).not.toContain("Thứ Bảy");
    expect(labels(enNotice)).toContain("🔔 Remind me");

    // The button works: the follower is now reminded of the new event.
    const reminded = await h.press(700, viNotice, h.button(viNotice, "Nhắc tôi"));
    expect(textOf(reminded)).toContain("Đã bật nhắc lịch");
    await broadcastFinished(h);
    expect(h.emulator.messages(703).some((m) => textOf(m).includes("Có lịch mới"))).toBe(false);
  });

  it("a change notice reaches each person in their language with the updated card and buttons", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { first_name: "Lan", language_code: "vi" });
    h.user(710, { language_code: "en" });
    h.user(711, { language_code: "vi" });
    const subscribed = await h.say(710, "/subscribe lc13");
    expect(textOf(subscribed)).toContain("Reminders on");
    // The calendar entry as it was before the change (the same 📅 action as on the card).
    const before = await calendarFile(h, 710, subscribed, "1:ics:lc13");
    expect(textOf(await h.say(711, "/theodoi lai chau"))).toContain("Lai Châu");

    const m1 = await h.say(COORDINATOR, "/editevent lc13");
    await h.press(COORDINATOR, m1, h.button(m1, "Ngày"));
    const confirm = await h.say(COORDINATOR, "10/11");
    const offer = await h.press(COORDINATOR, confirm, h.button(confirm, "Xác nhận"));
    expect(textOf(offer)).toContain("đổi từ ngày 09/11 sang ngày 10/11");
    expect(textOf(offer)).toContain("ngôn ngữ của mình");

    const en = h.emulator.waitForBotMessage(710, (m) => textOf(m).includes("10/11"));
    const vi = h.emulator.waitForBotMessage(711, (m) => textOf(m).includes("10/11"));
    await h.press(COORDINATOR, offer, h.button(offer, "Gửi"));
    const enNotice = await en;
    expect(textOf(enNotice)).toContain("moves from 09/11 to 10/11");
    expect(textOf(enNotice)).toContain("Sunday, 10/11/2013");
    expect(textOf(enNotice)).not.toContain("Chủ Nhật");
    // Reminded of the event: 🔕 to stop, not 🔔 again.
    expect(labels(enNotice)).toEqual([
      "🔕 Stop reminders",
      "📅 Updated calendar",
      "📆 Add to Google Calendar",
    ]);
    const google = (enNotice.reply_markup?.inline_keyboard ?? [])
      .flat()
      .find((b) => "url" in b && b.url);
    expect(google && "url" in google ? google.url : "").toContain("dates=20131110%2F20131111");
    const viNotice = await vi;
    expect(textOf(viNotice)).toContain("đổi từ ngày 09/11 sang ngày 10/11");
    expect(textOf(viNotice)).toContain("Chủ Nhật, 10/11/2013");
    expect(labels(viNotice)).toEqual([
      "🔔 Nhắc tôi",
      "📅 Lịch đã cập nhật",
      "📆 Thêm vào Google Calendar",
    ]);

    // 📅 sends the updated calendar entry, which a calendar app reads as the same event, newer.
    const after = await calendarFile(h, 710, enNotice, h.button(enNotice, "Updated calendar"));
    const [old, updated] = [before, after].map((text) => new ICAL.Component(ICAL.parse(text))) as [
      ICAL.Component,
      ICAL.Component,
    ];
    const oldEvent = new ICAL.Event(old.getFirstSubcomponent("vevent") ?? undefined);
    const newEvent = new ICAL.Event(updated.getFirstSubcomponent("vevent") ?? undefined);
    expect(updated.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(newEvent.uid).toBe(oldEvent.uid);
    expect(newEvent.sequence).toBeGreaterThan(oldEvent.sequence);
    expect(oldEvent.startDate.toString()).toBe("2013-11-09");
    expect(newEvent.startDate.toString()).toBe("2013-11-10");
    const alarm = updated.getFirstSubcomponent("vevent")?.getFirstSubcomponent("valarm");
    expect(alarm?.getFirstPropertyValue("trigger")?.toString()).toBe("-PT12H");
    // 🔕 stops the reminders.
    const stopped = await h.press(710, enNotice, h.button(enNotice, "Stop reminders"));
    expect(textOf(stopped)).toMatch(/no longer|stopped|off/i);
    expect(await h.app.deps.delivery.subscriptions.listFor("telegram:710")).toHaveLength(0);
  });
});
