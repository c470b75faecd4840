import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import { openLowdbStorage } from "../../src/storage/lowdb-storage.js";
import { type Harness, startHarness, textOf } from "../support/harness.js";

describe("customers ask in chat (end to end through the emulator)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it("greets on /start with a menu of buttons and registers the command menus", async () => {
    h.user(101, { first_name: "Bà Lan", language_code: "vi" });
    const welcome = await h.say(101, "/start");
    expect(textOf(welcome)).toContain("Bà Lan");
    expect(textOf(welcome)).toContain("Loa");
    expect(h.button(welcome, "Lịch sắp tới")).toBeTruthy();
    expect(h.button(welcome, "Kiểm tra điều kiện")).toBeTruthy();
    // Menus are registered in the background, beside polling.
    const menus = () =>
      h.emulator.calls.filter(
        (call) => call.method === "setMyCommands" && !("scope" in call.payload),
      );
    for (let i = 0; i < 100 && menus().length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const commandCalls = menus();
    expect(commandCalls.length).toBe(2);
    expect(JSON.stringify(commandCalls)).toContain('"language_code":"en"');
  });

  it("answers a grandmother typing without diacritics with the right date", async () => {
    h.user(102);
    const answer = textOf(await h.say(102, "ha giang ngay nao kham benh"));
    expect(answer).toContain("Hà Giang");
    expect(answer).toContain("Tuyên Quang");
    expect(answer).toContain("Thứ Bảy, 02/11/2013");
    expect(answer).toContain("còn 3 ngày");
    expect(answer).toContain("Địa điểm cụ thể sẽ được thông báo sau");
    expect(answer).not.toContain("09/11/2013");
    expect(answer).not.toContain("16/11/2013");
  });

  it("finds the province for a date and never mixes up provinces", async () => {
    h.user(103);
    const nine = textOf(await h.say(103, "ngay 9/11 o dau"));
    expect(nine).toContain("Lai Châu");
    expect(nine).not.toContain("Hà Giang");
    const mung = textOf(await h.say(103, "mùng 16 ở tỉnh nào"));
    expect(mung).toContain("Điện Biên");
    expect(mung).not.toContain("Lai Châu");
  });

  it("says plainly that a day has no event, as the customer wrote it", async () => {
    h.user(116);
    const answer = textOf(await h.say(116, "mùng 20 có khám ở đâu không"));
    expect(answer).toContain("Ngày 20 không có chương trình nào");
    expect(answer).toContain("Lai Châu");
  });

  it("says plainly that a province has no event, names it, and lists where it goes", async () => {
    h.user(104);
    const answer = textOf(await h.say(104, "Sơn La có khám không"));
    expect(answer).toContain("chưa có");
    expect(answer).toContain("Sơn La");
    expect(answer).toContain("Hà Giang");
    expect(answer).toContain("Lai Châu");
    expect(answer).toContain("Điện Biên");
    expect(answer.indexOf("Sơn La")).toBeLessThan(answer.indexOf("Hà Giang"));
  });

  it("maps the new province name to the old one", async () => {
    h.user(105);
    const answer = textOf(await h.say(105, "tuyen quang co kham ko"));
    expect(answer).toContain("02/11/2013");
    expect(answer).toContain("Hà Giang");
  });

  it("understands follow-ups in the same chat", async () => {
    h.user(106);
    expect(textOf(await h.say(106, "Lai Châu ngày nào?"))).toContain("09/11/2013");
    const followUp = textOf(await h.say(106, "còn Điện Biên thì sao?"));
    expect(followUp).toContain("Điện Biên");
    expect(followUp).toContain("16/11/2013");
    expect(followUp).not.toContain("09/11/2013");
  });

  it("answers what is offered and whether it costs", async () => {
    h.user(107);
    expect(textOf(await h.say(107, "co mat tien ko"))).toContain("Miễn phí");
    const services = textOf(await h.say(107, "kham nhung gi"));
    expect(services).toContain("Phát thuốc miễn phí");
    expect(services).toContain("sổ tiết kiệm");
  });

  it("answers who may come and offers the eligibility check", async () => {
    h.user(108);
    const answer = await h.say(108, "ai duoc di kham");
    expect(textOf(answer)).toContain("thu nhập thấp");
    expect(h.button(answer, "Kiểm tra điều kiện")).toBeTruthy();
  });

  it("answers English questions in English", async () => {
    h.user(109, { language_code: "en" });
    const answer = textOf(await h.say(109, "when is it in dien bien?"));
    expect(answer).toContain("Saturday, 16/11/2013");
    expect(answer).toContain("days left");
  });

  it("admits what it does not know and keeps the question for coordinators", async () => {
    h.user(110);
    const answer = textOf(await h.say(110, "giá vàng hôm nay bao nhiêu"));
    expect(answer).toContain("chưa biết");
    // On disk: a second storage opened on the same files reads it back.
    const stored = await openLowdbStorage(h.dataDir);
    expect((await stored.unanswered.open(100)).map((q) => q.text)).toContain(
      "giá vàng hôm nay bao nhiêu",
    );
  });

  it("answers stickers, photos and unknown commands politely", async () => {
    h.user(111);
    let next = h.emulator.waitForBotMessage(111);
    h.emulator.sendSticker(111);
    expect(textOf(await next)).toContain("chỉ đọc được chữ");
    next = h.emulator.waitForBotMessage(111);
    h.emulator.sendPhoto(111, "ảnh");
    expect(textOf(await next)).toContain("chỉ đọc được chữ");
    expect(textOf(await h.say(111, "/frobnicate"))).toContain("không biết lệnh");
  });

  it("escapes what users typed and survives very long or odd input", async () => {
    h.user(112);
    const tags = textOf(await h.say(112, "<b>ha giang</b> & <script>"));
    expect(tags).toContain("02/11/2013");
    const long = textOf(await h.say(112, `lai chau ngay nao ${"a ".repeat(3000)}`));
    expect(long).toContain("09/11/2013");
    expect(textOf(await h.say(112, "🙂🙂🙂"))).not.toContain("trục trặc");
  });

  it("shows the schedule from the buttons", async () => {
    h.user(113);
    const welcome = await h.say(113, "/start");
    const list = textOf(await h.press(113, welcome, h.button(welcome, "Lịch sắp tới")));
    expect(list).toContain("Hà Giang");
    expect(list).toContain("Lai Châu");
    expect(list).toContain("Điện Biên");
    const viaCommand = textOf(await h.say(113, "/lich"));
    expect(viaCommand).toContain("16/11/2013");
  });

  it("subscribes from a typed request", async () => {
    h.user(115);
    const answer = textOf(await h.say(115, "nhac toi khi co o ha giang nhe"));
    expect(answer).toContain("Hà Giang");
    expect(answer).not.toContain("sắp có");
    const mine = textOf(await h.say(115, "/mysubs"));
    expect(mine).toContain("Hà Giang");
  });

  it("switches language with /language and remembers it", async () => {
    h.user(114);
    const menu = await h.say(114, "/language");
    const done = await h.press(114, menu, h.button(menu, "English"));
    expect(textOf(done)).toContain("English");
    expect(textOf(await h.say(114, "lai chau ngay nao"))).toContain("Saturday, 09/11/2013");
  });
});

