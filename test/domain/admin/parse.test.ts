import { describe, expect, it } from "vitest";
import {
  parseEventDate,
  parseEventStatus,
  parseEventTime,
} from "../../../src/domain/admin/parse.js";

describe("coordinator date parsing", () => {
  const today = "2013-10-30";
  it.each([
    ["2/11", "2013-11-02"],
    ["02/11/2013", "2013-11-02"],
    ["2-11", "2013-11-02"],
    ["ngày 2 tháng 11", "2013-11-02"],
    ["mùng 2 tháng 11", "2013-11-02"],
    ["mung 2 thang 11", "2013-11-02"],
    ["16.11.13", "2013-11-16"],
  ])("reads %s", (text, date) => {
    expect(parseEventDate(text, today)).toMatchObject({ ok: true, date, past: false });
  });

  it("picks the nearest year and flags past dates", () => {
    expect(parseEventDate("5/1", "2013-12-28")).toMatchObject({ date: "2014-01-05", past: false });
    expect(parseEventDate("2/10", today)).toMatchObject({ date: "2013-10-02", past: true });
    expect(parseEventDate("01/10/2012", today)).toMatchObject({ past: true, yearGiven: true });
  });

  it("refuses what is not a date", () => {
    expect(parseEventDate("31/2", today).ok).toBe(false);
    expect(parseEventDate("mai", today).ok).toBe(false);
  });
});

describe("coordinator time and status parsing", () => {
  it("reads times and ranges", () => {
    expect(parseEventTime("7h30")).toEqual({ ok: true, start: "07:30", end: undefined });
    expect(parseEventTime("7:30-11:00")).toEqual({ ok: true, start: "07:30", end: "11:00" });
    expect(parseEventTime("7h - 11h30")).toEqual({ ok: true, start: "07:00", end: "11:30" });
    expect(parseEventTime("25h").ok).toBe(false);
    expect(parseEventTime("11h-7h").ok).toBe(false);
  });
  it("reads statuses in Vietnamese", () => {
    expect(parseEventStatus("Hủy")).toBe("cancelled");
    expect(parseEventStatus("đổi lịch")).toBe("moved");
    expect(parseEventStatus("xyz")).toBeUndefined();
  });
});
