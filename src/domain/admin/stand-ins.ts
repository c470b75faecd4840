/**
 * Stand-ins used until the subscription/broadcast engine (issue 6) and the eligibility
 * check (issue 5) are wired. They say they are unavailable; they never pretend to send.
 */
import type { UserRepository } from "../ports.js";
import type { BroadcastGateway, EligibilityGateway, SubscriptionGateway } from "./ports-needed.js";

/** A broadcast gateway that counts reachable users but cannot send. */
export function unavailableBroadcasts(users: UserRepository): BroadcastGateway {
  return {
    available: false,
    async countAudience(audience) {
      const stats = await users.stats(new Date(0));
      if (audience.kind === "all") return stats.total - stats.blocked;
      if (audience.kind === "language") return stats.reachableByLang[audience.lang] ?? 0;
      return 0;
    },
    start: async () => {
      throw new Error("the broadcast engine is not wired yet");
    },
    recent: async () => [],
    get: async () => undefined,
    pause: async () => false,
    resume: async () => false,
    stop: async () => false,
  };
}

/** No subscriptions yet. */
export function noSubscriptions(): SubscriptionGateway {
  return {
    available: false,
    subscriberCount: async () => 0,
    subscriberCounts: async () => ({}),
    followerCount: async () => 0,
    all: async () => [],
    restore: async () => 0,
  };
}

/** No eligibility outcomes yet. */
export function noEligibility(): EligibilityGateway {
  return { available: false, eligibleCount: async () => undefined, outcomes: async () => ({}) };
}
