import { describe, expect, it } from "vitest";
import { asksForPerson } from "../../../src/domain/admin/handoff.js";
import { fold } from "../../../src/domain/text/normalize.js";

describe("asking for a person", () => {
  it("recognises the ways people ask, with or without diacritics, in Vietnamese and English", () => {
    for (const text of [
      "gặp người thật",
      "Cho tôi GẶP NGƯỜI THẬT với!",
      "toi muon gap tu van vien",
      "Tư vấn viên ơi",
      "I want to talk to a human",
      "can I speak to a person?",
    ]) {
      expect(asksForPerson(text, fold), text).toBe(true);
    }
  });

  it("leaves ordinary questions to Loa", () => {
    for (const text of [
      "Lai Châu ngày nào?",
      "anh ấy là người thật thà",
      "khám những gì",
      "when is it in Ha Giang?",
      "humanitarian aid",
    ]) {
      expect(asksForPerson(text, fold), text).toBe(false);
    }
  });
});
