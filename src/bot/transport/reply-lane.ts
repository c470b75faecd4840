/**
 * The reply lane: a grammY API transformer for the bot's answers to people who wrote. Sends
 * are paced per chat (1/s) and stop for the whole channel on a 429 (exactly `retry_after`, even
 * when it is over a minute), but never wait on the broadcast lane's global bucket. A send that
 * fails for a transient reason (5xx, network, 429) is retried with a back-off capped at a minute
 * until it goes through or a long deadline passes; only a permanent answer (400, 403…) ends it.
 * The update being handled stays open meanwhile, so it is marked done only once its answer is
 * out — and other chats are not held, since each chat is handled on its own.
 */
import { HttpError, type Transformer } from "grammy";
import type { RateLimiter } from "../../domain/broadcast/rate-limiter.js";

/** Answers to a person: retried until they go through. */
export const ANSWER_METHOD =
  /^(send(?!ChatAction)|copy|forward|edit|answerCallbackQuery$|deleteMessage|stopPoll$)/;
/** Answers that count as a message in the chat (paced per chat). */
const PACED_METHOD = /^(send(?!ChatAction)|copy|forward)/;

/** Options for {@link replyLane}. */
export interface ReplyLaneOptions {
  limiter: RateLimiter;
  /** Aborted at shutdown: waits end and the call fails, so the update is replayed later. */
  shutdown?: AbortSignal | undefined;
  /** Give up on transient failures after this long. Default 24 h. */
  deadlineMs?: number;
  /** First back-off after a transient failure; doubles each time. Default 500 ms. */
  backoffMs?: number;
  /** Longest back-off. Default 60 s. */
  maxBackoffMs?: number;
  /** Told about each retry (for logs). */
  onRetry?: (method: string, reason: string, waitMs: number) => void;
  now?: () => number;
}

/** Thrown when the process stops while an answer is still being retried. */
export class ShuttingDownError extends Error {
  override name = "ShuttingDownError";
}

const pause = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", finish);
      resolve();
    }
    signal?.addEventListener("abort", finish, { once: true });
  });

/** Creates the transformer; other methods pass through untouched. */
export function replyLane(options: ReplyLaneOptions): Transformer {
  const deadline = options.deadlineMs ?? 24 * 3600_000;
  const backoff = options.backoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 60_000;
  const now = options.now ?? Date.now;
  const { limiter, shutdown } = options;
  return async (prev, method, payload, signal) => {
    if (!ANSWER_METHOD.test(method)) return prev(method, payload, signal);
    const chatId =
      PACED_METHOD.test(method) && payload && typeof payload === "object" && "chat_id" in payload
        ? String((payload as { chat_id: unknown }).chat_id)
        : undefined;
    const started = now();
    let failures = 0;
    for (;;) {
      if (shutdown?.aborted) throw new ShuttingDownError(`stopping before ${method} went out`);
      await limiter.acquireReply(chatId);
      // The wait for the chat's slot may outlast the drain: an update given up on stays pending
      // (it is answered after the restart, or by another instance), so it must not answer now.
      if (shutdown?.aborted) throw new ShuttingDownError(`stopping before ${method} went out`);
      let reason: string;
      try {
        const result = await prev(method, payload, signal);
        if (result.ok) return result;
        if (result.error_code === 429) {
          const retryAfterMs = (result.parameters?.retry_after ?? 1) * 1000;
          limiter.pauseFor(retryAfterMs);
          options.onRetry?.(method, "429", retryAfterMs);
          continue;
        }
        if (result.error_code < 500) return result;
        reason = String(result.error_code);
        if (now() - started >= deadline) return result;
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        reason = "network";
        if (now() - started >= deadline) throw error;
      }
      const wait = Math.min(maxBackoff, backoff * 2 ** failures);
      failures++;
      options.onRetry?.(method, reason, wait);
      await pause(wait, shutdown);
    }
  };
}
