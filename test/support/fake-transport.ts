/** A scripted in-memory {@link MessageTransport} for unit tests of the broadcast engine. */
import type {
  BroadcastContent,
  Channel,
  MessageTransport,
  SendOutcome,
} from "../../src/domain/broadcast/types.js";

/** A fake transport: answers `sent` unless a script says otherwise for a chat. */
export interface FakeTransport extends MessageTransport {
  /** Messages that "arrived", per chat. */
  delivered: Map<string, BroadcastContent[]>;
  /** Every call, in order. */
  calls: Array<{ chatId: string; paid: boolean; at: number }>;
  /** Next answers for a chat (consumed one by one), before the default `sent`. */
  script(chatId: string, ...outcomes: SendOutcome[]): void;
  /** Makes every send to this chat answer 403. */
  block(chatId: string): void;
}

/** Creates a {@link FakeTransport}; `latencyMs` delays each answer (timers, so fake time works). */
export function createFakeTransport(channel: Channel = "telegram", latencyMs = 0): FakeTransport {
  const scripts = new Map<string, SendOutcome[]>();
  const blocked = new Set<string>();
  const delivered = new Map<string, BroadcastContent[]>();
  const calls: FakeTransport["calls"] = [];
  return {
    channel,
    delivered,
    calls,
    script: (chatId, ...outcomes) =>
      scripts.set(chatId, [...(scripts.get(chatId) ?? []), ...outcomes]),
    block: (chatId) => blocked.add(chatId),
    async send(chatId, content, { paid }) {
      calls.push({ chatId, paid, at: Date.now() });
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const scripted = scripts.get(chatId)?.shift();
      const outcome: SendOutcome =
        scripted ?? (blocked.has(chatId) ? { kind: "blocked", code: "403" } : { kind: "sent" });
      if (outcome.kind === "sent")
        delivered.set(chatId, [...(delivered.get(chatId) ?? []), content]);
      return outcome;
    },
  };
}
