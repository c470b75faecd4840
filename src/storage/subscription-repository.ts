/**
 * Subscriptions in the sharded collection `DATA_DIR/subscriptions/`: one record per user (their
 * list), so subscribing rewrites one small shard. An index by target, built at open and kept
 * with every change, answers "who follows this event / these provinces" without reading files.
 */
import { z } from "zod";
import type { SubscriberRef, Subscription, SubscriptionRepository } from "../domain/ports.js";
import type { Lang } from "../domain/types.js";
import { groupBy, openCollection } from "./legacy.js";
import { legacySchemas, subscriptionSchema } from "./state-schemas.js";
import type { ShardOptions } from "./user-repository.js";

const targetKey = (kind: Subscription["kind"], target: string) => `${kind}:${target}`;

const same = (s: Subscription, kind: Subscription["kind"], target: string) =>
  s.kind === kind && s.target === target;

/** Opens the subscriptions. */
export async function openSubscriptionRepository(
  dataDir: string,
  options: ShardOptions = {},
): Promise<SubscriptionRepository> {
  /** `kind:target` → subscriber → the language they subscribed in. */
  const byTarget = new Map<string, Map<string, Lang>>();
  const index = (subs: readonly Subscription[] | undefined, add: boolean) => {
    for (const s of subs ?? []) {
      const key = targetKey(s.kind, s.target);
      let people = byTarget.get(key);
      if (add) {
        if (!people) {
          people = new Map();
          byTarget.set(key, people);
        }
        people.set(s.userKey, s.lang);
      } else if (people) {
        people.delete(s.userKey);
        if (people.size === 0) byTarget.delete(key);
      }
    }
  };
  const subscriptions = await openCollection<typeof legacySchemas.subscriptions, Subscription[]>(
    dataDir,
    "subscriptions",
    {
      ...options,
      schema: z.array(subscriptionSchema) as unknown as z.ZodType<Subscription[]>,
      onChange: (_key, before, after) => {
        index(before, false);
        index(after, true);
      },
    },
    {
      name: "subscriptions.json",
      schema: legacySchemas.subscriptions,
      entries: (data) => groupBy(data.subscriptions as Subscription[], (s) => s.userKey).entries(),
    },
  );
  const refs = (keys: readonly string[]): SubscriberRef[] => {
    const found = new Map<string, Lang>();
    for (const key of keys) {
      for (const [userKey, lang] of byTarget.get(key) ?? []) {
        if (!found.has(userKey)) found.set(userKey, lang);
      }
    }
    return [...found].map(([userKey, lang]) => ({ userKey, lang }));
  };
  return {
    listFor: async (userKey) => (await subscriptions.get(userKey)) ?? [],
    forEvent: async (eventId) => refs([targetKey("event", eventId)]),
    forProvinces: async (ids) => refs(ids.map((id) => targetKey("province", id))),
    countsByEvent: async () => {
      const counts: Record<string, number> = {};
      for (const [key, people] of byTarget) {
        if (key.startsWith("event:")) counts[key.slice("event:".length)] = people.size;
      }
      return counts;
    },
    async *scan() {
      for await (const page of subscriptions.scan()) yield page.flatMap(([, subs]) => subs);
    },
    add: (subscription) =>
      subscriptions.update(subscription.userKey, (current = []) => {
        if (current.some((s) => same(s, subscription.kind, subscription.target))) {
          return { keep: true, result: false };
        }
        return { value: [...current, subscription], result: true };
      }),
    remove: (userKey, kind, target) =>
      subscriptions.update(userKey, (current = []) => {
        const rest = current.filter((s) => !same(s, kind, target));
        if (rest.length === current.length) return { keep: true, result: false };
        return { value: rest.length > 0 ? rest : undefined, result: true };
      }),
    removeAllFor: (userKey) =>
      subscriptions.update(userKey, (current = []) => ({
        value: undefined,
        result: current.length,
      })),
  };
}
