/**
 * Splits Telegram HTML into parts under a channel's length limit, preferring paragraph, then
 * line, then sentence and word boundaries, never inside a tag or an entity. Formatting open at
 * a cut is closed at the end of one part and reopened at the start of the next, so every part
 * is valid HTML on its own. Lengths are measured on the HTML, which is never shorter than the
 * text Telegram counts, so the parts are always under the limit.
 */

/** Telegram's limit for a message text. */
export const TELEGRAM_MAX_TEXT = 4096;
/** Telegram's limit for a photo or document caption. */
export const TELEGRAM_MAX_CAPTION = 1024;

const BOUNDARIES = ["\n\n", "\n", ". ", "! ", "? ", "; ", ", ", " "];
const TAG = /<(\/?)([a-zA-Z-]+)[^>]*>/g;

/** The opening tags still open at the end of `html`, outermost first. */
function openTags(html: string, inherited: string[]): string[] {
  const stack = [...inherited];
  for (const match of html.matchAll(TAG)) {
    const [whole, closing, name = ""] = match;
    if (closing) {
      const at = stack.map((tag) => tagName(tag)).lastIndexOf(name.toLowerCase());
      if (at >= 0) stack.splice(at, 1);
    } else if (!whole.endsWith("/>")) {
      stack.push(whole);
    }
  }
  return stack;
}

function tagName(openTag: string): string {
  return (openTag.match(/^<([a-zA-Z-]+)/)?.[1] ?? "").toLowerCase();
}

/** Moves a cut back so it falls neither inside `<…>` nor inside `&…;`. */
function safeCut(text: string, cut: number): number {
  const head = text.slice(0, cut);
  const lt = head.lastIndexOf("<");
  if (lt > head.lastIndexOf(">")) return lt;
  const amp = head.lastIndexOf("&");
  if (amp > head.lastIndexOf(";") && cut - amp < 12) return amp;
  return cut;
}

/** Splits `html` into parts of at most `max` characters (see the module comment). */
export function splitHtml(html: string, max = TELEGRAM_MAX_TEXT): string[] {
  if (html.length <= max) return [html];
  const parts: string[] = [];
  let open: string[] = [];
  let rest = html.trim();
  while (rest.length > 0) {
    const prefix = open.join("");
    // Room for the reopened tags in front and the closing tags at the end.
    const closingRoom = open.reduce((n, tag) => n + tagName(tag).length + 3, 0) + 64;
    const budget = Math.max(64, max - prefix.length - closingRoom);
    if (prefix.length + rest.length <= max) {
      parts.push(prefix + rest);
      break;
    }
    const window = rest.slice(0, budget);
    let cut = -1;
    for (const boundary of BOUNDARIES) {
      const at = window.lastIndexOf(boundary);
      if (at > budget * 0.3) {
        cut = at + boundary.trimEnd().length;
        break;
      }
    }
    if (cut <= 0) cut = budget;
    cut = safeCut(rest, cut);
    if (cut <= 0) cut = Math.min(budget, rest.indexOf(">") + 1 || budget);
    const piece = rest.slice(0, cut).trimEnd();
    const stillOpen = openTags(piece, open);
    const closing = [...stillOpen]
      .reverse()
      .map((tag) => `</${tagName(tag)}>`)
      .join("");
    parts.push(prefix + piece + closing);
    open = stillOpen;
    rest = rest.slice(cut).trimStart();
  }
  return parts.filter((part) => part.trim().length > 0);
}

/** Splits plain text (no parse mode) under `max`, on the same boundaries. */
export function splitPlain(text: string, max = TELEGRAM_MAX_TEXT): string[] {
  return splitHtml(text.replace(/</g, "\u2039"), max).map((part) => part.replace(/\u2039/g, "<"));
}
