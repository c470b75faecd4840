import { describe, expect, it } from "vitest";
import { fold } from "../../../src/domain/text/normalize.js";
import { parseTimeWindow, resolveWindow } from "../../../src/domain/text/time.js";

const parse = (text: string) => parseTimeWindow(text.toLowerCase(), fold(text), "xprovincex");
const range = (text: string, today: string) => {
  const window = parse(text);
  return window ? resolveWindow(window, today) : undefined;
};

describe("time windows relative to today", () => {
  // Wednesday 30 Oct 2013; weeks run Monday to Sunday.
  it("reads this week and next week Monday-based, never before today", () => {
    expect(range("tuần này có không", "2013-10-30")).toEqual({
      from: "2013-10-30",
      to: "2013-11-03",
    });
    expect(range("tuần sau ở đâu", "2013-10-30")).toEqual({ from: "2013-11-04", to: "2013-11-10" });
    expect(range("next week", "2013-10-30")).toEqual({ from: "2013-11-04", to: "2013-11-10" });
    expect(range("tuần sau nữa", "2013-10-30")).toEqual({ from: "2013-11-11", to: "2013-11-17" });
  });

  it("reads this Saturday, Sunday and the weekend", () => {
    expect(range("thứ bảy này", "2013-10-30")).toEqual({ from: "2013-11-02", to: "2013-11-02" });
    expect(range("thứ 7 tuần sau", "2013-10-30")).toEqual({ from: "2013-11-09", to: "2013-11-09" });
    expect(range("chủ nhật", "2013-10-30")).toEqual({ from: "2013-11-03", to: "2013-11-03" });
    expect(range("cuối tuần này", "2013-10-30")).toEqual({ from: "2013-11-02", to: "2013-11-03" });
    expect(range("this weekend", "2013-11-03")).toEqual({ from: "2013-11-03", to: "2013-11-03" });
  });

  it("tells next month (tháng sau) from June (tháng sáu)", () => {
    expect(parse("tháng sau có không")).toEqual({ kind: "month", months: 1 });
    expect(parse("thang sau co khong")).toEqual({ kind: "month", months: 1 });
    expect(parse("tháng sáu có không")).toBeUndefined();
    expect(range("tháng sau", "2013-12-15")).toEqual({ from: "2014-01-01", to: "2014-01-31" });
    expect(range("tháng này", "2013-10-30")).toEqual({ from: "2013-10-30", to: "2013-10-31" });
  });

  it("reads early and late in a month, the next one and after a province", () => {
    expect(range("đầu tháng 11", "2013-10-30")).toEqual({ from: "2013-11-01", to: "2013-11-10" });
    expect(range("cuối tháng 3", "2027-02-27")).toEqual({ from: "2027-03-21", to: "2027-03-31" });
    expect(parse("đợt tiếp theo ở đâu")).toEqual({ kind: "next" });
    expect(parse("the next one")).toEqual({ kind: "next" });
    expect(parseTimeWindow("sau hà giang", "sau  xprovincex  thi di dau", "xprovincex")).toEqual({
      kind: "after",
    });
    expect(parse("lịch khám ở đâu")).toBeUndefined();
  });
});