describe("telling past from upcoming", () => {
  it("marks the 2013 events as past when the clock is in 2026", async () => {
    const h = await startHarness({ clock: "2026-11-25T09:00:00+07:00" });
    try {
      h.user(201);
      const answer = textOf(await h.say(201, "ha giang ngay nao"));
      expect(answer).toContain("02/11/2013");
      expect(answer).toContain("đã diễn ra");
      const list = textOf(await h.say(201, "sap toi co chuong trinh gi"));
      expect(list).toContain("chưa có chương trình nào sắp tới");
    } finally {
      await h.stop();
    }
  });
});

describe("Telegram errors", () => {
  it("starts and answers even when the command menu cannot be set", async () => {
    const emulator = new TelegramEmulator({ token: "9:MENU" });
    await emulator.start();
    emulator.injectFault({ method: "setMyCommands", kind: "5xx", times: 50 });
    const h = await startHarness({ emulator });
    try {
      h.user(302);
      expect(textOf(await h.say(302, "lai chau ngay nao"))).toContain("09/11/2013");
      expect(h.emulator.calls.some((c) => c.method === "setMyCommands" && c.response.ok)).toBe(
        false,
      );
    } finally {
      await h.stop();
      await emulator.stop();
    }
  });

  it("still answers after a 429 and a 502 on sendMessage", async () => {
    const h = await startHarness();
    try {
      h.user(301);
      h.emulator.injectFault({ method: "sendMessage", kind: "429", retryAfter: 1 });
      expect(textOf(await h.say(301, "lai chau ngay nao"))).toContain("09/11/2013");
      h.emulator.injectFault({ method: "sendMessage", kind: "5xx" });
      expect(textOf(await h.say(301, "dien bien ngay nao"))).toContain("16/11/2013");
    } finally {
      await h.stop();
    }
  });
});
