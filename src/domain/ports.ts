/**
 * Repository interfaces the domain depends on. Implementations live in `src/storage/`
 * (lowdb files, PostgreSQL), assembled into one `Storage` object by `src/storage/storage.ts`.
 * Every method is async so a networked store fits. Queries are shaped like the questions the
 * handlers ask (who follows this event, how many users are blocked), never "everything".
 */
import type { CommunityEvent, Lang, Programme } from "./types.js";

/** Result of a versioned save: the stored value, or the newer value that won. */
export type SaveResult<T> = { ok: true; value: T } | { ok: false; reason: "conflict"; current: T };

/** Programmes (name, services, audience...). */
export interface ProgrammeRepository {
  list(): Promise<Programme[]>;
  /**
   * The same read-only list until the next save (callers must not change it), for readers on
   * every question; a store that cannot tell when another instance saved leaves it out, and
   * readers use {@link list}.
   */
  listShared?(): Promise<readonly Programme[]>;
  get(id: string): Promise<Programme | undefined>;
  save(programme: Programme): Promise<void>;
}

/** Events of all programmes. */
export interface EventRepository {
  list(): Promise<CommunityEvent[]>;
  /** As {@link ProgrammeRepository.listShared}. */
  listShared?(): Promise<readonly CommunityEvent[]>;
  get(id: string): Promise<CommunityEvent | undefined>;
  /**
   * Saves `event`. With `expectedVersion`, refuses (conflict) when the stored event has
   * another version, so two coordinators cannot overwrite each other silently.
   */
  save(event: CommunityEvent, expectedVersion?: number): Promise<SaveResult<CommunityEvent>>;
}

/** A person reachable on one channel. `key` is `<channel>:<id>`, e.g. `telegram:123`. */
export interface UserProfile {
  key: string;
  channel: "telegram" | "zalo";
  /** Where to send messages on that channel. */
  chatId: string;
  name?: string | undefined;
  lang?: Lang | undefined;
  /** Set when the user chose a language explicitly (overrides the client's language). */
  langChosen?: boolean | undefined;
  firstSeen: string;
  lastSeen: string;
  /** Set when the channel said the user blocked the bot or is gone; cleared on their next message. */
  blockedAt?: string | undefined;
}

/** Counters over every user, for `/stats` and audience sizes. */
export interface UserStats {
  total: number;
  blocked: number;
  /** Users whose `lastSeen` is at or after the `activeSince` asked for. */
  active: number;
  /** Users not blocked, per language (`lang`, or `vi` when none is known). */
  reachableByLang: Partial<Record<Lang, number>>;
}

/** People who talked to the bot. */
export interface UserRepository {
  get(key: string): Promise<UserProfile | undefined>;
  /** The profiles of those keys that exist (unknown keys are absent from the map). */
  getMany(keys: readonly string[]): Promise<Map<string, UserProfile>>;
  /**
   * Creates or updates in one step (concurrent upserts of one key both apply, in order);
   * returns the stored profile. Durable when it resolves.
   */
  upsert(
    key: string,
    update: (current: UserProfile | undefined) => UserProfile,
  ): Promise<UserProfile>;
  delete(key: string): Promise<void>;
  /** Counters; `active` counts users seen at or after `activeSince`. */
  stats(activeSince: Date): Promise<UserStats>;
  /** Every profile, a page at a time, in no particular order (export, "everyone" audiences). */
  scan(): AsyncIterable<UserProfile[]>;
}

/** A customer question the bot could not answer, kept for coordinators to review. */
export interface UnansweredQuestion {
  id: string;
  text: string;
  userKey: string;
  lang: Lang;
  at: string;
  handledAt?: string | undefined;
}

