import { describe, expect, it } from "vitest";
import { pickChoice } from "../../src/zalo/channel.js";
import { htmlToPlain, splitMessage } from "../../src/zalo/plain-text.js";

describe("Zalo plain text", () => {
  it("drops Telegram formatting and decodes entities", () => {
    expect(htmlToPlain("<b>Hà Giang</b> &lt;3 &amp; <i>ok</i>")).toBe("Hà Giang <3 & ok");
  });

  it("splits a 2,500-character answer in two on a sentence boundary", () => {
    const sentence = "Chương trình khám bệnh miễn phí cho bà con vùng cao. ";
    const text = sentence.repeat(Math.ceil(2500 / sentence.length)).slice(0, 2500);
    const parts = splitMessage(text);
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
    expect(parts[0]?.endsWith(".")).toBe(true);
    expect(parts.join(" ").replace(/\s+/g, " ")).toBe(text.trim().replace(/\s+/g, " "));
  });

  it("picks options by digit, label or unambiguous words", () => {
    const choices = [
      { label: "🔔 Nhắc tôi: Hà Giang", action: "rem", args: ["hg13"] },
      { label: "🔔 Nhắc tôi: Lai Châu", action: "rem", args: ["lc13"] },
    ];
    expect(pickChoice(choices, "2")?.args).toEqual(["lc13"]);
    expect(pickChoice(choices, "lai chau")?.args).toEqual(["lc13"]);
    expect(pickChoice(choices, "nhac toi")).toBeUndefined();
    expect(pickChoice(choices, "9")).toBeUndefined();
  });
});
