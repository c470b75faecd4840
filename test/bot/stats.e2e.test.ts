/**
 * `/stats` end to end through the emulator: every label translated (no raw outcome keys) and
 * questions counted per day, answered or not.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const COORDINATOR = 900;

describe("/stats (end to end)", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("counts questions answered and not answered per day and names every outcome", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { language_code: "vi" });
    h.user(740);
    h.user(741, { language_code: "en" });
    // 30/10: two answered, one not.
    expect(textOf(await h.say(740, "Lai Châu ngày nào?"))).toContain("09/11/2013");
    expect(textOf(await h.say(741, "when is it in Ha Giang?"))).toContain("02/11/2013");
    await h.say(740, "có chỗ gửi xe máy không");
    // 31/10: one answered, two not.
    h.clock.set(new Date("2013-10-31T10:00:00+07:00"));
    await h.say(740, "khám những gì");
    await h.say(740, "con mèo nhà tôi tên gì");
    await h.say(741, "is there parking for motorbikes");
    for (const [userKey, verdict] of [
      ["telegram:740", "eligible"],
      ["telegram:741", "no_event_here"],
    ] as const) {
      await h.app.deps.eligibility.record({
        userKey,
        provinceId: "ha-giang",
        outcomeId: "x",
        verdict,
        at: h.clock.now().toISOString(),
      });
    }
    const stats = textOf(await h.say(COORDINATOR, "/stats"));
    expect(stats).toContain("Câu hỏi: 6 · trả lời được: 3 · tỉ lệ trả lời: 50%");
    expect(stats).toContain("31/10: ✅ 1 · ❔ 2");
    expect(stats).toContain("30/10: ✅ 2 · ❔ 1");
    expect(stats.indexOf("31/10")).toBeLessThan(stats.indexOf("30/10"));
    expect(stats).toContain("Đủ điều kiện: 1");
    expect(stats).toContain("Tỉnh chưa có sự kiện: 1");
    expect(stats).not.toMatch(/no_event_here|eligible|admin\.stats/);
  });
});
