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
      const reachable = (await users.list()).filter((u) => !u.blockedAt);
      if (audience.kind === "all") return reachable.length;
      if (audience.kind === "language") {
        return reachable.filter((u) => (u.lang ?? "vi") === audience.lang).length;
      }
      return 0;
    },
    start: async () => {
      throw new Error("the broadcast engine is not wired yet");
    },
    list: async () => [],
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
    followerCount: async () => 0,
    all: async () => [],
    restore: async () => 0,
  };
}

/** No eligibility outcomes yet. */
export function noEligibility(): EligibilityGateway {
  return { available: false, eligibleCount: async () => undefined, outcomes: async () => ({}) };
}
