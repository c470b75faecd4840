import { HttpError } from "grammy";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { replyLane, ShuttingDownError } from "../../src/bot/transport/reply-lane.js";
import { createRateLimiter } from "../../src/domain/broadcast/rate-limiter.js";

const LIMITS = { perSecond: 30, paidPerSecond: 1000, perChatPerSecond: 1 };
type Answer =
  | { ok: true; result: unknown }
  | {
      ok: false;
      error_code: number;
      description: string;
      parameters?: { retry_after?: number };
    };

/** A Bot API that answers from a script, one entry per call (Telegram is outside the machine). */
function scriptedApi(script: Array<Answer | "network">) {
  const calls: number[] = [];
  const prev = async () => {
    calls.push(Date.now());
    const next = script.shift() ?? { ok: true as const, result: true };
    if (next === "network")
      throw new HttpError("Network request failed", new Error("ECONNREFUSED"));
    return next;
  };
  return { prev, calls };
}

const fail = (code: number, retryAfter?: number): Answer => ({
  ok: false,
  error_code: code,
  description: "x",
  ...(retryAfter ? { parameters: { retry_after: retryAfter } } : {}),
});

describe("the reply lane", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const send = (lane: ReturnType<typeof replyLane>, prev: () => Promise<Answer>) =>
    lane(prev as never, "sendMessage", { chat_id: 5, text: "hi" } as never, undefined);

  it("waits out a 429 with retry_after over a minute, exactly, then sends", async () => {
    const lane = replyLane({ limiter: createRateLimiter(LIMITS) });
    const { prev, calls } = scriptedApi([fail(429, 120)]);
    const result = send(lane, prev);
    await vi.advanceTimersByTimeAsync(121_000);
    expect(await result).toEqual({ ok: true, result: true });
    expect((calls[1] ?? 0) - (calls[0] ?? 0)).toBe(120_000);
  });

  it("retries 5xx and network errors with a back-off capped at a minute until the answer is out", async () => {
    const waits: number[] = [];
    const lane = replyLane({
      limiter: createRateLimiter(LIMITS),
      onRetry: (_method, _reason, ms) => waits.push(ms),
    });
    const { prev, calls } = scriptedApi([
      ...Array.from({ length: 10 }, () => fail(500)),
      "network",
      fail(502),
    ]);
    const result = send(lane, prev);
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(await result).toEqual({ ok: true, result: true });
    expect(calls).toHaveLength(13);
    expect(Math.max(...waits)).toBe(60_000);
  });

  it("stops at once on a permanent error (403, 400)", async () => {
    const lane = replyLane({ limiter: createRateLimiter(LIMITS) });
    const { prev, calls } = scriptedApi([fail(403)]);
    expect(await send(lane, prev)).toMatchObject({ ok: false, error_code: 403 });
    expect(calls).toHaveLength(1);
  });

  it("gives up after the deadline", async () => {
    const lane = replyLane({ limiter: createRateLimiter(LIMITS), deadlineMs: 10 * 60_000 });
    const { prev } = scriptedApi(Array.from({ length: 100 }, () => fail(503)));
    const result = send(lane, prev);
    await vi.advanceTimersByTimeAsync(12 * 60_000);
    expect(await result).toMatchObject({ ok: false, error_code: 503 });
  });

  it("gives up at shutdown so the update is replayed later", async () => {
    const shutdown = new AbortController();
    const lane = replyLane({ limiter: createRateLimiter(LIMITS), shutdown: shutdown.signal });
    const { prev } = scriptedApi(Array.from({ length: 100 }, () => fail(500)));
    const result = send(lane, prev);
    const outcome = result.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(5000);
    shutdown.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(await outcome).toBeInstanceOf(ShuttingDownError);
  });
});
