/**
 * Zalo shows plain text only (no HTML, no buttons): formatting is dropped and choices become a
 * numbered list; long answers are split at sentence boundaries.
 */
import type { Translate } from "../presentation/i18n-types.js";
import type { Choice, Reply } from "../presentation/reply.js";
import { ZALO_MAX_TEXT } from "./client.js";

/** Telegram-HTML → plain text. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, "&");
}

/** The text of a reply with its choices numbered, and the choices in that order. */
export function renderPlain(reply: Reply, t: Translate): { text: string; choices: Choice[] } {
  const choices = reply.choices.flat();
  const text = htmlToPlain(reply.html);
  if (choices.length === 0) return { text, choices };
  const numbers = choices.map((_, i) => String(i + 1));
  const list = choices.map((c, i) => `${i + 1}. ${c.label}`).join("\n");
  const last = numbers.pop();
  const how =
    numbers.length === 0
      ? t("zalo.reply_with_one", { number: last })
      : t("zalo.reply_with", { numbers: numbers.join(", "), last });
  return { text: `${text}\n\n${list}\n${how}`, choices };
}

/**
 * Splits text into parts of at most `max` characters, preferring paragraph, line, then sentence
 * boundaries; only a single over-long sentence is cut hard.
 */
export function splitMessage(text: string, max = ZALO_MAX_TEXT): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = -1;
    for (const boundary of ["\n\n", "\n", ". ", "! ", "? ", "; ", ", ", " "]) {
      const at = window.lastIndexOf(boundary);
      if (at > max * 0.3) {
        cut = at + boundary.trimEnd().length;
        break;
      }
    }
    if (cut <= 0) cut = max;
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}
