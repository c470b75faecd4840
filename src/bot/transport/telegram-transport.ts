/**
 * The Telegram {@link MessageTransport}: a plain grammY `Api` without the auto-retry
 * transformer (the broadcast engine owns retries and the 429 pause). Errors are recognised by
 * `GrammyError.error_code` and `HttpError`, never by their message text.
 */
import { Api, GrammyError, HttpError, InlineKeyboard } from "grammy";
import type {
  BroadcastContent,
  MessageTransport,
  SendOutcome,
} from "../../domain/broadcast/types.js";
import type { InlineKeyboardButton } from "grammy/types";
import { encodeCallback } from "../callback-data.js";
import { tagCallback } from "../middlewares/broadcast-presses.js";
import { LEAN_CLIENT } from "./lean-fetch.js";

/** Maps a failed Bot API call to the engine's outcome. */
export function classifyTelegramError(error: unknown): SendOutcome {
  if (error instanceof GrammyError) {
    const code = error.error_code;
    if (code === 429) {
      return { kind: "rate_limited", retryAfterMs: (error.parameters.retry_after ?? 1) * 1000 };
    }
    // 403: blocked by the user, or the account is deactivated. Either way, stop sending.
    if (code === 403) return { kind: "blocked", code: "403" };
    if (code >= 500) return { kind: "transient", code: String(code) };
    return { kind: "permanent", code: String(code) };
  }
  if (error instanceof HttpError) return { kind: "transient", code: "network" };
  return { kind: "transient", code: "exception" };
}

/** A plain Bot API client for sending (no transformers). */
export function plainApi(token: string, apiRoot?: string | undefined): Api {
  return new Api(token, {
    ...(apiRoot ? { apiRoot } : {}),
    timeoutSeconds: 30,
    ...LEAN_CLIENT,
  });
}

/**
 * The inline keyboard of a broadcast's buttons; undefined when it has none. With `jobId`, the
 * customers' buttons are tagged with it so their presses count towards the job's report
 * (coordinator buttons, already encoded, are left as they are).
 */
export function keyboardOfContent(
  content: BroadcastContent,
  jobId?: string | undefined,
): InlineKeyboard | undefined {
  const rows = (content.buttons ?? [])
    .map((row) =>
      row.flatMap((button): InlineKeyboardButton[] => {
        if (button.url) return [InlineKeyboard.url(button.label, button.url)];
        if (button.callbackData) return [InlineKeyboard.text(button.label, button.callbackData)];
        if (!button.action) return [];
        const data = encodeCallback(button.action, ...(button.args ?? []));
        return [InlineKeyboard.text(button.label, jobId ? tagCallback(jobId, data) : data)];
      }),
    )
    .filter((row) => row.length > 0);
  return rows.length > 0 ? InlineKeyboard.from(rows) : undefined;
}

/** Creates the Telegram transport on `api` (which must not auto-retry). */
export function createTelegramTransport(api: Api): MessageTransport {
  return {
    channel: "telegram",
    async send(chatId, content, { paid, jobId }) {
      const keyboard = keyboardOfContent(content, jobId);
      const extra = {
        ...(paid ? { allow_paid_broadcast: true } : {}),
        ...(keyboard ? { reply_markup: keyboard } : {}),
        ...(content.replyTo
          ? {
              reply_parameters: {
                message_id: Number(content.replyTo),
                allow_sending_without_reply: true,
              },
            }
          : {}),
      };
      try {
        if (content.photo) {
          await api.sendPhoto(chatId, content.photo, {
            caption: content.html,
            parse_mode: "HTML",
            ...extra,
          });
        } else {
          await api.sendMessage(chatId, content.html, {
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
            ...extra,
          });
        }
        return { kind: "sent" };
      } catch (error) {
        return classifyTelegramError(error);
      }
    },
  };
}
