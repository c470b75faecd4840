/**
 * The send pace several instances share, in `rate_pace`: one row per channel holds the next free
 * send slot. Taking a slot is one `UPDATE … RETURNING` (the row lock orders the instances), so
 * the instances together keep the same burst-free spacing one instance keeps alone (1000/rate ms
 * between slots). A 429 seen by any instance pushes `paused_until_ms`, and every instance's next
 * slot comes after it. Times are the database's clock, so instance clocks need not agree.
 *
 * Replies are paced per chat in `reply_pace` the same way: one row per chat answered lately
 * holds its next free slot, taken by one `INSERT … ON CONFLICT DO UPDATE … RETURNING`, so a chat
 * whose updates are handled by two instances in turn still gets at most one message a second;
 * a reply slot never comes before the channel's 429 pause ends (whichever instance saw it).
 */
import type { SharedPace } from "../../domain/broadcast/engine.js";
import type { RateLimits } from "../../domain/broadcast/rate-limiter.js";
import type { Channel } from "../../domain/broadcast/types.js";
import type { SqlQueryable } from "./sql-client.js";

/**
 * Slots are spaced this much wider than the limit: two processes' timers and HTTP calls jitter
 * by a few milliseconds, and Telegram counts over sliding windows.
 */
export const SHARED_PACE_MARGIN = 1.05;

const TAKE_SLOT = `
  WITH clock AS (SELECT extract(epoch FROM clock_timestamp()) * 1000 AS now_ms)
  UPDATE rate_pace SET next_ms = GREATEST(next_ms, paused_until_ms, clock.now_ms) + $2
  FROM clock WHERE channel = $1
  RETURNING rate_pace.next_ms - $2 - clock.now_ms AS wait_ms`;

const TAKE_REPLY_SLOT = `
  WITH clock AS (SELECT extract(epoch FROM clock_timestamp()) * 1000 AS now_ms),
  pause AS (SELECT coalesce(max(paused_until_ms), 0) AS until_ms FROM rate_pace WHERE channel = $1)
  INSERT INTO reply_pace AS p (channel, chat_id, next_ms)
  SELECT $1, $2, GREATEST(clock.now_ms, pause.until_ms) + $3 FROM clock, pause
  ON CONFLICT (channel, chat_id)
  DO UPDATE SET next_ms = GREATEST(p.next_ms, EXCLUDED.next_ms - $3) + $3
  RETURNING p.next_ms - $3 - (SELECT now_ms FROM clock) AS wait_ms`;

const PAUSE_LEFT = `
  SELECT GREATEST(0, paused_until_ms - extract(epoch FROM clock_timestamp()) * 1000) AS wait_ms
  FROM rate_pace WHERE channel = $1`;

/** Chats' reply slots are pruned about once per this many replies. */
const PRUNE_EVERY = 200;

/**
 * Takes the next reply slot of `chatId` (or, without one, only checks the channel's pause) and
 * returns how many ms from now it is (≤ 0: now). Exported for tests.
 */
export async function takeReplySlot(
  db: SqlQueryable,
  channel: Channel,
  chatId: string | undefined,
  intervalMs: number,
): Promise<number> {
  const { rows } =
    chatId === undefined
      ? await db.query<{ wait_ms: number }>(PAUSE_LEFT, [channel])
      : await db.query<{ wait_ms: number }>(TAKE_REPLY_SLOT, [channel, chatId, intervalMs]);
  return Number(rows[0]?.wait_ms ?? 0);
}

/** A {@link SharedPace} on `rate_pace` for channels with these limits. */
export function postgresSharedPace(
  db: SqlQueryable,
  limitsOf: (channel: Channel) => RateLimits,
  onError?: (error: unknown) => void,
): SharedPace {
  const known = new Set<Channel>();
  const ensure = async (channel: Channel) => {
    if (known.has(channel)) return;
    await db.query("INSERT INTO rate_pace (channel) VALUES ($1) ON CONFLICT DO NOTHING", [channel]);
    known.add(channel);
  };
  let replies = 0;
  return {
    async acquireReply(channel, chatId) {
      const interval = (1000 / limitsOf(channel).perChatPerSecond) * SHARED_PACE_MARGIN;
      try {
        if (++replies % PRUNE_EVERY === 0) {
          await db.query(
            "DELETE FROM reply_pace WHERE next_ms < extract(epoch FROM clock_timestamp()) * 1000 - 60000",
          );
        }
        // A 429 some instance saw while this one waited moves the pause on: take a slot after it.
        for (let attempt = 0; attempt < 5; attempt++) {
          const wait = await takeReplySlot(db, channel, chatId, interval);
          if (wait <= 0) return;
          await new Promise((resolve) => setTimeout(resolve, wait));
          if ((await takeReplySlot(db, channel, undefined, interval)) <= 0) return;
        }
      } catch (error) {
        // The database is unreachable: this instance's own per-chat pace (already awaited) holds.
        onError?.(error);
      }
    },
    async acquire(channel, paid) {
      const limits = limitsOf(channel);
      const interval =
        (1000 / (paid ? limits.paidPerSecond : limits.perSecond)) * SHARED_PACE_MARGIN;
      try {
        await ensure(channel);
        // A slot this process wakes up late for (a busy event loop) is given up and a fresh one
        // taken: sending late would bunch this message with the next slot's.
        for (let attempt = 0; attempt < 3; attempt++) {
          const { rows } = await db.query<{ wait_ms: number }>(TAKE_SLOT, [channel, interval]);
          const wait = Number(rows[0]?.wait_ms ?? 0);
          if (wait <= 0) return;
          const due = performance.now() + wait;
          await new Promise((resolve) => setTimeout(resolve, wait));
          if (performance.now() - due < interval) return;
        }
      } catch (error) {
        // The database is unreachable: fall back on this instance's own pace (already awaited).
        onError?.(error);
      }
    },
    pauseFor(channel, ms) {
      void ensure(channel)
        .then(() =>
          db.query(
            `UPDATE rate_pace SET paused_until_ms =
               GREATEST(paused_until_ms, extract(epoch FROM clock_timestamp()) * 1000 + $2)
             WHERE channel = $1`,
            [channel, ms],
          ),
        )
        .catch((error: unknown) => onError?.(error));
    },
  };
}
