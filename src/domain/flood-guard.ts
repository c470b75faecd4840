/**
 * A per-user flood guard: at most `limit` messages in a fixed window of `windowMs`. The first
 * message over the limit is to be answered politely ("you are sending very fast"), the rest
 * dropped until the window ends. In-memory and per process: it protects this process's work;
 * what a user can add to stored data is capped durably where it is stored (the unanswered inbox).
 */

/** What to do with a message. */
export type FloodVerdict = "pass" | "warn" | "drop";

/** Limits of {@link createFloodGuard}. */
export interface FloodLimits {
  limit: number;
  windowMs: number;
  /** Users tracked at most; beyond it, finished windows are forgotten first. */
  maxTracked?: number;
}

/** Counts messages per user. */
export interface FloodGuard {
  check(userKey: string, now: Date): FloodVerdict;
}

/** Free-text messages one user may send per minute before Loa asks them to slow down. */
export const DEFAULT_FLOOD_LIMITS: FloodLimits = { limit: 20, windowMs: 60_000 };

/** Creates a flood guard. */
export function createFloodGuard(limits: FloodLimits = DEFAULT_FLOOD_LIMITS): FloodGuard {
  const windows = new Map<string, { start: number; count: number }>();
  const maxTracked = limits.maxTracked ?? 100_000;
  const forgetFinished = (now: number) => {
    for (const [key, window] of windows) {
      if (now - window.start >= limits.windowMs) windows.delete(key);
    }
  };
  return {
    check(userKey, now) {
      const at = now.getTime();
      let window = windows.get(userKey);
      if (!window || at - window.start >= limits.windowMs || at < window.start) {
        if (!window && windows.size >= maxTracked) forgetFinished(at);
        window = { start: at, count: 0 };
        windows.set(userKey, window);
      }
      window.count++;
      if (window.count <= limits.limit) return "pass";
      return window.count === limits.limit + 1 ? "warn" : "drop";
    },
  };
}
