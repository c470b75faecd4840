/** The playground's "now" for the bot: the real clock, or an instant the page picks, running on. */
import type { Clock } from "../domain/clock.js";

/** A clock whose "now" can be moved while the bot runs; time keeps running from the chosen instant. */
export interface SettableClock extends Clock {
  /** Makes `instant` "now" from this moment on; `undefined` returns to the real clock. */
  set(instant: Date | undefined): void;
  /** True when the clock follows real time (no instant chosen). */
  isReal(): boolean;
}

/**
 * Creates a {@link SettableClock}, starting at `startAt` (time runs on from there) or at real time.
 * `realNow` is injectable for tests.
 */
export function createSettableClock(
  startAt?: Date,
  realNow: () => number = Date.now,
): SettableClock {
  let offset: number | undefined;
  const set = (instant: Date | undefined) => {
    offset = instant ? instant.getTime() - realNow() : undefined;
  };
  set(startAt);
  return {
    now: () => new Date(realNow() + (offset ?? 0)),
    set,
    isReal: () => offset === undefined,
  };
}
