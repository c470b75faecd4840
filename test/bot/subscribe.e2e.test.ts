import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

describe("subscriptions and reminders, end to end", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("the 🔔 button subscribes; the evening-before reminder arrives once, in the user's language", async () => {
    h = await startHarness();
    h.user(501);
    h.user(502, { language_code: "en" });
    h.user(503);
    const card = await h.say(501, "lịch khám ở Hà Giang");
    const done = await h.press(501, card, h.button(card, "🔔"));
    expect(textOf(done)).toContain("Đã bật nhắc lịch");
    expect(textOf(done)).toContain("18:00");
    const english = await h.say(502, "/subscribe hg13");
    expect(textOf(english)).toContain("Reminders on");

    // 1 Nov 2013 17:59 in Vietnam: nothing yet.
    h.clock.set(new Date("2013-11-01T17:59:00+07:00"));
    expect(await h.app.deps.delivery.engine.recent(100)).toHaveLength(0);
    expect(await reminderTick(h)).toEqual([]);

    h.clock.set(new Date("2013-11-01T18:00:30+07:00"));
    const vi = h.emulator.waitForBotMessage(501, (m) => textOf(m).includes("Nhắc lịch"));
    const en = h.emulator.waitForBotMessage(502, (m) => textOf(m).includes("Reminder"));
    expect(await reminderTick(h)).toHaveLength(1);
    expect(textOf(await vi)).toContain("ngày mai");
    expect(textOf(await en)).toContain("tomorrow");
    await h.app.deps.delivery.engine.settled("rem-hg13-2013-11-02-eve");

    // Later ticks and a restart do not send it again; the one who did not subscribe got nothing.
    h.clock.set(new Date("2013-11-01T20:00:00+07:00"));
    expect(await reminderTick(h)).toEqual([]);
    await h.restart();
    expect(await reminderTick(h)).toEqual([]);
    const reminders = (chat: number) =>
      h?.emulator.messages(chat).filter((m) => /Nhắc lịch|Reminder:/.test(textOf(m))).length;
    expect(reminders(501)).toBe(1);
    expect(reminders(502)).toBe(1);
    expect(reminders(503)).toBe(0);
  });

  it("a reminder due while the bot was down is sent late, once, after the restart", async () => {
    h = await startHarness();
    h.user(511);
    await h.say(511, "/theodoi ha giang");
    await h.running.stop();
    h.clock.set(new Date("2013-11-02T08:30:00+07:00"));
    const late = h.emulator.waitForBotMessage(511, (m) => textOf(m).includes("hôm nay"));
    await h.restart();
    expect(textOf(await late)).toContain("Nhắc lịch");
  });

  it("/theodoi ha giang follows the province at once; /mysubs lists it; /huytheodoi removes it", async () => {
    h = await startHarness();
    h.user(521);
    expect(textOf(await h.say(521, "/theodoi ha giang"))).toContain("Đã theo dõi");
    expect(textOf(await h.say(521, "/theodoi ha giang"))).toContain("đang theo dõi");
    const mine = await h.say(521, "/mysubs");
    expect(textOf(mine)).toContain("Hà Giang");
    const picker = await h.say(521, "/huytheodoi");
    const removed = await h.press(521, picker, h.button(picker, "Hà Giang"));
    expect(textOf(removed)).toContain("Đã hủy theo dõi");
    expect(textOf(await h.say(521, "/mysubs"))).toContain("chưa theo dõi");
    expect(textOf(await h.say(521, "/theodoi xyzzy"))).toContain("chưa hiểu");
  });

  it("/huytheodoi with the old name stops a follow made with the new one, and the other way round", async () => {
    h = await startHarness();
    h.user(541);
    expect(textOf(await h.say(541, "/theodoi Tuyên Quang"))).toContain("Đã theo dõi");
    expect(textOf(await h.say(541, "/huytheodoi ha giang"))).toContain("Đã hủy theo dõi");
    expect(textOf(await h.say(541, "/mysubs"))).toContain("chưa theo dõi");
    expect(textOf(await h.say(541, "/theodoi ha giang"))).toContain("Đã theo dõi");
    expect(textOf(await h.say(541, "/huytheodoi tuyen quang"))).toContain("Đã hủy theo dõi");
    expect(textOf(await h.say(541, "/mysubs"))).toContain("chưa theo dõi");
    // Nobody is left in the Hà Giang stop's province audience.
    const recipients = await h.app.deps.delivery.subscriptions.recipients({
      kind: "event_and_province",
      eventId: "hg13",
      provinceId: "ha-giang",
    });
    expect(recipients).toEqual([]);
  });

  it("followers of Tuyên Quang are in the audience of the Hà Giang event", async () => {
    h = await startHarness();
    h.user(531);
    await h.say(531, "/theodoi Tuyên Quang");
    const recipients = await h.app.deps.delivery.subscriptions.recipients({
      kind: "event_and_province",
      eventId: "hg13",
      provinceId: "ha-giang",
    });
    expect(recipients.map((r) => r.key)).toEqual(["telegram:531"]);
  });
});

function reminderTick(h: Harness): Promise<string[]> {
  return h.app.deps.delivery.reminders().tick();
}
