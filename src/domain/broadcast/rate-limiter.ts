/**
 * The rate limiter every outgoing message of a channel waits on, in two lanes. The broadcast
 * lane ({@link RateLimiter.acquire}) keeps a global pace (about 30/s on Telegram, up to 1000/s in
 * paid mode); the reply lane ({@link RateLimiter.acquireReply}) — answers to people who wrote —
 * is not held by that bucket, so a reply never queues behind a broadcast. Both keep one message
 * per second per chat and stop for the whole channel when the platform answers 429. Senders
 * never sleep; they await the limiter.
 */

/** Limits of one channel. */
export interface RateLimits {
  /** Messages per second in total (Telegram: about 30). */
  perSecond: number;
  /** Messages per second in total with paid broadcasting (Telegram: up to 1000). */
  paidPerSecond: number;
  /** Messages per second to one chat (Telegram: about 1). */
  perChatPerSecond: number;
}

/**
 * One granted send of the broadcast lane. Call `done()` when the platform has answered it: the
 * send has reached the platform by then, so the one `perSecond` grants later waits a second
 * from that moment rather than from the grant (a send that left late cannot make a later one
 * land inside the same sliding second).
 */
export interface Grant {
  done(): void;
}

/** A channel's shared limiter. */
export interface RateLimiter {
  /**
   * Resolves when one message to `chatId` may go; waiters are served first come, first served.
   * Without a chat id only the global pace applies (e.g. a reply to a customer's message).
   */
  acquire(chatId: string | undefined, paid?: boolean): Promise<Grant>;
  /**
   * Resolves when a reply to `chatId` may go: after the chat's last message by a second, and
   * not during a 429 pause; the broadcast lane's global pace does not apply. Without a chat id
   * only the pause applies (edits, callback answers).
   */
  acquireReply(chatId: string | undefined): Promise<void>;
  /** The platform said "too many requests": nobody sends for `ms` from now. */
  pauseFor(ms: number): void;
  /** Epoch ms until which the channel is paused (0 when not). */
  pausedUntil(): number;
  /** Changes the limits (e.g. from settings); takes effect with the next grant. */
  setLimits(limits: RateLimits): void;
  /**
   * Lets every waiter go at once without using the pace (for shutdown: waiters must check
   * whether they should still send), then cancels the timer.
   */
  close(): void;
}

interface Waiter {
  chatId: string | undefined;
  paid: boolean;
  grant: (grant: Grant) => void;
}

/** A grant of the broadcast lane as the sliding window sees it. */
interface Granted {
  /** When the window may count this send as gone: the grant + margin, or when it was answered. */
  at: number;
}

const NO_GRANT: Grant = { done: () => undefined };

/**
 * Spacing kept between a grant and the one `perSecond` grants before it, beyond one second,
 * while that earlier send is still unanswered: messages reach the platform a few milliseconds
 * apart from when they were granted (HTTP, a busy event loop), and Telegram counts over
 * sliding one-second windows. Once answered, the answer's time is used instead.
 */
export const WINDOW_MARGIN_MS = 25;

/**
 * Creates a limiter. Pacing is a "theoretical arrival time" grid of 1000/rate ms: a grant a
 * timer fired late for keeps the grid (the next one comes sooner, so a busy event loop does not
 * lower the rate), an idle gap starts it afresh (no burst to catch up), and no grant ever makes
 * more than `rate` in a sliding second plus {@link WINDOW_MARGIN_MS}.
 */
