/** The broadcast engine's transport for Zalo: plain text, split at 2000 characters. */
import type { MessageTransport, SendOutcome } from "../domain/broadcast/types.js";
import { type ZaloClient, ZaloApiError } from "./client.js";
import { htmlToPlain, splitMessage } from "./plain-text.js";

/** Maps Zalo answers onto the engine's outcomes (by error code, never by text). */
export function createZaloTransport(client: ZaloClient): MessageTransport {
  return {
    channel: "zalo",
    async send(chatId, content): Promise<SendOutcome> {
      try {
        for (const part of splitMessage(htmlToPlain(content.html)))
          await client.sendMessage(chatId, part);
        return { kind: "sent" };
      } catch (error) {
        if (!(error instanceof ZaloApiError)) return { kind: "transient", code: "network" };
        if (error.errorCode === 429) return { kind: "rate_limited", retryAfterMs: 1000 };
        if (error.errorCode === 403) return { kind: "blocked", code: "403" };
        if (error.errorCode >= 500 || error.errorCode === 408) {
          return { kind: "transient", code: String(error.errorCode) };
        }
        return { kind: "permanent", code: String(error.errorCode) };
      }
    },
  };
}
