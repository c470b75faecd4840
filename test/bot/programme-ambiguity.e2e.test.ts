/**
 * Two programmes loaded and a question that names neither (end to end through the emulator):
 * both answers, each under its programme's name; "<tỉnh> có <programme> không?" is a plain yes
 * or no; list lines name their programme.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const EYES = "Mắt sáng vùng cao 2027";
const FARM = "Nhà nông xanh 2027";

describe("questions ambiguous between two programmes", () => {
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

  it("answers a cost or audience question for both programmes, each under its name", async () => {
    h.user(1501);
    const cost = textOf(await h.say(1501, "có mất phí không"));
    const eyes = cost.indexOf(EYES);
    const farm = cost.indexOf(FARM);
    expect(eyes).toBeGreaterThanOrEqual(0);
    expect(farm).toBeGreaterThan(eyes);
    // Each programme's own text sits under its own name.
    expect(cost.indexOf("kính và mổ")).toBeGreaterThan(eyes);
    expect(cost.indexOf("kính và mổ")).toBeLessThan(farm);
    expect(cost.indexOf("phân bón")).toBeGreaterThan(farm);

    const who = textOf(await h.say(1501, "ai được tham gia"));
    expect(who.indexOf("50 tuổi")).toBeGreaterThan(who.indexOf(EYES));
    expect(who.indexOf("Hộ nông dân")).toBeGreaterThan(who.indexOf(FARM));

    // Naming one programme answers for it only.
    const one = textOf(await h.say(1501, "khám mắt có mất tiền không"));
    expect(one).toContain("kính và mổ");
    expect(one).not.toContain("phân bón");
  });

  it("says plainly yes or no for a named programme in a province", async () => {
    h.user(1502);
    const yes = textOf(await h.say(1502, "Nghệ An có mắt sáng không?"));
    expect(yes.startsWith(`Có, ${EYES} có đến Nghệ An`)).toBe(true);
    expect(yes).not.toContain("27/03/2027");
    const no = textOf(await h.say(1502, "Đắk Lắk có mắt sáng không?"));
    expect(no.startsWith(`Không, hiện ${EYES} chưa có lịch ở Đắk Lắk`)).toBe(true);
    expect(no).not.toContain("12/03/2027");
  });

  it("names the programme on every list line", async () => {
    h.user(1503);
    const april = textOf(await h.say(1503, "lịch tháng 4"));
    const lines = april.split("\n").filter((line) => line.startsWith("• "));
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^• ${FARM} · Gia Lai — Chủ Nhật, 04/04/2027`)),
      expect.stringMatching(new RegExp(`^• ${FARM} · Thái Bình`)),
      expect.stringMatching(new RegExp(`^• ${EYES} · Nghệ An — Thứ Bảy, 17/04/2027`)),
    ]);
  });
});