export function createRateLimiter(limits: RateLimits, now: () => number = Date.now): RateLimiter {
  let current = limits;
  let nextGlobal = 0;
  let pauseEnd = 0;
  const nextForChat = new Map<string, number>();
  const queue: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Number.POSITIVE_INFINITY;
  let closed = false;
  /** The last grants of the broadcast lane, per mode (free, paid), oldest first. */
  const recent = { free: [] as Granted[], paid: [] as Granted[] };

  const schedule = (at: number) => {
    if (timer !== undefined && timerAt <= at) return;
    if (timer !== undefined) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(
      () => {
        timer = undefined;
        timerAt = Number.POSITIVE_INFINITY;
        pump();
      },
      Math.max(0, at - now()),
    );
  };

  const pump = () => {
    while (queue.length > 0) {
      const t = now();
      const globalReady = Math.max(nextGlobal, pauseEnd);
      if (globalReady > t) {
        schedule(globalReady);
        return;
      }
      // The first waiter whose chat may receive now; others keep their place.
      let index = -1;
      let earliestChat = Number.POSITIVE_INFINITY;
      for (let i = 0; i < queue.length; i++) {
        const waiter = queue[i] as Waiter;
        const chatReady = waiter.chatId === undefined ? 0 : (nextForChat.get(waiter.chatId) ?? 0);
        if (chatReady <= t) {
          index = i;
          break;
        }
        earliestChat = Math.min(earliestChat, chatReady);
      }
      if (index < 0) {
        schedule(earliestChat);
        return;
      }
      const paid = (queue[index] as Waiter).paid;
      const granted = paid ? recent.paid : recent.free;
      const perSecond = Math.floor(paid ? current.paidPerSecond : current.perSecond);
      const windowReady =
        granted.length >= perSecond
          ? (granted[granted.length - perSecond] as Granted).at + 1000
          : 0;
      if (windowReady > t) {
        schedule(windowReady);
        return;
      }
      const [waiter] = queue.splice(index, 1) as [Waiter];
      const rate = waiter.paid ? current.paidPerSecond : current.perSecond;
      const interval = 1000 / rate;
      // Late by less than a slot: stay on the grid. Later (idle, or a pause): start from now.
      nextGlobal = (t - nextGlobal < interval ? nextGlobal : t) + interval;
      const entry: Granted = { at: t + WINDOW_MARGIN_MS };
      granted.push(entry);
      if (granted.length > 2 * perSecond) granted.splice(0, granted.length - perSecond);
      // Entries are kept in grant order, so the expired ones are at the front: forgetting
      // them costs O(1) per grant, whatever the audience size.
      for (const [chat, at] of nextForChat) {
        if (at > t) break;
        nextForChat.delete(chat);
      }
      if (waiter.chatId !== undefined) {
        nextForChat.delete(waiter.chatId);
        nextForChat.set(waiter.chatId, t + 1000 / current.perChatPerSecond);
      }
      let answered = false;
      waiter.grant({
        // The platform has seen the send by now: the answer's time replaces the margin,
        // earlier or later than it.
        done: () => {
          if (answered) return;
          answered = true;
          entry.at = now();
        },
      });
    }
  };

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  return {
    async acquireReply(chatId) {
      for (;;) {
        const t = now();
        const chatReady = chatId === undefined ? 0 : (nextForChat.get(chatId) ?? 0);
        const ready = Math.max(pauseEnd, chatReady);
        if (ready <= t || closed) {
          if (chatId !== undefined) {
            nextForChat.delete(chatId);
            nextForChat.set(chatId, t + 1000 / current.perChatPerSecond);
          }
          return;
        }
        // Re-checked on waking: a 429 meanwhile moves the pause on.
        await sleep(ready - t);
      }
    },
    acquire(chatId, paid = false) {
      return new Promise<Grant>((grant) => {
        queue.push({ chatId, paid, grant });
        pump();
      });
    },
    pauseFor(ms) {
      pauseEnd = Math.max(pauseEnd, now() + ms);
      // After the pause, start afresh: no burst to "catch up".
      nextGlobal = Math.max(nextGlobal, pauseEnd);
    },
    pausedUntil: () => (pauseEnd > now() ? pauseEnd : 0),
    setLimits(limits) {
      current = limits;
    },
    close() {
      closed = true;
      for (const waiter of queue.splice(0)) waiter.grant(NO_GRANT);
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      timerAt = Number.POSITIVE_INFINITY;
    },
  };
}
