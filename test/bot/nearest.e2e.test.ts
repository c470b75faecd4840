/**
 * "Where is the nearest one?" and "I live in <a province with no event>" end to end through the
 * Bot API emulator: the nearest upcoming event (by province centres), old and new province
 * names, a named programme respected, and the button that follows the customer's own province
 * (a new event there then reaches the follower).
 */
import { join } from "node:path";
import type { Message } from "grammy/types";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const labels = (message: { reply_markup?: { inline_keyboard: { text: string }[][] } }) =>
  (message.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);

describe("nearest event on the 2013 tour", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it("names the nearest upcoming event with its date and follows the customer's province", async () => {
    h.user(1201);
    const answer = await h.say(1201, "tôi ở Sơn La, chỗ nào gần nhất?");
    const text = textOf(answer);
    expect(text).toContain("chưa có");
    expect(text).toContain("Gần Sơn La nhất là Điện Biên");
    expect(text).toContain("Thứ Bảy, 16/11/2013");
    expect(text).not.toContain("09/11/2013");
    expect(text).not.toContain("02/11/2013");
    expect(labels(answer)[0]).toBe("🔔 Báo tôi khi có ở Sơn La");
    expect(labels(answer)).toContain("🔔 Nhắc tôi: Điện Biên");

    const followed = textOf(await h.press(1201, answer, h.button(answer, "Báo tôi khi có ở")));
    expect(followed).toContain("Đã theo dõi");
    expect(followed).toContain("Sơn La");
    expect(textOf(await h.say(1201, "/mysubs"))).toContain("Tỉnh Sơn La");
  });

  it("reads 'gần X nhất', a former province name and the current one", async () => {
    h.user(1202);
    const sonLa = textOf(await h.say(1202, "gần Sơn La nhất là đâu"));
    expect(sonLa).toContain("16/11/2013");
    // Yên Bái is now part of Lào Cai: the old name gives its own centre, the new one its own.
    const yenBai = await h.say(1202, "mình ở Yên Bái, chỗ nào gần nhất");
    expect(textOf(yenBai)).toContain("Hà Giang");
    expect(textOf(yenBai)).toContain("02/11/2013");
    expect(labels(yenBai)[0]).toBe("🔔 Báo tôi khi có ở Yên Bái");
    const laoCai = textOf(await h.say(1202, "gần Lào Cai nhất ở đâu"));
    expect(laoCai).toContain("Lai Châu");
    expect(laoCai).toContain("09/11/2013");
  });

  it("takes the province from the previous message, and answers in English", async () => {
    h.user(1203);
    await h.say(1203, "tôi ở Sơn La");
    const next = textOf(await h.say(1203, "chỗ nào gần nhất?"));
    expect(next).toContain("Điện Biên");
    expect(next).toContain("16/11/2013");

    h.user(1204, { language_code: "en" });
    const english = await h.say(1204, "nearest one to Hanoi");
    expect(textOf(english)).toContain("The nearest to Ha Noi is Ha Giang");
    expect(textOf(english)).toContain("02/11/2013");
    expect(labels(english)[0]).toBe("🔔 Tell me when it comes to Ha Noi");
  });

  it("asks for the province when none is known, and gives a province's own event first", async () => {
    h.user(1205);
    const ask = textOf(await h.say(1205, "chỗ nào gần nhất?"));
    expect(ask).toContain("Bạn ở tỉnh nào?");
    const own = textOf(await h.say(1205, "gần Lai Châu nhất"));
    expect(own).toContain("09/11/2013");
    expect(own).not.toContain("16/11/2013");
    // "đợt gần nhất" is the next one in time, not a distance.
    const next = textOf(await h.say(1205, "đợt gần nhất ở đâu"));
    expect(next).toContain("Hà Giang");
    expect(next).not.toContain("Bạn ở tỉnh nào?");
  });
});

describe("corrections in the same chat", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it("'ngày 10/11 hả?' after Lai Châu gets a plain no with Lai Châu's date", async () => {
    h.user(1251);
    await h.say(1251, "Lai Châu ngày nào");
    const no = textOf(await h.say(1251, "ngày 10/11 hả?"));
    expect(no.startsWith("Không, Lai Châu là Thứ Bảy, 09/11/2013")).toBe(true);
    const teencode = textOf(await h.say(1251, "ko phai lai chau, minh o dien bien"));
    expect(teencode).toContain("16/11/2013");
    expect(teencode).not.toContain("09/11/2013");
  });
});

