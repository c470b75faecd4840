import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createGazetteer, loadProvincesFromJson } from "../../src/domain/gazetteer.js";
import { fold } from "../../src/domain/text/normalize.js";

const provinces = loadProvincesFromJson(JSON.parse(readFileSync("data/provinces.json", "utf8")));
const gazetteer = createGazetteer(provinces);
const found = (text: string) => gazetteer.findInText(fold(text)).map((m) => m.provinceId);

describe("gazetteer", () => {
  it("knows the 34 current units and the 63 former names", () => {
    expect(gazetteer.current()).toHaveLength(34);
    const formerNames = new Set(gazetteer.current().flatMap((p) => p.formerIds));
    expect(formerNames.size).toBe(63);
  });

  it("finds every province by its name, with and without diacritics, NFC and NFD", () => {
    for (const province of provinces) {
      expect(found(`lich o ${province.name} the nao`)).toEqual([province.id]);
      expect(found(`lich o ${province.asciiName.toLowerCase()} the nao`)).toEqual([province.id]);
      expect(found(province.name.normalize("NFD").toUpperCase())).toEqual([province.id]);
    }
  });

  it("maps former names to the current unit and back", () => {
    expect(gazetteer.resolve("Hà Giang")?.currentId).toBe("tuyen-quang");
    expect(gazetteer.relatedIds("tuyen-quang")).toEqual(["tuyen-quang", "ha-giang"]);
    expect(gazetteer.currentOf("yen-bai")?.name).toBe("Lào Cai");
    expect(gazetteer.currentOf("lai-chau")?.id).toBe("lai-chau");
  });

  it.each([
    ["Haf Giang", "ha-giang"],
    ["hagiang", "ha-giang"],
    ["ha giag", "ha-giang"],
    ["dien bein", "dien-bien"],
    ["Ddieenj Bieen", "dien-bien"],
    ["lai chao", "lai-chau"],
    ["TP HCM", "ho-chi-minh"],
    ["sai gon", "ho-chi-minh"],
    ["tinh Dien Bien", "dien-bien"],
    ["Thừa Thiên Huế", "hue"],
    ["vung tau", "ba-ria-vung-tau"],
  ])("resolves %s as people type it", (typed, id) => {
    expect(gazetteer.resolve(typed)?.id).toBe(id);
  });

  it.each([
    "khi nao co kham benh",
    "mien phi khong",
    "o dau",
    "bac si nao",
    "ai duoc di",
    "cam on ban",
    "ngay 9/11 o dau",
    "co ton tien khong",
    "thu bay",
    "nam nay",
    "hoi dong",
    "thanh toan",
    "binh thuong",
    "an toan",
    "quang cao",
    "dong y",
    "lai",
    "chau",
    "nam",
    "ninh",
    "dong",
    "ba nam",
  ])("does not see a province in %s", (text) => {
    expect(found(text)).toEqual([]);
  });

  it("finds cities that are also ordinary-looking words", () => {
    expect(found("can tho co kham khong")).toEqual(["can-tho"]);
    expect(found("long an thi sao")).toEqual(["long-an"]);
    expect(found("o ha noi co khong")).toEqual(["ha-noi"]);
    expect(found("vinh long ngay nao")).toEqual(["vinh-long"]);
  });

  it("keeps several provinces in order", () => {
    expect(found("ha giang hay lai chau truoc")).toEqual(["ha-giang", "lai-chau"]);
  });

  it("says which field is wrong in a broken provinces file", () => {
    expect(() => loadProvincesFromJson({ provinces: [{ id: "X Y" }] })).toThrow(/provinces\.0/);
  });
});
