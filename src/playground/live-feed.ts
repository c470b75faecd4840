/** Turns what the emulator sees into events for the page. */
import type { TelegramEmulator } from "../emulator/telegram-emulator.js";
import type { SseHub } from "./sse.js";

/** The chat a message-like event belongs to, when it says so. */
function chatIdOf(value: unknown): number | null {
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.chatId === "number") return record.chatId;
  if (typeof record.chat_id === "number") return record.chat_id;
  const chat = record.chat as Record<string, unknown> | undefined;
  if (chat && typeof chat.id === "number") return chat.id;
  if (record.message) return chatIdOf(record.message);
  return null;
}

/** A Bot API call as the emulator records it. */
export interface RecordedCall {
  method: string;
  payload?: unknown;
}

/** Waits for the bot's next Bot API call that matches. */
export type WaitForCall = (
  matches: (call: RecordedCall) => boolean,
  timeoutMs: number,
) => Promise<RecordedCall | null>;

/**
 * Publishes `chat` (with the chat id, or null when unknown: the page then reloads the open chat)
 * whenever a message appears, changes or goes, and `call` for every Bot API call. Returns a way
 * to wait for a call (e.g. the answerCallbackQuery after a button press).
 */
export function forwardEmulatorEvents(emulator: TelegramEmulator, hub: SseHub): WaitForCall {
  const waiters = new Set<(call: RecordedCall) => void>();
  for (const kind of ["message", "edit", "delete"] as const) {
    emulator.on(kind, (event: unknown) => {
      hub.publish({ type: "chat", data: { kind, chatId: chatIdOf(event) } });
    });
  }
  emulator.on("call", (call: RecordedCall) => {
    hub.publish({ type: "call", data: call });
    for (const waiter of waiters) waiter(call);
  });
  return (matches, timeoutMs) =>
    new Promise((resolve) => {
      const finish = (call: RecordedCall | null) => {
        clearTimeout(timer);
        waiters.delete(check);
        resolve(call);
      };
      const check = (call: RecordedCall) => {
        if (matches(call)) finish(call);
      };
      const timer = setTimeout(() => finish(null), timeoutMs);
      waiters.add(check);
    });
}
