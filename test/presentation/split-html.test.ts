import { describe, expect, it } from "vitest";
import { splitHtml, splitPlain } from "../../src/presentation/split-html.js";

describe("splitHtml", () => {
  it("leaves short texts alone", () => {
    expect(splitHtml("<b>ngắn</b>", 100)).toEqual(["<b>ngắn</b>"]);
  });

  it("splits on paragraph boundaries under the limit", () => {
    const paragraphs = Array.from({ length: 10 }, (_, n) => `Đoạn ${n} ${"chữ ".repeat(40)}`);
    const parts = splitHtml(paragraphs.join("\n\n"), 500);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(500);
    expect(parts.every((part) => part.startsWith("Đoạn"))).toBe(true);
    expect(parts.join("\n\n").replace(/\s+/g, " ").trim()).toBe(
      paragraphs.join("\n\n").replace(/\s+/g, " ").trim(),
    );
  });

  it("closes formatting open at a cut and reopens it in the next part; never cuts a tag or entity", () => {
    const html = `<b>${"Hà Giang &amp; Lai Châu <i>xa</i> lắm ".repeat(60)}</b>`;
    const parts = splitHtml(html, 300);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(300);
      expect(part.startsWith("<b>")).toBe(true);
      expect(part.endsWith("</b>")).toBe(true);
      expect(part).not.toMatch(/&[a-z]*$|<[^>]*$/);
      const opened = (part.match(/<i>/g) ?? []).length;
      const closed = (part.match(/<\/i>/g) ?? []).length;
      expect(opened).toBe(closed);
    }
  });

  it("splits plain text with angle brackets as text", () => {
    const parts = splitPlain(`a < b ${"x ".repeat(300)}`, 200);
    expect(parts[0]?.startsWith("a < b")).toBe(true);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(200);
  });
});
