/**
 * Checks coordinator-written "formatted" text against Telegram's HTML subset before it is
 * sent to thousands of people: only known tags, properly nested, entities well formed.
 */

const ALLOWED = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "tg-spoiler",
  "span",
  "blockquote",
]);

/** Why formatted text was refused. */
export type HtmlCheck = { ok: true } | { ok: false; error: "tag" | "nesting" | "entity" | "link" };

/** Validates `html` as Telegram HTML. */
export function checkTelegramHtml(html: string): HtmlCheck {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z-]+)([^>]*)>|<|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|&/g;
  for (const match of html.matchAll(tag)) {
    const [whole, closing, name, attrs] = match;
    if (whole === "<") return { ok: false, error: "tag" };
    if (whole === "&") return { ok: false, error: "entity" };
    if (whole.startsWith("&")) {
      const entity = match[4] ?? "";
      if (!entity.startsWith("#") && !["lt", "gt", "amp", "quot"].includes(entity)) {
        return { ok: false, error: "entity" };
      }
      continue;
    }
    const lower = (name ?? "").toLowerCase();
    if (!ALLOWED.has(lower)) return { ok: false, error: "tag" };
    if (closing) {
      if (stack.pop() !== lower) return { ok: false, error: "nesting" };
      continue;
    }
    if (lower === "a" && !/^\s+href="(https?:\/\/|tg:\/\/)[^"]*"\s*$/.test(attrs ?? "")) {
      return { ok: false, error: "link" };
    }
    if (lower === "span" && !/^\s+class="tg-spoiler"\s*$/.test(attrs ?? "")) {
      return { ok: false, error: "tag" };
    }
    stack.push(lower);
  }
  return stack.length === 0 ? { ok: true } : { ok: false, error: "nesting" };
}
