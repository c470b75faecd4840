/**
 * The coordinator command set, end to end through the emulator: the real bot over HTTP,
 * real lowdb files. Owner 900 and coordinator 901 run the programme; 500 is a customer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const OWNER = 900;
const COORDINATOR = 901;
const CUSTOMER = 500;
const UNKNOWN_COMMAND = "Loa không biết lệnh này";

/** Resolves once an API call matching `predicate` was made (answerCallbackQuery, sendDocument…). */
async function waitForCall(h: Harness, predicate: (json: string) => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = h.emulator.calls.map((call) => JSON.stringify(call)).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error("expected API call did not happen");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const callbackAnswers = (h: Harness) =>
  h.emulator.calls.filter((call) => JSON.stringify(call).includes("answerCallbackQuery")).length;

describe("coordinator commands (end to end)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [OWNER] });
    h.user(OWNER, { first_name: "Chủ", language_code: "vi" });
    h.user(COORDINATOR, { first_name: "Lan", language_code: "vi" });
    h.user(CUSTOMER, { first_name: "Bà Tư", language_code: "vi" });
  });
  afterAll(async () => {
    await h.stop();
  });

  it("refuses admin commands and crafted admin buttons to customers, and logs the attempt", async () => {
    for (const command of [
      "/admin",
      "/newevent",
      "/editevent hg13",
      "/broadcast all xin chào",
      "/export",
      "/audit",
    ]) {
      expect(textOf(await h.say(CUSTOMER, command))).toContain(UNKNOWN_COMMAND);
    }
    const before = callbackAnswers(h);
    const menu = await h.say(CUSTOMER, "/start");
    h.emulator.pressButton(CUSTOMER, menu.message_id, "a2:m:export");
    await waitForCall(
      h,
      (json) => json.includes("answerCallbackQuery") && json.includes("hết hạn"),
    );
    expect(callbackAnswers(h)).toBeGreaterThan(before);
    expect(h.emulator.calls.some((c) => JSON.stringify(c).includes("sendDocument"))).toBe(false);
    const audit = await h.app.deps.admin.audit.recent(50);
    const denied = audit.filter((e) => e.action === "denied" && e.actorId === CUSTOMER);
    expect(denied.map((e) => e.target)).toEqual(
      expect.arrayContaining(["/newevent", "/broadcast", "callback a2:m:export"]),
    );
    // The customer's /events is still the customer view.
    expect(textOf(await h.say(CUSTOMER, "/events"))).not.toContain("hg13");
  });

  it("lets the owner add a coordinator, who then gets the admin menu", async () => {
    expect(textOf(await h.say(OWNER, `/addadmin ${COORDINATOR} Lan`))).toContain(
      String(COORDINATOR),
    );
    const scoped = await waitForCall(
      h,
      (json) => json.includes("setMyCommands") && json.includes(`"chat_id":${COORDINATOR}`),
    );
    expect(scoped).toContain("newevent");
    expect(textOf(await h.say(COORDINATOR, "/addadmin 42"))).toContain("Chỉ chủ quản");
    const admins = textOf(await h.say(COORDINATOR, "/admins"));
    expect(admins).toContain(String(OWNER));
    expect(admins).toContain(String(COORDINATOR));
    const menu = await h.say(COORDINATOR, "/admin");
    expect(h.button(menu, "Sự kiện")).toMatch(/^a2:m:events$/);
  });

  it("shows coordinators every event with its short id and status", async () => {
    const list = textOf(await h.say(COORDINATOR, "/events"));
    for (const id of ["hg13", "lc13", "db13"]) expect(list).toContain(id);
    expect(list).toContain("theo lịch");
  });

  it("creates an event through the wizard, previews it as customers see it, confirms once", async () => {
    let m = await h.say(COORDINATOR, "/newevent");
    expect(textOf(m)).toContain("Tỉnh nào");
    m = await h.say(COORDINATOR, "son la");
    expect(textOf(m)).toContain("Sơn La");
    m = await h.say(COORDINATOR, "mùng 23 tháng 11");
    expect(textOf(m)).toContain("Thứ Bảy, 23/11/2013");
    m = await h.say(COORDINATOR, "7h30-11h");
    m = await h.say(COORDINATOR, "Trạm y tế <b>xã</b> Chiềng Cơi");
    const addressPrompt = m;
    // A press edits the step in place: the address question becomes the map question.
    m = await h.pressEdit(COORDINATOR, m, h.button(m, "Bỏ qua"));
    expect(textOf(m)).toContain("vị trí");
    const next = h.emulator.waitForBotMessage(COORDINATOR);
    h.emulator.sendLocation(COORDINATOR, 21.3256, 103.9188);
    m = await next;
    expect(textOf(m)).toContain("Dịch vụ");
    m = await h.pressEdit(COORDINATOR, m, h.button(m, "Giữ nguyên"));
    m = await h.say(COORDINATOR, "Mang theo CCCD");
    const preview = textOf(m);
    expect(preview).toContain("sl13");
    expect(preview).toContain("Thứ Bảy, 23/11/2013");
    expect(preview).toContain("07:30–11:00");
    expect(preview).toContain("Trạm y tế <b>xã</b> Chiềng Cơi");
    const confirm = h.button(m, "Xác nhận");
    // Double tap: two presses before the keyboard goes away create one event.
    const createdMessage = h.emulator.waitForBotMessage(COORDINATOR);
    h.emulator.pressButton(COORDINATOR, m.message_id, confirm);
    h.emulator.pressButton(COORDINATOR, m.message_id, confirm);
    expect(textOf(await createdMessage)).toContain("Đã tạo sự kiện sl13");
    await waitForCall(h, (json) => json.includes("đã được thực hiện rồi"));
    const stored = await h.app.deps.admin.events.get("sl13");
    expect(stored).toMatchObject({ provinceId: "son-la", date: "2013-11-23", startTime: "07:30" });
    expect(stored?.location?.latitude).toBeCloseTo(21.3256);
    expect(
      (await h.app.deps.admin.events.list()).filter((e) => e.id.startsWith("sl13")),
    ).toHaveLength(1);
    // A wizard button from the finished conversation says it expired.
    h.emulator.pressButton(
      COORDINATOR,
      addressPrompt.message_id,
      h.button(addressPrompt, "Bỏ qua"),
    );
    await waitForCall(h, (json) => json.includes("Nút này đã hết hạn"));
  });

  it("asks before accepting a past date", async () => {
    await h.say(OWNER, "/newevent");
    await h.say(OWNER, "lai chau");
    const warn = await h.say(OWNER, "01/10/2013");
    expect(textOf(warn)).toContain("đã qua");
    const again = await h.pressEdit(OWNER, warn, h.button(warn, "Không"));
    expect(textOf(again)).toContain("Ngày nào");
    expect(textOf(await h.say(OWNER, "/cancel"))).toContain("Đã hủy");
  });

  it("on concurrent edits, the second confirm shows the newer state instead of overwriting", async () => {
    const a1 = await h.say(OWNER, "/editevent lc13");
    const a2 = await h.pressEdit(OWNER, a1, h.button(a1, "Địa điểm"));
    const ownerConfirm = await h.say(OWNER, "UBND huyện Tam Đường");
    const b1 = await h.say(COORDINATOR, "/editevent lc13");
    const b2 = await h.pressEdit(COORDINATOR, b1, h.button(b1, "Địa điểm"));
    const coordinatorConfirm = await h.say(COORDINATOR, "Nhà văn hóa Bình Lư");
    // Both coordinators were asked for the new venue before they typed it.
    expect(textOf(a2)).toContain("Tên địa điểm?");
    expect(textOf(b2)).toContain("Tên địa điểm?");
    const first = await h.press(OWNER, ownerConfirm, h.button(ownerConfirm, "Xác nhận"));
    expect(textOf(first)).toContain("UBND huyện Tam Đường");
    const second = await h.press(
      COORDINATOR,
      coordinatorConfirm,
      h.button(coordinatorConfirm, "Xác nhận"),
    );
    expect(textOf(second)).toContain("người khác đã thay đổi");
    expect(textOf(second)).toContain("UBND huyện Tam Đường");
    expect((await h.app.deps.admin.events.get("lc13"))?.venueName).toBe("UBND huyện Tam Đường");
  });

  it("a date change offers a pre-filled Vietnamese notice with a preview and recipient count", async () => {
    const m1 = await h.say(COORDINATOR, "/editevent hg13");
    const m2 = await h.pressEdit(COORDINATOR, m1, h.button(m1, "Ngày"));
    expect(textOf(m2)).toContain("Ngày nào");
    const confirm = await h.say(COORDINATOR, "3/11");
    expect(textOf(confirm)).toContain("02/11/2013 → 03/11/2013");
    const offer = await h.press(COORDINATOR, confirm, h.button(confirm, "Xác nhận"));
    expect(textOf(offer)).toContain("Đã lưu sự kiện hg13");
    expect(textOf(offer)).toContain(
      "Lịch chương trình tại Hà Giang đổi từ ngày 02/11 sang ngày 03/11",
    );
    expect(h.button(offer, "Sửa nội dung")).toBeTruthy();
    // Nobody is reminded of hg13 yet: sending to 0 people is not offered.
    expect(textOf(offer)).toContain("— 0 người");
    expect(textOf(offer)).toContain("Chưa có ai để gửi");
    expect(() => h.button(offer, "Gửi")).toThrow();
    // The coordinator rewrites it; HTML-like text is shown exactly as typed.
    const ask = await h.press(COORDINATOR, offer, h.button(offer, "Sửa nội dung"));
    expect(textOf(ask)).toContain("nội dung mới");
    const mode = await h.say(COORDINATOR, "Đổi sang 03/11 <nhớ mang CCCD>");
    const edited = await h.press(COORDINATOR, mode, h.button(mode, "nguyên chữ"));
    expect(textOf(edited)).toContain("<nhớ mang CCCD>");
    // The old preview's token was discarded when the text was edited.
    const oldToken = h.button(offer, "Sửa nội dung").split(":")[2] ?? "";
    expect((await h.app.deps.admin.pending.peek(oldToken))?.usedAt).toBeTruthy();
    const audit = textOf(await h.say(OWNER, "/audit"));
    expect(audit).toContain("event.edit");
    expect(audit).toContain("2013-11-02 → 2013-11-03");
  });

  it("a date change reaches the event's subscribers and nobody else", async () => {
    h.user(600);
    h.user(601);
    h.user(602);
    expect(textOf(await h.say(600, "/subscribe lc13"))).toContain("Lai Châu");
    expect(textOf(await h.say(601, "/subscribe dien bien"))).toContain("Điện Biên");
    await h.say(602, "/start");
    const m1 = await h.say(COORDINATOR, "/editevent lc13");
    await h.pressEdit(COORDINATOR, m1, h.button(m1, "Ngày"));
    const confirm = await h.say(COORDINATOR, "10/11");
    const offer = await h.press(COORDINATOR, confirm, h.button(confirm, "Xác nhận"));
    expect(textOf(offer)).toContain("đổi từ ngày 09/11 sang ngày 10/11");
    const notice = h.emulator.waitForBotMessage(600, (m) => textOf(m).includes("10/11"), 15_000);
    h.emulator.pressButton(COORDINATOR, offer.message_id, h.button(offer, "Gửi"));
    expect(textOf(await notice)).toContain("Lai Châu");
    // The coordinator's status message ends as a report; nobody else heard of the change.
    const deadline = Date.now() + 15_000;
    // Both the report and the "started" reply (paced 1/s in the coordinator's chat, so it may
    // come after the report) are in before the next test talks to the coordinator.
    const coordinatorSaw = (text: string) =>
      h.emulator.messages(COORDINATOR).some((m) => textOf(m).includes(text));
    while (!coordinatorSaw("Đã gửi xong") || !coordinatorSaw("Đã bắt đầu gửi")) {
      if (Date.now() > deadline) throw new Error("no final broadcast report");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    for (const other of [601, 602]) {
      expect(h.emulator.messages(other).some((m) => textOf(m).includes("10/11"))).toBe(false);
    }
  });

  it("cancels an event after confirmation", async () => {
    const m = await h.say(COORDINATOR, "/cancelevent db13");
    expect(textOf(m)).toContain("Hủy sự kiện db13");
    const done = await h.press(COORDINATOR, m, h.button(m, "❌ Hủy sự kiện"));
    expect(textOf(done)).toContain("Đã hủy sự kiện db13");
    expect(textOf(done)).toContain("Chương trình tại Điện Biên ngày 16/11 đã hủy");
    expect((await h.app.deps.admin.events.get("db13"))?.status).toBe("cancelled");
  });

  it("groups unanswered questions and marks a group handled", async () => {
    // What to bring is answered now; parking is not (yet).
    await h.say(CUSTOMER, "có chỗ gửi xe máy không");
    await h.say(CUSTOMER, "co cho gui xe may ko");
    const list = await h.say(COORDINATOR, "/unanswered");
    expect(textOf(list)).toMatch(/2×/);
    const marked = await h.press(COORDINATOR, list, h.button(list, "✅ 1"));
    expect(textOf(marked)).toContain("Đã đánh dấu");
  });

  it("shows statistics and the broadcast composer's preview with a recipient count", async () => {
    expect(textOf(await h.say(COORDINATOR, "/stats"))).toContain("Người dùng: 6");
    const preview = await h.say(COORDINATOR, "/broadcast all Chào bà con");
    expect(textOf(preview)).toContain("Chào bà con");
    expect(textOf(preview)).toMatch(/— \d+ người/);
    expect(h.button(preview, "Gửi")).toBeTruthy();
  });

  it("exports a backup that restores on a fresh data dir", async () => {
    await h.say(COORDINATOR, "/export");
    await waitForCall(
      h,
      (json) => json.includes("sendDocument") && json.includes("loa-subscribers"),
    );
    const { json } = await h.app.deps.admin.backup.export(h.clock.now());
    const fresh = await startHarness({ adminIds: [OWNER] });
    try {
      fresh.user(OWNER);
      expect(await fresh.app.deps.admin.events.get("sl13")).toBeUndefined();
      const { parseBackup } = await import("../../src/domain/admin/backup.js");
      const parsed = parseBackup(json);
      if (!parsed.ok) throw new Error(parsed.error);
      await fresh.app.deps.admin.backup.import(parsed.backup, OWNER, fresh.clock.now());
      await fresh.restart();
      const list = textOf(await fresh.say(OWNER, "/events"));
      expect(list).toContain("sl13");
      expect(list).toContain("đã hủy");
      expect(await fresh.app.deps.admin.roles.isCoordinator(COORDINATOR)).toBe(true);
    } finally {
      await fresh.stop();
    }
  });
});