/** Questions the bot could not answer. */
export interface UnansweredRepository {
  add(question: UnansweredQuestion): Promise<void>;
  /** Questions not yet handled, newest first, at most `limit`. */
  open(limit: number): Promise<UnansweredQuestion[]>;
  /** Questions kept in total and not yet handled. */
  counts(): Promise<{ total: number; open: number }>;
  /** Questions one user added at or after `since` (flood guards). */
  countBy(userKey: string, since: Date): Promise<number>;
  markHandled(ids: string[], at: string): Promise<number>;
  /** Deletes every question of a user (`/forgetme`). */
  deleteFor(userKey: string): Promise<void>;
}

/** A person's subscription: reminders of one event, or news of one province. */
export interface Subscription {
  /** Channel-qualified user key, e.g. `telegram:123`. */
  userKey: string;
  kind: "event" | "province";
  /** Event id, or gazetteer province id (current or former). */
  target: string;
  /** The language the person used when subscribing (their profile's choice wins). */
  lang: Lang;
  createdAt: string;
}

/** Who a subscription query found: the person and the language they subscribed in. */
export interface SubscriberRef {
  userKey: string;
  lang: Lang;
}

/** Subscriptions of every user. */
export interface SubscriptionRepository {
  listFor(userKey: string): Promise<Subscription[]>;
  /** The people reminded of one event (once each). */
  forEvent(eventId: string): Promise<SubscriberRef[]>;
  /** The people following any of these province ids, as stored (once each). */
  forProvinces(provinceIds: readonly string[]): Promise<SubscriberRef[]>;
  /** Event subscribers per event id (events without any are absent). */
  countsByEvent(): Promise<Record<string, number>>;
  /** Every subscription, a page at a time (export). */
  scan(): AsyncIterable<Subscription[]>;
  /** Adds; false when the user already has this subscription. */
  add(subscription: Subscription): Promise<boolean>;
  /** Removes one; false when there was none. */
  remove(userKey: string, kind: Subscription["kind"], target: string): Promise<boolean>;
  /** Removes every subscription of a user; returns how many. */
  removeAllFor(userKey: string): Promise<number>;
}

/** One update kept in the {@link UpdateInbox}: the platform's id and the update as received. */
export interface InboxItem<U = unknown> {
  /** The platform's update id (Telegram `update_id`); the dedupe key. */
  id: number;
  update: U;
}

/**
 * The durable inbox of incoming updates: what was received is appended (and on disk) before
 * the platform is told it arrived; what was handled is marked done; what was appended but not
 * done is replayed at start. Ids stay known for a retention window after they are done, so a
 * redelivered update is not applied twice.
 */
export interface UpdateInbox<U = unknown> {
  /**
   * Appends the items not seen before (by id) and resolves once they are durable; returns the
   * new ones, in the given order. Items already pending or done are left out.
   */
  append(items: readonly InboxItem<U>[]): Promise<InboxItem<U>[]>;
  /** Marks an item handled (durable before it resolves). */
  markDone(id: number): Promise<void>;
  /** Items appended and not yet done, oldest first (for replay at start). */
  pending(): Promise<InboxItem<U>[]>;
  /** The highest id ever appended (0 when none): long polling resumes after it. */
  lastId(): Promise<number>;
  /** Flushes and closes. */
  close(): Promise<void>;
}

/** Small per-key state of a channel (e.g. a Zalo chat's offered choices and open wizard). */
export interface KeyValueRepository<T> {
  get(key: string): Promise<T | undefined>;
  /** Durable when it resolves. */
  put(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Message ids a channel has handled, to answer a redelivered message once. Time-bounded: ids
 * older than the store's retention may be forgotten, never the recent ones.
 */
export interface SeenMessageRepository {
  has(id: string): Promise<boolean>;
  /** Records `id` as handled at `at`; durable when it resolves. */
  add(id: string, at: Date): Promise<void>;
}

/** What the Zalo channel keeps: per-chat state and the handled message ids. */
export interface ZaloStateRepository {
  chats: KeyValueRepository<unknown>;
  seen: SeenMessageRepository;
}
