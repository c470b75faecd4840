/**
 * An API transformer that keeps every outgoing text under Telegram's limits: a `sendMessage`
 * over 4,096 characters goes out as several messages split on paragraph/line boundaries (the
 * keyboard under the last one), and a caption over 1,024 characters keeps its first part on
 * the photo or document and sends the rest as messages after it.
 */
import type { Transformer } from "grammy";
import {
  splitHtml,
  splitPlain,
  TELEGRAM_MAX_CAPTION,
  TELEGRAM_MAX_TEXT,
} from "../../presentation/split-html.js";

const CAPTIONED = new Set(["sendPhoto", "sendDocument", "sendVideo", "sendAnimation", "sendAudio"]);

type Payload = Record<string, unknown>;

function split(text: string, payload: Payload, max: number): string[] {
  return payload.parse_mode === "HTML" ? splitHtml(text, max) : splitPlain(text, max);
}

/** The transformer; install with `api.config.use(splitLongMessages())`. */
export function splitLongMessages(): Transformer {
  return async (prev, method, payload, signal) => {
    const fields = payload as unknown as Payload;
    if (
      method === "sendMessage" &&
      typeof fields.text === "string" &&
      fields.text.length > TELEGRAM_MAX_TEXT
    ) {
      const parts = split(fields.text, fields, TELEGRAM_MAX_TEXT);
      const { reply_markup, ...rest } = fields;
      let result: Awaited<ReturnType<typeof prev>> | undefined;
      for (const [index, text] of parts.entries()) {
        const last = index === parts.length - 1;
        const part = { ...rest, text, ...(last && reply_markup ? { reply_markup } : {}) };
        result = await prev(method, part as unknown as typeof payload, signal);
        if (!result.ok) return result;
      }
      if (result) return result;
    }
    if (
      CAPTIONED.has(method) &&
      typeof fields.caption === "string" &&
      fields.caption.length > TELEGRAM_MAX_CAPTION
    ) {
      const [first = "", ...others] = split(fields.caption, fields, TELEGRAM_MAX_CAPTION);
      const { reply_markup, ...rest } = fields;
      const more = split(others.join("\n"), fields, TELEGRAM_MAX_TEXT);
      const head = {
        ...rest,
        caption: first,
        ...(more.length === 0 && reply_markup ? { reply_markup } : {}),
      };
      const result = await prev(method, head as unknown as typeof payload, signal);
      if (!result.ok) return result;
      for (const [index, text] of more.entries()) {
        const last = index === more.length - 1;
        const message = {
          chat_id: fields.chat_id,
          text,
          ...(fields.parse_mode ? { parse_mode: fields.parse_mode } : {}),
          ...(last && reply_markup ? { reply_markup } : {}),
        };
        const sent = await prev("sendMessage", message as never, signal);
        if (!sent.ok) return sent as unknown as typeof result;
      }
      return result;
    }
    return prev(method, payload, signal);
  };
}
