/** Single-use confirmations: every Confirm button carries a token that works exactly once. */
import type { PendingActionRepository } from "./ports.js";
import type { PendingAction, PendingPayload, TakeResult } from "./types.js";

/** How long a preview's buttons stay valid. */
export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;

/** Creates and consumes pending actions. */
export interface PendingActions {
  /** Stores `payload` for `actorId`; returns the token to put on the Confirm button. */
  create(actorId: number, payload: PendingPayload, now: Date): Promise<string>;
  take(token: string, actorId: number, now: Date): Promise<TakeResult>;
  peek(token: string): Promise<PendingAction | undefined>;
  discard(token: string, now: Date): Promise<void>;
}

/** Creates the pending-action service; `newToken` yields short unique tokens (≤ 16 chars). */
export function createPendingActions(
  repo: PendingActionRepository,
  newToken: () => string,
): PendingActions {
  return {
    async create(actorId, payload, now) {
      const token = newToken();
      await repo.put({
        token,
        actorId,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + PENDING_TTL_MS).toISOString(),
        payload,
      });
      return token;
    },
    take: (token, actorId, now) => repo.take(token, actorId, now),
    peek: (token) => repo.peek(token),
    discard: (token, now) => repo.discard(token, now),
  };
}
