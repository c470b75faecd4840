import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRateLimiter, WINDOW_MARGIN_MS } from "../../../src/domain/broadcast/rate-limiter.js";

const LIMITS = { perSecond: 30, paidPerSecond: 1000, perChatPerSecond: 1 };

/** Grants in any sliding window of `ms` (one second by default) ending at a grant. */
function maxInOneSecond(times: number[], ms = 1000): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) {
    const end = times[i] as number;
    max = Math.max(max, times.filter((t) => t > end - ms && t <= end).length);
  }
  return max;
}

describe("rate limiter", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets 30 different chats a second through, never 31 in a sliding second", async () => {
    const limiter = createRateLimiter(LIMITS);
    const granted: number[] = [];
    for (let i = 0; i < 100; i++)
      void limiter.acquire(`c${i}`).then(() => granted.push(Date.now()));
    await vi.advanceTimersByTimeAsync(2000);
    expect(granted.length).toBeGreaterThanOrEqual(57);
    expect(granted.length).toBeLessThanOrEqual(61);
    expect(maxInOneSecond(granted)).toBeLessThanOrEqual(30);
    // Room for the few milliseconds a message takes to reach the platform.
    expect(maxInOneSecond(granted, 1000 + WINDOW_MARGIN_MS)).toBeLessThanOrEqual(30);
  });

  it("counts a send's second from when the platform answered it, late or early", async () => {
    const limiter = createRateLimiter(LIMITS);
    const first = await limiter.acquire("c0");
    for (let i = 1; i < 30; i++) void limiter.acquire(`c${i}`).then((grant) => grant.done());
    // The first send left late: the platform answered it 200 ms after its grant.
    await vi.advanceTimersByTimeAsync(200);
    first.done();
    const firstGrantedAt = 1_000_000;
    let thirtyFirstAt = 0;
    void limiter.acquire("c30").then(() => {
      thirtyFirstAt = Date.now();
    });
    await vi.advanceTimersByTimeAsync(2000);
    // A second after the first send's answer (not its grant), so both never share a second.
    expect(thirtyFirstAt).toBe(firstGrantedAt + 200 + 1000);
  });

  it("without answers keeps the margin; an answer within the margin lets the next go sooner", async () => {
    const noAnswers = createRateLimiter(LIMITS);
    const unanswered: number[] = [];
    for (let i = 0; i < 31; i++)
      void noAnswers.acquire(`c${i}`).then(() => unanswered.push(Date.now()));
    await vi.advanceTimersByTimeAsync(3000);
    expect((unanswered[30] as number) - (unanswered[0] as number)).toBe(1000 + WINDOW_MARGIN_MS);

    const answered = createRateLimiter(LIMITS);
    const times: number[] = [];
    for (let i = 0; i < 31; i++)
      void answered.acquire(`d${i}`).then((grant) => {
        times.push(Date.now());
        grant.done();
      });
    await vi.advanceTimersByTimeAsync(3000);
    expect((times[30] as number) - (times[0] as number)).toBeLessThan(1000 + WINDOW_MARGIN_MS);
    expect((times[30] as number) - (times[0] as number)).toBeGreaterThanOrEqual(1000);
  });

  it("sends to one chat at most once a second without holding up other chats", async () => {
    const limiter = createRateLimiter(LIMITS);
    const order: string[] = [];
    for (const chat of ["a", "a", "b", "c"])
      void limiter.acquire(chat).then(() => order.push(chat));
    await vi.advanceTimersByTimeAsync(500);
    expect(order).toEqual(["a", "b", "c"]);
    await vi.advanceTimersByTimeAsync(600);
    expect(order).toEqual(["a", "b", "c", "a"]);
  });

  it("pauses everyone for exactly retry_after", async () => {
    const limiter = createRateLimiter(LIMITS);
    await limiter.acquire("a");
    limiter.pauseFor(5000);
    let grantedAt = 0;
    void limiter.acquire("b").then(() => {
      grantedAt = Date.now();
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(grantedAt).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(grantedAt).toBe(1_005_000);
  });

  it("goes up to the paid rate when asked", async () => {
    const limiter = createRateLimiter(LIMITS);
    let granted = 0;
    for (let i = 0; i < 2000; i++) void limiter.acquire(`c${i}`, true).then(() => granted++);
    await vi.advanceTimersByTimeAsync(1000);
    expect(granted).toBeGreaterThan(900);
    expect(granted).toBeLessThanOrEqual(1001);
  });

  it("lets replies through beside a saturated broadcast lane, one per chat per second", async () => {
    const limiter = createRateLimiter(LIMITS);
    let broadcastGrants = 0;
    for (let i = 0; i < 300; i++) void limiter.acquire(`b${i}`).then(() => broadcastGrants++);
    const replies: string[] = [];
    for (let i = 0; i < 100; i++)
      void limiter.acquireReply(`r${i}`).then(() => replies.push(`r${i}`));
    void limiter.acquireReply("r0").then(() => replies.push("r0 again"));
    await vi.advanceTimersByTimeAsync(10);
    // 100 chats answered at once although the broadcast bucket is empty...
    expect(replies).toHaveLength(100);
    await vi.advanceTimersByTimeAsync(1000);
    // ...a second answer to one chat waits its second; the broadcast keeps its 30/s.
    expect(replies.at(-1)).toBe("r0 again");
    expect(broadcastGrants).toBeLessThanOrEqual(31);
    expect(broadcastGrants).toBeGreaterThanOrEqual(29);
  });

  it("holds replies during a 429 pause too, for exactly retry_after", async () => {
    const limiter = createRateLimiter(LIMITS);
    limiter.pauseFor(90_000);
    let grantedAt = 0;
    void limiter.acquireReply("a").then(() => {
      grantedAt = Date.now();
    });
    await vi.advanceTimersByTimeAsync(89_999);
    expect(grantedAt).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(grantedAt).toBe(1_090_000);
  });
});
