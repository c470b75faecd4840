/**
 * Subscriptions and audiences: who follows an event or a province, and who a broadcast reaches.
 * Province matching goes by the current unit, so followers of Tuyên Quang hear about events the
 * programme lists under Hà Giang (merged into Tuyên Quang in 2025), and the other way round.
 */
import type { AudienceSpec, Channel, Recipient } from "../broadcast/types.js";
import type { Gazetteer } from "../gazetteer.js";
import type {
  EventRepository,
  Subscription,
  SubscriptionRepository,
  UserProfile,
  UserRepository,
} from "../ports.js";
import type { CommunityEvent, Lang, Province } from "../types.js";
import { vietnamDateOf } from "../calendar.js";

/** What a typed subscription target resolved to. */
export type SubscriptionTarget =
  | { kind: "event"; event: CommunityEvent }
  | { kind: "province"; province: Province };

/** Result of subscribing. */
export type SubscribeResult =
  | { ok: true; created: boolean; subscription: Subscription }
  | { ok: false; reason: "unknown_event" | "event_over" | "unknown_province" };

/** The subscription service. */
export interface SubscriptionService {
  /** An event id (`hg13`) or a province name in any spelling; undefined when neither. */
  resolveTarget(text: string): Promise<SubscriptionTarget | undefined>;
  subscribeEvent(userKey: string, eventId: string, lang: Lang, now: Date): Promise<SubscribeResult>;
  subscribeProvince(
    userKey: string,
    provinceId: string,
    lang: Lang,
    now: Date,
  ): Promise<SubscribeResult>;
  unsubscribe(userKey: string, kind: Subscription["kind"], target: string): Promise<boolean>;
  unsubscribeAll(userKey: string): Promise<number>;
  listFor(userKey: string): Promise<Subscription[]>;
  all(): Promise<Subscription[]>;
  /** Keys of the people reminded of an event. */
  eventSubscribers(eventId: string): Promise<string[]>;
  /** Keys of the people following the event's (current) province. */
  provinceFollowers(provinceId: string): Promise<string[]>;
  /** The reachable (not blocked) people of an audience, once each. */
  recipients(audience: AudienceSpec): Promise<Recipient[]>;
}

/** What the service needs. */
export interface SubscriptionServiceDeps {
  subscriptions: SubscriptionRepository;
  users: UserRepository;
  events: EventRepository;
  gazetteer: Gazetteer;
}

/** A recipient from a profile, or from the key alone for someone we never saw (imported). */
export function recipientOf(
  key: string,
  profile: UserProfile | undefined,
  fallbackLang: Lang,
): Recipient | undefined {
  if (profile?.blockedAt) return undefined;
  const [channel, id] = key.split(":", 2);
  if (profile) {
    return {
      key,
      channel: profile.channel,
      chatId: profile.chatId,
      lang: (profile.langChosen ? profile.lang : undefined) ?? fallbackLang,
    };
  }
  if ((channel !== "telegram" && channel !== "zalo") || !id) return undefined;
  return { key, channel: channel as Channel, chatId: id, lang: fallbackLang };
}

/** Creates the service. */
export function createSubscriptionService(deps: SubscriptionServiceDeps): SubscriptionService {
  const { gazetteer } = deps;
  const currentId = (id: string) => gazetteer.currentOf(id)?.id ?? id;

  const eventSubs = async (eventId: string) =>
    (await deps.subscriptions.list()).filter((s) => s.kind === "event" && s.target === eventId);
  const provinceSubs = async (provinceId: string) => {
    const wanted = currentId(provinceId);
    return (await deps.subscriptions.list()).filter(
      (s) => s.kind === "province" && currentId(s.target) === wanted,
    );
  };
  const add = async (subscription: Subscription): Promise<SubscribeResult> => ({
    ok: true,
    created: await deps.subscriptions.add(subscription),
    subscription,
  });

  const toRecipients = async (people: Array<{ key: string; lang: Lang }>): Promise<Recipient[]> => {
    const profiles = new Map((await deps.users.list()).map((u) => [u.key, u]));
    const seen = new Set<string>();
    const result: Recipient[] = [];
    for (const person of people) {
      if (seen.has(person.key)) continue;
      seen.add(person.key);
      const recipient = recipientOf(person.key, profiles.get(person.key), person.lang);
      if (recipient) result.push(recipient);
    }
    return result;
  };
  const fromSubs = (subs: Subscription[]) => subs.map((s) => ({ key: s.userKey, lang: s.lang }));
  const fromUsers = (users: UserProfile[]) =>
    users.map((u) => ({ key: u.key, lang: u.lang ?? "vi" }));

  return {
    async resolveTarget(text) {
      const trimmed = text.trim();
      if (!trimmed) return undefined;
      const event = await deps.events.get(trimmed.toLowerCase());
      if (event) return { kind: "event", event };
      const province = gazetteer.resolve(trimmed);
      return province ? { kind: "province", province } : undefined;
    },
    async subscribeEvent(userKey, eventId, lang, now) {
      const event = await deps.events.get(eventId);
      if (!event || event.status === "cancelled") return { ok: false, reason: "unknown_event" };
      if (event.date < vietnamDateOf(now)) return { ok: false, reason: "event_over" };
      return add({ userKey, kind: "event", target: event.id, lang, createdAt: now.toISOString() });
    },
    async subscribeProvince(userKey, provinceId, lang, now) {
      if (!gazetteer.get(provinceId)) return { ok: false, reason: "unknown_province" };
      return add({
        userKey,
        kind: "province",
        target: provinceId,
        lang,
        createdAt: now.toISOString(),
      });
    },
    unsubscribe: (userKey, kind, target) => deps.subscriptions.remove(userKey, kind, target),
    unsubscribeAll: (userKey) => deps.subscriptions.removeAllFor(userKey),
    listFor: (userKey) => deps.subscriptions.listFor(userKey),
    all: () => deps.subscriptions.list(),
    eventSubscribers: async (eventId) => (await eventSubs(eventId)).map((s) => s.userKey),
    provinceFollowers: async (provinceId) => [
      ...new Set((await provinceSubs(provinceId)).map((s) => s.userKey)),
    ],
    async recipients(audience) {
      switch (audience.kind) {
        case "all":
          return toRecipients(fromUsers(await deps.users.list()));
        case "language":
          return (await toRecipients(fromUsers(await deps.users.list()))).filter(
            (r) => r.lang === audience.lang,
          );
        case "event":
          return toRecipients(fromSubs(await eventSubs(audience.eventId)));
        case "province":
          return toRecipients(fromSubs(await provinceSubs(audience.provinceId)));
        case "event_and_province":
          return toRecipients([
            ...fromSubs(await eventSubs(audience.eventId)),
            ...fromSubs(await provinceSubs(audience.provinceId)),
          ]);
        case "reminder": {
          const event = await deps.events.get(audience.eventId);
          return toRecipients([
            ...fromSubs(await eventSubs(audience.eventId)),
            ...(event ? fromSubs(await provinceSubs(event.provinceId)) : []),
          ]);
        }
      }
    },
  };
}
