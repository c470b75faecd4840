import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  formatDayMonthYear,
  isoDateFromParts,
  vietnamDateOf,
  vietnamInstant,
  weekdayOf,
} from "../../src/domain/calendar.js";

describe("calendar in Vietnam time", () => {
  it("uses the Vietnamese date, not UTC's, late in the evening", () => {
    // 18:30 UTC on 1 Nov is 01:30 on 2 Nov in Hà Giang.
    expect(vietnamDateOf(new Date("2013-11-01T18:30:00Z"))).toBe("2013-11-02");
    expect(vietnamDateOf(new Date("2013-11-01T16:59:00Z"))).toBe("2013-11-01");
  });

  it("knows 2/11/2013 was a Saturday", () => {
    expect(weekdayOf("2013-11-02")).toBe(6);
    expect(weekdayOf("2013-11-10")).toBe(0);
  });

  it("counts days and formats dates", () => {
    expect(daysBetween("2013-10-30", "2013-11-02")).toBe(3);
    expect(daysBetween("2013-11-03", "2013-11-02")).toBe(-1);
    expect(addDays("2013-10-31", 2)).toBe("2013-11-02");
    expect(formatDayMonthYear("2013-11-02")).toBe("02/11/2013");
    expect(vietnamInstant("2013-11-01", "18:00").toISOString()).toBe("2013-11-01T11:00:00.000Z");
  });

  it("rejects impossible dates", () => {
    expect(isoDateFromParts(2013, 2, 30)).toBeUndefined();
    expect(isoDateFromParts(2013, 11, 9)).toBe("2013-11-09");
  });
});
