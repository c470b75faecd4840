import { describe, expect, it } from "vitest";
import {
  isSafeHref,
  nodesFromEntities,
  parseTelegramHtml,
  type TelegramNode,
} from "../../src/playground/static/telegram-html.js";

/** Flattens nodes back to a readable form: allowed tags as [tag]…[/tag], text as is. */
function show(nodes: TelegramNode[]): string {
  return nodes
    .map((node) =>
      typeof node === "string" ? node : `[${node.tag}]${show(node.children)}[/${node.tag}]`,
    )
    .join("");
}

describe("the page's Telegram HTML parser", () => {
  it("keeps Telegram's tags and decodes entities in text", () => {
    const nodes = parseTelegramHtml("<b>Hà Giang</b> &amp; <i>Lai <u>Châu</u></i> &lt;3");
    expect(show(nodes)).toBe("[b]Hà Giang[/b] & [i]Lai [u]Châu[/u][/i] <3");
  });

  it("shows any other tag as literal text, so nothing executes", () => {
    const nodes = parseTelegramHtml('<img src=x onerror="alert(1)"><script>alert(2)</script>');
    expect(nodes).toEqual(['<img src=x onerror="alert(1)"><script>alert(2)</script>']);
  });

  it("accepts only span.tg-spoiler among spans, and reads link targets", () => {
    const nodes = parseTelegramHtml(
      '<span class="tg-spoiler">x</span><span style="color:red">y</span><a href="https://t.me">z</a>',
    );
    expect(show(nodes)).toBe('[tg-spoiler]x[/tg-spoiler]<span style="color:red">y</span>[a]z[/a]');
    expect(nodes[2]).toMatchObject({ attrs: { href: "https://t.me" } });
  });

  it("treats a stray closing tag as text and closes what is left open", () => {
    expect(show(parseTelegramHtml("a</b><b>bold"))).toBe("a</b>[b]bold[/b]");
  });

  it("opens only http, https and tg links", () => {
    expect(isSafeHref("https://www.openstreetmap.org")).toBe(true);
    expect(isSafeHref("tg://user?id=1")).toBe(true);
    expect(isSafeHref("javascript:alert(1)")).toBe(false);
    expect(isSafeHref(" data:text/html,x")).toBe(false);
  });

  it("builds the same tree from text and entities, with UTF-16 offsets", () => {
    const text = "🗓 Thứ Bảy, 02/11/2013";
    const nodes = nodesFromEntities(text, [
      { type: "bold", offset: 3, length: 7 },
      { type: "italic", offset: 7, length: 3 },
    ]);
    expect(show(nodes)).toBe("🗓 [b]Thứ [i]Bảy[/i][/b], 02/11/2013");
  });
});
