/**
 * A broadcast engine on real files talking to the loopback emulator over HTTP, for e2e tests,
 * the kill -9 child process and the benchmark.
 */
import { createBroadcastEngine, type BroadcastEngine } from "../../src/domain/broadcast/engine.js";
import type { RateLimits } from "../../src/domain/broadcast/rate-limiter.js";
import type { BroadcastStore } from "../../src/domain/broadcast/store.js";
import type { Recipient } from "../../src/domain/broadcast/types.js";
import { createTelegramTransport, plainApi } from "../../src/bot/transport/telegram-transport.js";
import { openBroadcastStore } from "../../src/storage/broadcast-store.js";

/** Options of {@link openEmulatorEngine}. */
export interface EmulatorEngineOptions {
  dataDir: string;
  apiRoot: string;
  token: string;
  limits?: Partial<RateLimits>;
  maxInFlight?: number;
  backoffMs?: number;
}

/** An engine with the file store and the Telegram transport against `apiRoot`. */
export async function openEmulatorEngine(
  options: EmulatorEngineOptions,
): Promise<{ engine: BroadcastEngine; store: BroadcastStore; blocked: string[] }> {
  const store = await openBroadcastStore(options.dataDir);
  const blocked: string[] = [];
  let ids = 0;
  const engine = createBroadcastEngine({
    store,
    now: () => new Date(),
    markBlocked: async (key) => {
      blocked.push(key);
    },
    newId: () => `job${Date.now()}${++ids}`,
    limits: {
      telegram: { perSecond: 30, paidPerSecond: 1000, perChatPerSecond: 1, ...options.limits },
    },
    sender: { maxInFlight: options.maxInFlight ?? 16, backoffMs: options.backoffMs ?? 200 },
    progressIntervalMs: 500,
  });
  engine.attach(createTelegramTransport(plainApi(options.token, options.apiRoot)));
  return { engine, store, blocked };
}

/** `count` Telegram recipients with chat ids from `firstId`. */
export function telegramRecipients(count: number, firstId = 10_000): Recipient[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `telegram:${firstId + i}`,
    channel: "telegram",
    chatId: String(firstId + i),
    lang: "vi",
  }));
}
