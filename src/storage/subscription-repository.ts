import { join } from "node:path";
import type { SubscriberRef, Subscription, SubscriptionRepository } from "../domain/ports.js";
import { JsonStore } from "./json-store.js";

const same = (s: Subscription, userKey: string, kind: Subscription["kind"], target: string) =>
  s.userKey === userKey && s.kind === kind && s.target === target;

const refs = (subs: Subscription[]): SubscriberRef[] => {
  const seen = new Set<string>();
  return subs
    .filter((s) => !seen.has(s.userKey) && seen.add(s.userKey))
    .map((s) => ({ userKey: s.userKey, lang: s.lang }));
};

/**
 * Subscriptions in `subscriptions.json`. Written only when someone subscribes or unsubscribes
 * (rare, one person at a time); broadcasts never write here.
 */
export async function openSubscriptionRepository(dataDir: string): Promise<SubscriptionRepository> {
  const store = await JsonStore.open<{ subscriptions: Subscription[] }>(
    join(dataDir, "subscriptions.json"),
    { subscriptions: [] },
  );
  return {
    forEvent: async (eventId) =>
      refs(store.read().subscriptions.filter((s) => s.kind === "event" && s.target === eventId)),
    forProvinces: async (ids) => {
      const wanted = new Set(ids);
      return refs(
        store.read().subscriptions.filter((s) => s.kind === "province" && wanted.has(s.target)),
      );
    },
    countsByEvent: async () => {
      const counts: Record<string, number> = {};
      for (const s of store.read().subscriptions)
        if (s.kind === "event") counts[s.target] = (counts[s.target] ?? 0) + 1;
      return counts;
    },
    scan: async function* () {
      yield structuredClone(store.read().subscriptions);
    },
    listFor: async (userKey) =>
      structuredClone(store.read().subscriptions.filter((s) => s.userKey === userKey)),
    add: async (subscription) => {
      const { userKey, kind, target } = subscription;
      if (store.read().subscriptions.some((s) => same(s, userKey, kind, target))) return false;
      await store.update((data) => {
        data.subscriptions.push(structuredClone(subscription));
      });
      return true;
    },
    remove: async (userKey, kind, target) => {
      if (!store.read().subscriptions.some((s) => same(s, userKey, kind, target))) return false;
      await store.update((data) => {
        data.subscriptions = data.subscriptions.filter((s) => !same(s, userKey, kind, target));
      });
      return true;
    },
    removeAllFor: async (userKey) => {
      const count = store.read().subscriptions.filter((s) => s.userKey === userKey).length;
      if (count === 0) return 0;
      await store.update((data) => {
        data.subscriptions = data.subscriptions.filter((s) => s.userKey !== userKey);
      });
      return count;
    },
  };
}
