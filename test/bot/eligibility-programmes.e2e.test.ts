import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { type Harness, startHarness, textOf } from "../support/harness.js";

/** A second, invented programme with rules of its own, loaded instead of the 2013 tour. */
const SEED_DIR = join(PROJECT_ROOT, "test/fixtures/eligibility-eye-care");
const FIRST_PROGRAMME = /viettel|sim|privilege|2013|hà giang|hộ nghèo/i;

describe("eligibility check of another programme (its own rules, end to end)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seedDir: SEED_DIR, clock: "2027-03-01T09:00:00+07:00" });
  });
  afterAll(async () => {
    await h.stop();
  });

  it("asks only the loaded programme's questions and never mentions the 2013 one", async () => {
    h.user(501);
    const seen: string[] = [];
    const step1 = await h.say(501, "/check");
    seen.push(textOf(step1));
    expect(textOf(step1)).toContain("Gia đình bạn ở tỉnh nào?");
    expect(textOf(step1)).toContain("Bước 1/3");
    const step2 = await h.pressEdit(501, step1, h.button(step1, "Cao Bằng"));
    seen.push(textOf(step2));
    expect(textOf(step2)).toContain("bao nhiêu tuổi");
    const step3 = await h.pressEdit(501, step2, h.button(step2, "Từ 60 tuổi"));
    seen.push(textOf(step3));
    expect(textOf(step3)).toContain("đã đeo kính chưa");
    const result = await h.press(501, step3, h.button(step3, "Chưa đeo"));
    seen.push(textOf(result));
    expect(textOf(result)).toContain("Bạn đủ điều kiện");
    expect(textOf(result)).toContain("Kính cận miễn phí");
    expect(textOf(result)).toContain("13/03/2027");
    for (const text of seen) expect(text).not.toMatch(FIRST_PROGRAMME);
  });

  it("skips a step by its own rules and says no in two steps", async () => {
    h.user(502, { language_code: "en" });
    expect(textOf(await h.say(502, "/check"))).toContain("Which province is your family in?");
    await h.say(502, "kon tum");
    const result = textOf(await h.say(502, "nguoi lon"));
    expect(result).toContain("This round is for pupils and older people.");
    expect(result).not.toMatch(FIRST_PROGRAMME);
  });
});

describe("eligibility check with the real clock, after the programme took place", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ clock: "2026-12-01T09:00:00+07:00" });
  });
  afterAll(async () => {
    await h.stop();
  });

  it("says when it took place there instead of 'not come yet', and offers to follow", async () => {
    h.user(601);
    await h.say(601, "/check");
    await h.say(601, "ha giang");
    await h.say(601, "co");
    const result = await h.say(601, "ho ngheo");
    const text = textOf(result);
    expect(text).toContain("đã diễn ra ở Hà Giang vào Thứ Bảy, 02/11/2013");
    expect(text).not.toContain("chưa đến");
    expect(h.button(result, "Báo tôi khi có ở Hà Giang")).toBeTruthy();
    expect(() => h.button(result, "Nhắc tôi")).toThrow();
  });
});
