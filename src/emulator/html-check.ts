/** Checks text the way Telegram's HTML parse mode does; returns an error or undefined. */

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
  "span",
  "tg-spoiler",
  "a",
  "code",
  "pre",
  "blockquote",
  "tg-emoji",
]);

/** Telegram's "can't parse entities" description for `text`, or undefined when it is valid. */
export function checkTelegramHtml(text: string): string | undefined {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z-]+)([^>]*)>|<|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|&/g;
  for (const match of text.matchAll(tag)) {
    const whole = match[0];
    const offset = match.index;
    if (whole === "<")
      return `Can't parse entities: unexpected character "<" at byte offset ${offset}`;
    if (whole === "&")
      return `Can't parse entities: character "&" is reserved at byte offset ${offset}`;
    if (whole.startsWith("&")) {
      const entity = match[4] ?? "";
      if (!entity.startsWith("#") && !["lt", "gt", "amp", "quot"].includes(entity)) {
        return `Can't parse entities: unsupported entity "&${entity};" at byte offset ${offset}`;
      }
      continue;
    }
    const closing = match[1] === "/";
    const name = (match[2] ?? "").toLowerCase();
    if (!ALLOWED.has(name)) {
      return `Can't parse entities: unsupported start tag "${name}" at byte offset ${offset}`;
    }
    if (closing) {
      if (stack.pop() !== name) {
        return `Can't parse entities: can't find end tag corresponding to start tag "${name}"`;
      }
    } else {
      stack.push(name);
    }
  }
  if (stack.length > 0) {
    return `Can't parse entities: can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`;
  }
  return undefined;
}
