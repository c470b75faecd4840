/**
 * Destructive coordinator dialogs, end to end through the emulator: buttons named by their
 * effect, how many people are affected, and a confirmation before a broadcast is stopped.
 */
import type { Message } from "grammy/types";
import ICAL from "ical.js";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const COORDINATOR = 900;

describe("coordinator dialogs (end to end)", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("the cancel dialog names its buttons by effect and says how many people are affected", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { language_code: "vi" });
    for (const id of [720, 721]) h.user(id, { language_code: "vi" });
    await h.say(720, "/theodoi db13");
    await h.say(721, "/theodoi dien bien");
    const ask = await h.say(COORDINATOR, "/cancelevent db13");
    expect(textOf(ask)).toContain("Hủy sự kiện db13?");
    expect(textOf(ask)).toContain("2 người");
    const labels = (ask.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
    expect(labels).toEqual(["❌ Hủy sự kiện", "↩️ Giữ lại"]);

    // "Giữ lại" keeps the event and says so.
    const toast = h.emulator.waitForCall("answerCallbackQuery");
    h.emulator.pressButton(COORDINATOR, ask.message_id, h.button(ask, "Giữ lại"));
    expect(JSON.stringify((await toast).payload)).toContain("Đã giữ lại sự kiện");
    expect((await h.app.deps.admin.events.get("db13"))?.status).toBe("scheduled");

    const again = await h.say(COORDINATOR, "/cancelevent db13");
    const done = await h.press(COORDINATOR, again, h.button(again, "❌ Hủy sự kiện"));
    expect(textOf(done)).toContain("Đã hủy sự kiện db13");
    expect((await h.app.deps.admin.events.get("db13"))?.status).toBe("cancelled");

    // The cancellation notice's 📅 gives the calendar entry marked cancelled.
    const notice = h.emulator.waitForBotMessage(720, (m) => textOf(m).includes("đã hủy"));
    h.emulator.pressButton(COORDINATOR, done.message_id, h.button(done, "Gửi"));
    const received = await notice;
    const labels2 = (received.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
    expect(labels2).toEqual(["🔕 Hủy nhắc", "📅 Lịch đã cập nhật"]);
    const document = h.emulator.waitForCall(
      "sendDocument",
      (c) => String(c.payload.chat_id) === "720",
    );
    h.emulator.pressButton(720, received.message_id, h.button(received, "Lịch đã cập nhật"));
    const sent = ((await document).response as { result: Message }).result;
    const ics = h.emulator.file(sent.document?.file_id ?? "")?.bytes.toString("utf8") ?? "";
    const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent");
    expect(vevent?.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(vevent?.getFirstSubcomponent("valarm")).toBeNull();
  });

  it("stopping a broadcast asks first; 'don't stop' leaves it as it was", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { language_code: "vi" });
    for (const id of [730, 731, 732]) {
      h.user(id);
      await h.say(id, "/theodoi lai chau");
    }
    // A paused broadcast (started and paused at once, before it reached anyone).
    const { engine } = h.app.deps.delivery;
    const recipients = await h.app.deps.delivery.subscriptions.recipients({
      kind: "province",
      provinceId: "lai-chau",
    });
    const job = await engine.create({
      audience: { kind: "province", provinceId: "lai-chau" },
      recipients,
      content: { html: "Thử" },
      createdBy: `telegram:${COORDINATOR}`,
    });
    if (!job) throw new Error("no job");
    await engine.start(job.id);
    await engine.pause(job.id);
    await engine.settled(job.id);
    const list = await h.say(COORDINATOR, "/broadcasts");
    const ask = await h.press(COORDINATOR, list, h.button(list, "⏹"));
    expect(textOf(ask)).toContain(`Dừng hẳn đợt gửi ${job.id}?`);
    expect(textOf(ask)).toMatch(/\d+ người còn lại sẽ không nhận/);
    const toast = h.emulator.waitForCall("answerCallbackQuery", (c) =>
      JSON.stringify(c.payload).includes("Không dừng"),
    );
    h.emulator.pressButton(COORDINATOR, ask.message_id, h.button(ask, "Không dừng"));
    await toast;
    expect((await engine.get(job.id))?.job.state).toBe("paused");

    const list2 = await h.say(COORDINATOR, "/broadcasts");
    const ask2 = await h.press(COORDINATOR, list2, h.button(list2, "⏹"));
    const after = await h.press(COORDINATOR, ask2, h.button(ask2, "Dừng hẳn"));
    expect(textOf(after)).toContain("đã dừng");
    expect((await engine.get(job.id))?.job.state).toBe("stopped");
  });

  it("a forged or old-format coordinator button expires and does nothing", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { language_code: "vi" });
    const menu = await h.say(COORDINATOR, "/admin");
    for (const data of ["a2:bj:explode:x", "a2:m:rm", "1:adm:cmd:stats", "a2:aa:12x"]) {
      const toast = h.emulator.waitForCall("answerCallbackQuery", (c) =>
        JSON.stringify(c.payload).includes("hết hạn"),
      );
      h.emulator.pressButton(COORDINATOR, menu.message_id, data);
      await toast;
    }
    expect(h.emulator.messages(COORDINATOR).some((m) => textOf(m).includes("Thống kê"))).toBe(
      false,
    );
    expect(await h.app.deps.admin.roles.coordinators()).toEqual([]);
    // The real button still works.
    const stats = await h.press(COORDINATOR, menu, h.button(menu, "Thống kê"));
    expect(textOf(stats)).toContain("Thống kê");
  });
});
