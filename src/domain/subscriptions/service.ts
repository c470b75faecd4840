/**
 * Subscriptions and audiences: who follows an event or a province, and who a broadcast reaches.
 * Province matching goes by the current unit, so followers of Tuyên Quang hear about events the
 * programme lists under Quảng Bình (merged into Quảng Trị in 2025), and the other way round.
 */
import type { AudienceSpec, Channel, Recipient } from "../broadcast/types.js";
import type { Gazetteer } from "../gazetteer.js";
import type {
  EventRepository,
  SubscriberRef,
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
  /** An event id or a province name in any spelling; undefined when neither. */
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
  /** Every subscription (export only: it reads them all). */
  all(): Promise<Subscription[]>;
  /** Keys of the people reminded of an event. */
  eventSubscribers(eventId: string): Promise<string[]>;
  /** Event subscribers per event id. */
  subscriberCounts(): Promise<Record<string, number>>;
  /** Keys of the people following the event's (current) province. */
  provinceFollowers(provinceId: string): Promise<string[]>;
  /** The reachable (not blocked) people of an audience, once each. */
  recipients(audience: AudienceSpec): Promise<Recipient[]>;
  /** How many people {@link recipients} would return, without building the list when it can. */
  countRecipients(audience: AudienceSpec): Promise<number>;
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

  const eventSubs = (eventId: string) => deps.subscriptions.forEvent(eventId);
  // Followers of any spelling of the territory: the current unit and its former parts.
  const provinceSubs = (provinceId: string) => {
    const related = gazetteer.relatedIds(provinceId);
    return deps.subscriptions.forProvinces(related.length > 0 ? related : [provinceId]);
  };
  const add = async (subscription: Subscription): Promise<SubscribeResult> => ({
    ok: true,
    created: await deps.subscriptions.add(subscription),
    subscription,
  });

  const toRecipients = async (people: SubscriberRef[]): Promise<Recipient[]> => {
    const unique = new Map<string, Lang>();
    for (const person of people)
      if (!unique.has(person.userKey)) unique.set(person.userKey, person.lang);
    const profiles = await deps.users.getMany([...unique.keys()]);
    const result: Recipient[] = [];
    for (const [key, lang] of unique) {
      const recipient = recipientOf(key, profiles.get(key), lang);
      if (recipient) result.push(recipient);
    }
    return result;
  };
  const everyone = async (lang?: Lang): Promise<Recipient[]> => {
    const result: Recipient[] = [];
    for await (const page of deps.users.scan()) {
      for (const user of page) {
        const recipient = recipientOf(user.key, user, user.lang ?? "vi");
        if (recipient && (lang === undefined || recipient.lang === lang)) result.push(recipient);
      }
    }
    return result;
  };
  const audiencePeople = async (audience: AudienceSpec): Promise<SubscriberRef[]> => {
    switch (audience.kind) {
      case "all":
      case "language":
      case "direct":
        return [];
      case "event":
        return eventSubs(audience.eventId);
      case "province":
        return provinceSubs(audience.provinceId);
      case "event_and_province":
        return [
          ...(await eventSubs(audience.eventId)),
          ...(await provinceSubs(audience.provinceId)),
        ];
      case "reminder": {
        const event = await deps.events.get(audience.eventId);
        return [
          ...(await eventSubs(audience.eventId)),
          ...(event ? await provinceSubs(event.provinceId) : []),
        ];
      }
    }
  };

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
    async all() {
      const result: Subscription[] = [];
      for await (const page of deps.subscriptions.scan()) result.push(...page);
      return result;
    },
    eventSubscribers: async (eventId) => (await eventSubs(eventId)).map((s) => s.userKey),
    subscriberCounts: () => deps.subscriptions.countsByEvent(),
    provinceFollowers: async (provinceId) => [
      ...new Set((await provinceSubs(provinceId)).map((s) => s.userKey)),
    ],
    async recipients(audience) {
      if (audience.kind === "all") return everyone();
      if (audience.kind === "language") return everyone(audience.lang);
      return toRecipients(await audiencePeople(audience));
    },
    async countRecipients(audience) {
      if (audience.kind === "all" || audience.kind === "language") {
        const stats = await deps.users.stats(new Date(0));
        return audience.kind === "all"
          ? stats.total - stats.blocked
          : (stats.reachableByLang[audience.lang] ?? 0);
      }
      return (await toRecipients(await audiencePeople(audience))).length;
    },
  };
}
