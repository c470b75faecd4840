/**
 * What the coordinator commands need from the eligibility service, the subscriptions and the
 * broadcast engine, shaped as coordinators use them; `app.ts` and `domain/broadcast/gateway.ts`
 * adapt the real services onto these.
 */
import type { Lang } from "../types.js";
import type { Audience, AnnouncementContent } from "./types.js";

/** Life of a broadcast job as coordinators see it. */
export type JobState = "draft" | "sending" | "paused" | "done" | "stopped";

/** One broadcast job, summarised for `/broadcasts`. */
export interface JobSummary {
  id: string;
  state: JobState;
  audience: Audience;
  createdBy: number;
  createdAt: string;
  total: number;
  sent: number;
  failed: number;
  blocked: number;
  /** People who pressed a button of the message afterwards (no platform reports reads). */
  pressed: number;
  /** When a scheduled broadcast (a draft) goes out. */
  scheduledAt?: string | undefined;
}

/** What starting a broadcast needs. */
export interface BroadcastRequest {
  audience: Audience;
  content: AnnouncementContent;
  createdBy: number;
  /** Chat whose status message the engine keeps up to date (the coordinator's). */
  progressChatId: string;
  /** Send then instead of now (the job waits as a draft; cancel with `stop`). */
  sendAt?: Date | undefined;
  /** The content in each language; recipients whose language is missing get {@link content}. */
  contentByLang?: Partial<Record<Lang, AnnouncementContent>> | undefined;
  /**
   * Content that differs by whether the recipient is reminded of `eventId` (a change notice
   * offers 🔕 to subscribers and 🔔 to province followers), keyed `subscribed:<lang>` /
   * `other:<lang>`.
   */
  bySubscription?: { eventId: string; content: Record<string, AnnouncementContent> } | undefined;
}

/** The broadcast engine, as coordinators drive it. */
export interface BroadcastGateway {
  countAudience(audience: Audience): Promise<number>;
  start(request: BroadcastRequest): Promise<{ id: string }>;
  /** The newest `limit` jobs, newest first. */
  recent(limit: number): Promise<JobSummary[]>;
  /** One coordinator broadcast by id (reminders are not coordinators' jobs). */
  get(id: string): Promise<JobSummary | undefined>;
  pause(id: string): Promise<boolean>;
  resume(id: string): Promise<boolean>;
  stop(id: string): Promise<boolean>;
}

/** One subscription, as exported to CSV and JSON. */
export interface SubscriptionRow {
  userKey: string;
  /** `event` or `province`. */
  kind: "event" | "province";
  /** Event id or province id. */
  target: string;
  createdAt?: string | undefined;
}

/** Subscriptions, as coordinators need them: counts, export, import. */
export interface SubscriptionGateway {
  subscriberCount(eventId: string): Promise<number>;
  /** Event subscribers per event id (events without any are absent). */
  subscriberCounts(): Promise<Record<string, number>>;
  followerCount(provinceId: string): Promise<number>;
  all(): Promise<SubscriptionRow[]>;
  /** Restores subscriptions from a backup; returns how many were restored. */
  restore(rows: SubscriptionRow[]): Promise<number>;
}

/** Eligibility check outcomes. */
export interface EligibilityGateway {
  /** Customers found eligible for the event; undefined when unknown. */
  eligibleCount(eventId: string): Promise<number | undefined>;
  /** Outcome counts over all checks, e.g. `{ eligible: 12, not_eligible: 3 }`. */
  outcomes(): Promise<Record<string, number>>;
}
