/** Injected failures and Telegram-like rate limits. */
import type { Params } from "./request-body.js";
import type { ApiResponse, EmulatorLimits, Fault } from "./types.js";

const SENDING = /^(send|copy|forward)/;

function chatIdOf(params: Params): number | undefined {
  const raw = params.chat_id;
  return raw === undefined ? undefined : Number(raw);
}

/** Answers for each fault kind, as Telegram words them. */
export function faultResponse(fault: Fault): ApiResponse | "network" {
  switch (fault.kind) {
    case "429": {
      const retryAfter = fault.retryAfter ?? 1;
      return {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      };
    }
    case "409":
      return {
        ok: false,
        error_code: 409,
        description:
          "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      };
    case "403":
      return { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" };
    case "5xx":
      return { ok: false, error_code: 502, description: "Bad Gateway" };
    case "network":
      return "network";
  }
}

/** Faults waiting for their calls. */
export class FaultBook {
  private faults: Array<Fault & { left: number }> = [];

  /** Adds a fault for the next `times` matching calls. */
  add(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  /** The fault for this call, if one matches (and uses it up). */
  take(method: string, params: Params): ApiResponse | "network" | undefined {
    if (this.faults.length === 0) return undefined;
    const chatId = chatIdOf(params);
    const index = this.faults.findIndex(
      (f) =>
        (f.method === method || (f.method === undefined && method !== "getUpdates")) &&
        (f.chatId === undefined || f.chatId === chatId),
    );
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.left--;
    if (fault.left <= 0) this.faults.splice(index, 1);
    return faultResponse(fault);
  }
}

/** Sliding one-second windows per chat and in total, like Telegram's flood control. */
export class RateLimits {
  private readonly perChat = new Map<number, number[]>();
  private readonly global: number[] = [];
  private readonly paid: number[] = [];
  /** When each chat's user last wrote (for `replyWindowSeconds`). */
  private readonly lastUserMessage = new Map<number, number>();

  constructor(private readonly limits: EmulatorLimits | undefined) {}

  /** The user of `chatId` wrote (a message or a button press). */
  noteUserMessage(chatId: number, now = Date.now()): void {
    if (this.limits?.replyWindowSeconds === undefined) return;
    this.lastUserMessage.set(chatId, now);
  }

  /** A 429 when this send would break a limit; records the send otherwise. */
  check(method: string, params: Params, now = Date.now()): ApiResponse | undefined {
    if (!this.limits || !SENDING.test(method) || method === "sendChatAction") return undefined;
    const chatId = chatIdOf(params) ?? 0;
    const paidMode = params.allow_paid_broadcast === true || params.allow_paid_broadcast === "true";
    const globalLimit = paidMode
      ? (this.limits.paidGlobalPerSecond ?? 1000)
      : this.limits.globalPerSecond;
    const wroteAt = this.lastUserMessage.get(chatId);
    const isReply =
      this.limits.replyWindowSeconds !== undefined &&
      wroteAt !== undefined &&
      now - wroteAt <= this.limits.replyWindowSeconds * 1000;
    const globalWindow = isReply ? [] : paidMode ? this.paid : this.global;
    const chatWindow = this.perChat.get(chatId) ?? [];
    prune(globalWindow, now);
    prune(chatWindow, now);
    const over = (window: number[], limit: number | undefined) =>
      limit !== undefined && window.length >= limit ? (window[0] ?? now) + 1000 - now : 0;
    const wait = Math.max(
      over(globalWindow, globalLimit),
      over(chatWindow, this.limits.perChatPerSecond),
    );
    if (wait > 0) {
      const retryAfter = Math.max(1, Math.ceil(wait / 1000));
      return {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      };
    }
    globalWindow.push(now);
    chatWindow.push(now);
    this.perChat.set(chatId, chatWindow);
    return undefined;
  }
}

function prune(window: number[], now: number): void {
  let drop = 0;
  while (drop < window.length && (window[drop] ?? 0) <= now - 1000) drop++;
  if (drop > 0) window.splice(0, drop);
}
