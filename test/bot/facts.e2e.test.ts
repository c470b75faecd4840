/**
 * Facts and FAQ as data, end to end through the Bot API emulator: on the two-programme fixture
 * (SEED_DIR) questions about what to bring, start times, age limits and listed services are
 * answered from the programmes' data; a fact the data does not hold gets "chưa có thông tin về
 * <thing>" and lands in /unanswered; a coordinator teaches Loa there (📚) and customers asking
 * the same thing again, in other words or without diacritics, get that answer. On the 2013 tour
 * the former Privilege field is an FAQ entry.
 */
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const OWNER = 950;
const TWO_PROGRAMMES = "test/fixtures/seeds/two-programmes-2027";
/** Saturday 27/02/2027, a week before the first 2027 event. */
const BEFORE_2027 = "2027-02-27T09:00:00+07:00";

describe("facts and FAQ on the two-programme fixture (end to end)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [OWNER], seedDir: TWO_PROGRAMMES, clock: BEFORE_2027 });
    h.user(OWNER, { first_name: "Lan", language_code: "vi" });
  });
  afterAll(async () => {
    await h.stop();
  });

  async function unansweredTexts(): Promise<string[]> {
    return (await h.app.deps.admin.unanswered.open(100)).map((q) => q.text);
  }

  it("what to bring and the start time come from each programme's facts, labelled", async () => {
    h.user(951);
    const bring = textOf(await h.say(951, "cần mang gì"));
    expect(bring).toContain("Mắt sáng vùng cao 2027");
    expect(bring).toContain("Căn cước công dân và thẻ bảo hiểm y tế");
    expect(bring).toContain("Nhà nông xanh 2027");
    expect(bring).toContain("túi đất khoảng 0,5 kg");
    const eye = textOf(await h.say(951, "khám mắt mấy giờ bắt đầu"));
    expect(eye).toContain("Đón người dân từ 7 giờ sáng");
    expect(eye).not.toContain("8 giờ sáng");
    // A province whose event has its own time: the event card shows it.
    const yenBai = textOf(await h.say(951, "Yên Bái mấy giờ bắt đầu"));
    expect(yenBai).toContain("07:00");
    expect(yenBai).toContain("Yên Bái");
  });

  it("age limits and listed services are answered from the audience, limits and service lines", async () => {
    h.user(952);
    const age = textOf(await h.say(952, "mắt sáng bao nhiêu tuổi thì được mổ"));
    expect(age).toContain("từ 50 tuổi trở lên");
    expect(age).toContain("huyết áp ổn định");
    const glasses = textOf(await h.say(952, "co cap kinh ko"));
    expect(glasses).toContain("Có");
    expect(glasses).toContain("Cấp kính thuốc miễn phí");
    const farmAge = textOf(await h.say(952, "nhà nông xanh mấy tuổi được tham gia"));
    expect(farmAge).toContain("chưa có thông tin");
    expect(farmAge).toContain("giới hạn độ tuổi");
    expect(await unansweredTexts()).toContain("nhà nông xanh mấy tuổi được tham gia");
  });

  it("a venue not announced yet says so, gives the date, and reaches /unanswered", async () => {
    h.user(958);
    // Nghệ An's second eye-care day (17/04) has no venue yet; its first one (25/03) has.
    const answer = textOf(await h.say(958, "mắt sáng ở Nghệ An khám ở đâu"));
    expect(answer).toContain("Trạm Y tế xã Châu Kim");
    expect(answer).toContain("17/04/2027");
    expect(answer).toContain("sẽ được thông báo sau");
    expect(answer).toContain("Loa đã ghi lại câu hỏi");
    expect(await unansweredTexts()).toContain("mắt sáng ở Nghệ An khám ở đâu");
    // A venue that is known is no question for coordinators.
    await h.say(958, "Yên Bái khám ở đâu");
    expect(await unansweredTexts()).not.toContain("Yên Bái khám ở đâu");
  });

  it("an FAQ entry of the data answers its question in other words, in the customer's language", async () => {
    h.user(953);
    expect(textOf(await h.say(953, "phải nhịn ăn không"))).toContain("Không cần nhịn ăn");
    h.user(954, { language_code: "en" });
    const english = textOf(await h.say(954, "do I have to fast before the eye check?"));
    expect(english).toContain("No fasting is needed");
    // Entities still win: a province question is about the calendar.
    const province = textOf(await h.say(953, "Gia Lai có tặng giống không"));
    expect(province).toContain("04/04/2027");
    expect(province).not.toContain("Giống lúa ngắn ngày");
  });

  it("not known → /unanswered → 📚 Dạy Loa → the same and another customer get the taught answer", async () => {
    h.user(955, { first_name: "Ông Năm" });
    h.user(956, { first_name: "Cô Sáu" });
    const first = textOf(await h.say(955, "Có chỗ gửi xe máy không?"));
    expect(first).toContain("chưa có thông tin");
    expect(first).toContain("chỗ gửi xe");
    expect(first).not.toContain("chưa có</b> chương trình");
    h.user(957, { language_code: "en" });
    const english = textOf(await h.say(957, "is there parking for motorbikes?"));
    expect(english).toContain("Not announced yet");
    expect(english).toContain("parking");

    const list = await h.say(OWNER, "/unanswered");
    expect(textOf(list)).toContain("Có chỗ gửi xe máy không?");
    // "3. 1× · lần cuối …" then "   «Có chỗ gửi xe máy không?»": the group's number.
    const lines = textOf(list).split("\n");
    const at = lines.findIndex((l) => l.includes("Có chỗ gửi xe máy không?"));
    const number = /^(\d+)\./.exec(lines[at - 1] ?? "")?.[1];
    expect(number).toBeDefined();
    const prompt = await h.press(OWNER, list, h.button(list, `📚 ${number}`));
    expect(textOf(prompt)).toContain("Dạy Loa");
    const taught = h.emulator.waitForBotMessage(OWNER, (m) => textOf(m).includes("Loa đã học"));
    h.emulator.replyText(
      OWNER,
      (prompt as Message).message_id,
      "Có bãi gửi xe miễn phí cạnh trạm y tế.",
    );
    await taught;

    const again = textOf(await h.say(955, "Có chỗ gửi xe máy không?"));
    expect(again).toContain("Có bãi gửi xe miễn phí cạnh trạm y tế.");
    // Taught for no programme in particular: not labelled as one.
    expect(again).not.toContain("Mắt sáng");
    const other = textOf(await h.say(956, "cho gui xe may o dau vay"));
    expect(other).toContain("Có bãi gửi xe miễn phí cạnh trạm y tế.");
    // An English customer gets the one answer there is (the coordinator wrote Vietnamese).
    const englishAgain = textOf(await h.say(957, "co cho gui xe may ko"));
    expect(englishAgain).toContain("Có bãi gửi xe miễn phí");
    // Answered now: not logged again.
    const open = await unansweredTexts();
    expect(open).not.toContain("cho gui xe may o dau vay");
  });
});

