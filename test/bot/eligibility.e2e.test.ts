import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLowdbStorage } from "../../src/storage/lowdb-storage.js";
import { type Harness, startHarness, textOf } from "../support/harness.js";

describe("eligibility check (end to end through the emulator)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it("walks a poor household in Hà Giang through by buttons to a full verdict", async () => {
    h.user(401);
    const step1 = await h.say(401, "/check");
    expect(textOf(step1)).toContain("Bước 1/3");
    expect(textOf(step1)).toContain("tỉnh nào");
    // Each press edits the one step message in place instead of piling up messages.
    const step2 = await h.pressEdit(401, step1, h.button(step1, "Hà Giang"));
    expect(textOf(step2)).toContain("Bước 2/3");
    const step3 = await h.pressEdit(401, step2, h.button(step2, /^Có$/));
    expect(textOf(step3)).toContain("Bước 3/3");
    const result = await h.press(401, step3, h.button(step3, "Hộ nghèo"));
    const botMessages = h.emulator.messages(401).filter((m) => m.from?.is_bot);
    expect(botMessages.map((m) => m.message_id)).toEqual([step1.message_id, result.message_id]);
    // The finished step keeps its text but no longer has buttons to press.
    expect(botMessages[0]?.reply_markup).toBeUndefined();
    expect(textOf(botMessages[0] as typeof step1)).toContain("Bước 3/3");
    const text = textOf(result);
    expect(text).toContain("Bạn đủ điều kiện tham gia");
    expect(text).toContain("Sổ tiết kiệm");
    expect(text).toContain("Thứ Bảy, 02/11/2013");
    expect(text).toContain("Căn cước công dân");
    expect(text).toContain("hộ nghèo/cận nghèo");
    expect(h.button(result, "Nhắc tôi")).toBeTruthy();
    expect(h.button(result, "Thêm vào lịch")).toBeTruthy();
    // On disk: a second storage opened on the same files reads it back.
    const stored = await openLowdbStorage(h.dataDir);
    expect(await stored.eligibility.get("telegram:401")).toMatchObject({
      eventId: "hg13",
      verdict: "eligible",
    });
  });

  it("understands typed answers without diacritics", async () => {
    h.user(402);
    expect(textOf(await h.say(402, "/dieukien"))).toContain("Bước 1/3");
    expect(textOf(await h.say(402, "lai chau"))).toContain("Bước 2/3");
    expect(textOf(await h.say(402, "co"))).toContain("Bước 3/3");
    const result = textOf(await h.say(402, "thu nhap thap"));
    expect(result).toContain("Bạn đủ điều kiện");
    expect(result).toContain("Quà tặng");
    expect(result).not.toContain("Sổ tiết kiệm");
    expect(result).toContain("09/11/2013");
  });

  it("tells a non-customer plainly, in two steps", async () => {
    h.user(403);
    await h.say(403, "/check");
    expect(textOf(await h.say(403, "dien bien"))).toContain("Bước 2/3");
    const result = textOf(await h.say(403, "k"));
    expect(result).toContain("chưa thuộc diện");
    expect(result).toContain("khách hàng Viettel");
  });

  it("gives Privilege members a partial verdict", async () => {
    h.user(404);
    await h.say(404, "/check");
    await h.say(404, "ha giang");
    const result = textOf(await h.say(404, "privilege"));
    expect(result).toContain("tham gia một phần");
    expect(result).toContain("Privilege");
  });

  it("maps the new province name Tuyên Quang to the Hà Giang event", async () => {
    h.user(405);
    await h.say(405, "/check");
    await h.say(405, "Tuyên Quang");
    await h.say(405, "có");
    const result = textOf(await h.say(405, "không thuộc diện nào"));
    expect(result).toContain("Hà Giang");
    expect(result).toContain("02/11/2013");
  });

  it("goes back and cancels with buttons and /cancel", async () => {
    h.user(406);
    const step1 = await h.say(406, "/check");
    expect(() => h.button(step1, "Quay lại")).toThrow();
    const step2 = await h.pressEdit(406, step1, h.button(step1, "Lai Châu"));
    const again = await h.pressEdit(406, step2, h.button(step2, "Quay lại"));
    expect(textOf(again)).toContain("Bước 1/3");
    expect(again.message_id).toBe(step1.message_id);
    const cancelled = await h.pressEdit(406, again, h.button(again, "Hủy"));
    expect(textOf(cancelled)).toContain("Đã hủy");
    expect(cancelled.reply_markup).toBeUndefined();
    await h.say(406, "/check");
    expect(textOf(await h.say(406, "/cancel"))).toContain("Đã hủy");
    expect(textOf(await h.say(406, "/cancel"))).toContain("Không có việc gì");
    expect(textOf(await h.say(406, "lai chau ngay nao"))).toContain("09/11/2013");
  });

  it("removes the keyboard of a step answered by typing and toasts a press on a stale one", async () => {
    h.user(414);
    const step1 = await h.say(414, "/check");
    const stale = h.button(step1, "Hà Giang");
    const step2 = await h.say(414, "lai chau");
    expect(textOf(step2)).toContain("Bước 2/3");
    expect(step2.message_id).not.toBe(step1.message_id);
    const old = h.emulator.messages(414).find((m) => m.message_id === step1.message_id);
    expect(old?.reply_markup).toBeUndefined();
    // A press on the old step's button (a client that still shows it) changes nothing.
    const toast = h.emulator.waitForCall("answerCallbackQuery");
    h.emulator.pressButton(414, step1.message_id, stale);
    expect(JSON.stringify((await toast).payload)).toContain("hết hạn");
    const step3 = await h.pressEdit(414, step2, h.button(step2, /^Có$/));
    expect(textOf(step3)).toContain("Bước 3/3");
    const result = textOf(await h.say(414, "ho ngheo"));
    expect(result).toContain("09/11/2013");
    expect(result).not.toContain("02/11/2013");
    // After the check, its buttons are gone and a press on one is a polite toast too.
    const late = h.emulator.waitForCall("answerCallbackQuery");
    h.emulator.pressButton(414, step2.message_id, h.button(step3, "Hủy"));
    expect(JSON.stringify((await late).payload)).toContain("hết hạn");
  });

  it("re-asks on answers it cannot read and shows the buttons again after three", async () => {
    h.user(407);
    await h.say(407, "/check");
    await h.say(407, "dien bien");
    expect(textOf(await h.say(407, "hmm"))).toContain("chưa hiểu");
    await h.say(407, "???");
    const third = await h.say(407, "blah");
    expect(textOf(third)).toContain("Bước 2/3");
    expect(h.button(third, /^Có$/)).toBeTruthy();
    let next = h.emulator.waitForBotMessage(407);
    h.emulator.sendSticker(407);
    expect(textOf(await next)).toContain("bấm nút hoặc gõ");
    next = h.emulator.waitForBotMessage(407);
    h.emulator.sendText(407, "/events");
    expect(textOf(await next)).toContain("Đã dừng kiểm tra");
    expect(textOf(await h.emulator.waitForBotMessage(407))).toContain("Lịch sắp tới");
  });

  it("points a customer outside the visited provinces to the nearest event and follows their province", async () => {
    h.user(408);
    await h.say(408, "/check");
    await h.say(408, "son la");
    await h.say(408, "co");
    const result = await h.say(408, "ho ngheo");
    const text = textOf(result);
    expect(text).toContain("chưa đến <b>Sơn La</b>".replace(/<\/?b>/g, ""));
    expect(text).toContain("Điện Biên");
    const followed = await h.press(408, result, h.button(result, "Báo tôi khi có ở Sơn La"));
    expect(textOf(followed)).toContain("Sơn La");
  });

  it("keeps two customers' checks apart", async () => {
    h.user(409);
    h.user(410);
    await h.say(409, "/check");
    await h.say(410, "/check");
    await h.say(409, "ha giang");
    await h.say(410, "lai chau");
    await h.say(409, "co");
    await h.say(410, "ko");
    const first = textOf(await h.say(409, "can ngheo"));
    expect(first).toContain("02/11/2013");
    expect(first).toContain("Bạn đủ điều kiện");
  });

  it("sends an .ics that a real iCalendar parser reads in Vietnam's time zone", async () => {
    h.user(411);
    await h.say(411, "/check");
    await h.say(411, "ha giang");
    await h.say(411, "co");
    const result = await h.say(411, "ho ngheo");
    const document = await h.press(411, result, h.button(result, "Thêm vào lịch"));
    expect(document.document?.file_name).toBe("loa-hg13.ics");
    const bytes = h.emulator.file(document.document?.file_id ?? "")?.bytes.toString("utf8") ?? "";
    const calendar = new ICAL.Component(ICAL.parse(bytes));
    expect(calendar.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe(
      "Asia/Ho_Chi_Minh",
    );
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent") ?? undefined);
    expect(event.startDate.toString()).toBe("2013-11-02");
    expect(event.summary).toContain("Hà Giang");
  });

  it("speaks English to English users", async () => {
    h.user(412, { language_code: "en" });
    expect(textOf(await h.say(412, "/check"))).toContain("Step 1/3");
    await h.say(412, "dien bien");
    await h.say(412, "yes");
    const result = textOf(await h.say(412, "low income"));
    expect(result).toContain("You qualify");
    expect(result).toContain("Saturday, 16/11/2013");
  });

  it("expires an abandoned check after 24 hours, politely", async () => {
    h.user(413);
    await h.say(413, "/check");
    h.clock.advance(25 * 60 * 60 * 1000);
    const next = h.emulator.waitForBotMessage(413);
    h.emulator.sendText(413, "ha giang");
    expect(textOf(await next)).toContain("hết hạn");
    h.clock.advance(-25 * 60 * 60 * 1000);
  });

  it("asks before forgetting a customer on /forgetme, says what goes, then forgets", async () => {
    const question = await h.say(401, "/forgetme");
    expect(textOf(question)).toContain("Bạn chắc chắn");
    expect(textOf(question)).toContain("0 mục theo dõi");
    expect(textOf(question)).toContain("kết quả kiểm tra điều kiện");
    // Nothing is deleted until they confirm; "keep" keeps it and the buttons go.
    const kept = await h.pressEdit(401, question, h.button(question, "Giữ lại"));
    expect(textOf(kept)).toContain("Không có gì bị xóa");
    expect(kept.reply_markup).toBeUndefined();
    const before = await openLowdbStorage(h.dataDir);
    expect(await before.eligibility.get("telegram:401")).toBeDefined();
    const again = await h.say(401, "/forgetme");
    const done = await h.pressEdit(401, again, h.button(again, "Xóa dữ liệu"));
    expect(textOf(done)).toContain("Đã xóa");
    expect(done.reply_markup).toBeUndefined();
    const stored = await openLowdbStorage(h.dataDir);
    expect(await stored.eligibility.get("telegram:401")).toBeUndefined();
  });
});
