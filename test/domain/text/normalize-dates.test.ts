import { describe, expect, it } from "vitest";
import {
  parseDateMention,
  parseMonthMention,
  parseRelativeDay,
} from "../../../src/domain/text/dates.js";
import { fold, levenshtein, normalizeQuestion } from "../../../src/domain/text/normalize.js";

describe("fold", () => {
  it("removes diacritics from NFC and NFD alike", () => {
    expect(fold("Hà Giang ngày nào?")).toBe("ha giang ngay nao");
    expect(fold("Điện Biên".normalize("NFD"))).toBe("dien bien");
    expect(fold("ĐIỆN BIÊN 😀!!")).toBe("dien bien");
  });

  it("keeps dates intact", () => {
    expect(fold("ngày 02/11/2013?")).toBe("ngay 02/11/2013");
    expect(fold("2 - 11")).toBe("2-11");
  });
});

describe("teencode", () => {
  it("expands whole tokens only", () => {
    expect(normalizeQuestion("ko đc à, bn tiền").expanded).toBe("khong duoc a bao nhieu tien");
    expect(normalizeQuestion("kham").expanded).toBe("kham");
  });
});

describe("levenshtein", () => {
  it("counts a swap of neighbouring letters as one typo", () => {
    expect(levenshtein("dien bein", "dien bien")).toBe(1);
    expect(levenshtein("abc", "xyz", 1)).toBe(2);
  });
});

describe("dates", () => {
  it.each([
    ["2/11", { day: 2, month: 11 }],
    ["02/11/2013", { day: 2, month: 11, year: 2013 }],
    ["2-11", { day: 2, month: 11 }],
    ["ngày 2 tháng 11", { day: 2, month: 11 }],
    ["mùng 9 tháng 11", { day: 9, month: 11 }],
    ["mùng 2", { day: 2, month: 0 }],
    ["ngay 2 thang muoi mot", { day: 2, month: 11 }],
    ["nov 2", { day: 2, month: 11 }],
    ["9th november", { day: 9, month: 11 }],
  ])("reads %s", (text, expected) => {
    expect(parseDateMention(fold(text))).toEqual(expected);
  });

  it.each(["32/13", "0912345678", "7h30", "7:30", "3 tinh"])("sees no date in %s", (text) => {
    expect(parseDateMention(fold(text))).toBeUndefined();
  });

  it("reads months and relative days", () => {
    expect(parseMonthMention(fold("tháng 11 có gì"))).toBe(11);
    expect(parseMonthMention(fold("in november"))).toBe(11);
    expect(parseRelativeDay(fold("hôm nay"))).toBe("today");
    expect(parseRelativeDay(fold("ngày mai có không"))).toBe("tomorrow");
  });
});