describe("the 2013 tour's honest unknowns and its Privilege FAQ entry (end to end)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [OWNER] });
  });
  afterAll(async () => {
    await h.stop();
  });

  it("a start time the data does not hold: says so, names the dates, is logged", async () => {
    h.user(960);
    const answer = textOf(await h.say(960, "Lai Châu mấy giờ khám"));
    expect(answer).toContain("chưa có thông tin");
    expect(answer).toContain("giờ bắt đầu");
    expect(answer).toContain("Lai Châu");
    expect(answer).toContain("09/11/2013");
    expect(answer).not.toContain("02/11/2013");
    const doctors = textOf(await h.say(960, "có bao nhiêu bác sĩ"));
    expect(doctors).toContain("số bác sĩ");
    expect(doctors).toContain("bệnh viện trung ương");
    // What to bring is not in the programme's data; the eligibility check ends with it.
    const bring = await h.say(960, "cần mang giấy tờ gì");
    expect(textOf(bring)).toContain("chưa có thông tin");
    expect(h.button(bring, "Kiểm tra điều kiện")).toBeTruthy();
    const open = (await h.app.deps.admin.unanswered.open(100)).map((q) => q.text);
    expect(open).toEqual(
      expect.arrayContaining([
        "Lai Châu mấy giờ khám",
        "có bao nhiêu bác sĩ",
        "cần mang giấy tờ gì",
      ]),
    );
  });

  it("Privilege customers are answered from the FAQ entry that replaced the old field", async () => {
    h.user(961);
    expect(textOf(await h.say(961, "tôi là khách hàng VIP thì sao"))).toContain(
      "chương trình chăm sóc khách hàng thường niên riêng",
    );
  });
});
