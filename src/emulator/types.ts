/** Shared types of the loopback Bot API emulator. */
import type { Message, Update, User } from "grammy/types";

/** One recorded Bot API call. */
export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  /** Milliseconds since the epoch. */
  at: number;
  response: ApiResponse;
}

/** A Bot API response body. */
export type ApiResponse =
  | { ok: true; result: unknown }
  | {
      ok: false;
      error_code: number;
      description: string;
      parameters?: { retry_after?: number };
    };

/** Kinds of failure the emulator can inject. */
export type FaultKind = "429" | "403" | "409" | "5xx" | "network";

/** A failure to inject into the next matching call(s). */
export interface Fault {
  /** The method it hits; `getUpdates` is hit only when named here. */
  method?: string;
  chatId?: number;
  kind: FaultKind;
  /** Seconds, for 429. */
  retryAfter?: number;
  /** How many calls it hits; default 1. */
  times?: number;
}

/** Telegram-like rate limits, off unless given. */
export interface EmulatorLimits {
  perChatPerSecond?: number;
  globalPerSecond?: number;
  /** Global limit for calls with `allow_paid_broadcast: true`; default 1000. */
  paidGlobalPerSecond?: number;
  /**
   * Sends to a chat whose user wrote to the bot within this many seconds are replies, not bulk
   * notifications: they count toward the per-chat limit only, not the global one (Telegram's
   * ~30/s is documented for bulk notifications). Unset: every send counts globally.
   */
  replyWindowSeconds?: number;
}

/** A test or playground user. */
export interface EmulatorUser {
  id: number;
  first_name: string;
  language_code?: string;
  username?: string;
}

/** Events the emulator emits, for tests and the playground page. */
export interface EmulatorEvents {
  call: [RecordedCall];
  update: [Update];
  message: [{ chatId: number; message: Message; fromBot: boolean }];
  edit: [{ chatId: number; message: Message }];
  delete: [{ chatId: number; messageId: number }];
  callback_answer: [{ callbackQueryId: string; text?: string; showAlert: boolean }];
}

export type { Message, Update, User };