describe("nearest event with two programmes loaded", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      seedDir: join(PROJECT_ROOT, "test/fixtures/seeds/two-programmes-2027"),
      clock: "2027-02-27T09:00:00+07:00",
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it("gives the nearest of each programme, dated buttons, and respects a named programme", async () => {
    h.user(1301);
    const both = await h.say(1301, "tôi ở Hà Tĩnh, gần nhất ở đâu");
    const text = textOf(both);
    expect(text).toContain("Mắt sáng vùng cao 2027: Nghệ An");
    expect(text).toContain("Nhà nông xanh 2027: Nghệ An");
    expect(text).toContain("25/03/2027");
    expect(text).toContain("27/03/2027");
    expect(labels(both)).toEqual([
      "🔔 Báo tôi khi có ở Hà Tĩnh",
      "🔔 Nhắc tôi: Nghệ An (25/03)",
      "🔔 Nhắc tôi: Nghệ An (27/03)",
      "✅ Kiểm tra điều kiện",
    ]);
    const reminded = textOf(await h.press(1301, both, h.button(both, "Nghệ An (27/03)")));
    expect(reminded).toContain("27/03/2027");

    const eyes = textOf(await h.say(1301, "khám mắt gần Hà Tĩnh nhất ở đâu"));
    expect(eyes).toContain("25/03/2027");
    expect(eyes).not.toContain("27/03/2027");
    expect(eyes).not.toContain("Nhà nông xanh");
  });
});

const COORDINATOR = 900;

/** Runs `/newevent` for Yên Bái on 23/11 up to the preview, and confirms it. */
async function createYenBaiEvent(h: Harness): Promise<Message> {
  await h.say(COORDINATOR, "/newevent");
  await h.say(COORDINATOR, "Yen Bai");
  await h.say(COORDINATOR, "23/11");
  await h.say(COORDINATOR, "7h-11h");
  let m = await h.say(COORDINATOR, "Trạm y tế xã Tân Lĩnh");
  // The optional steps (address, map pin, notes…): skipped or kept as they are.
  for (let step = 0; step < 6 && !textOf(m).includes("Xem trước"); step++) {
    m = await h.pressEdit(COORDINATOR, m, h.button(m, /Bỏ qua|Giữ nguyên/));
  }
  expect(textOf(m)).toContain("Xem trước");
  return h.press(COORDINATOR, m, h.button(m, "Xác nhận"));
}

describe("a province without an event keeps its promise (issue 14 item 6)", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("'tôi ở Yên Bái' offers to follow Yên Bái, and a new event there reaches the follower", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { first_name: "Lan", language_code: "vi" });
    h.user(1401);
    const answer = await h.say(1401, "tôi ở Yên Bái");
    const text = textOf(answer);
    expect(text).toContain("chưa có");
    expect(text).toContain("Báo tôi khi có ở");
    expect(text).toContain("Gần Yên Bái nhất: Hà Giang (nay thuộc tỉnh Tuyên Quang)");
    expect(labels(answer)).toEqual([
      "🔔 Báo tôi khi có ở Yên Bái",
      "🔔 Nhắc tôi: Hà Giang",
      "🔔 Nhắc tôi: Lai Châu",
      "🔔 Nhắc tôi: Điện Biên",
      "✅ Kiểm tra điều kiện",
    ]);
    const followed = textOf(await h.press(1401, answer, h.button(answer, "Báo tôi khi có ở")));
    expect(followed).toContain("Đã theo dõi Yên Bái");

    const offer = await createYenBaiEvent(h);
    expect(textOf(offer)).toContain("người theo dõi tỉnh Yên Bái — 1 người");
    const notice = h.emulator.waitForBotMessage(1401, (m) => textOf(m).includes("Có lịch mới"));
    await h.press(COORDINATOR, offer, h.button(offer, "Gửi"));
    expect(textOf(await notice)).toContain("Thứ Bảy, 23/11/2013");
  });

  it("two events in one province get reminder buttons told apart by date", async () => {
    h = await startHarness({
      seedDir: join(PROJECT_ROOT, "test/fixtures/seeds/eye-care-2027"),
      clock: "2027-02-27T09:00:00+07:00",
    });
    h.user(1402);
    const answer = await h.say(1402, "Nghệ An ngày nào?");
    expect(textOf(answer)).toContain("25/03/2027");
    expect(textOf(answer)).toContain("17/04/2027");
    expect(labels(answer)).toEqual([
      "🔔 Nhắc tôi: Nghệ An (25/03)",
      "🔔 Nhắc tôi: Nghệ An (17/04)",
      "✅ Kiểm tra điều kiện",
    ]);
    const reminded = textOf(await h.press(1402, answer, h.button(answer, "(17/04)")));
    expect(reminded).toContain("17/04/2027");
    expect(reminded).not.toContain("25/03/2027");
  });
});
