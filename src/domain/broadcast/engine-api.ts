/**
 * The broadcast engine's public API and what it is built with (see `engine.ts`). Imports
 * nothing from a chat library.
 */
import type { RateLimiter, RateLimits } from "./rate-limiter.js";
import type { SenderOptions } from "./sender.js";
import type { BroadcastStore } from "./store.js";
import type {
  AudienceSpec,
  BroadcastContent,
  Channel,
  JobCounts,
  JobProgress,
  JobRecord,
  JobReport,
  MessageTransport,
  Recipient,
} from "./types.js";
import type { Lang } from "../types.js";

/** Telegram's free limits (PLATFORM.md): 30/s overall, 1/s per chat, paid up to 1000/s. */
export const TELEGRAM_LIMITS: RateLimits = {
  perSecond: 30,
  paidPerSecond: 1000,
  perChatPerSecond: 1,
};

/** What the engine needs. */
export interface BroadcastEngineDeps {
  store: BroadcastStore;
  /** "Now" for job timestamps (the bot's clock). */
  now(): Date;
  /** Marks a user the channel said blocked the bot or is gone. */
  markBlocked(key: string, now: Date): Promise<void>;
  newId(): string;
  /** Limits per channel; Telegram's free limits when not given. */
  limits?: Partial<Record<Channel, RateLimits>> | undefined;
  sender?: Partial<SenderOptions> | undefined;
  /** Minimum milliseconds between two progress snapshots of a job. Default 3000. */
  progressIntervalMs?: number | undefined;
  /** Monotonic milliseconds for rates and limiter timing. Default `Date.now`. */
  timeNow?: (() => number) | undefined;
  /** Told when a run cannot proceed in an unexpected way (never for per-recipient failures). */
  onError?: ((error: unknown, jobId: string) => void) | undefined;
  /** Told about every 429 a platform answered a broadcast send (metrics). */
  onRateLimited?: ((channel: Channel, retryAfterMs: number) => void) | undefined;
  /** Several instances: the pace they share, awaited by every broadcast send after the local one. */
  pace?: SharedPace | undefined;
  /** Several instances: who claims recipients (see `BroadcastStore.claims`). Default random. */
  instanceId?: string | undefined;
  /** Recipients claimed at a time. Default 32. */
  claimBatch?: number | undefined;
  /** How long a claim holds if its instance dies. Default 30 s. */
  claimLeaseMs?: number | undefined;
}

/** The send pace several instances share (kept in their database). */
export interface SharedPace {
  /** Resolves at the channel's next shared send slot. */
  acquire(channel: Channel, paid: boolean): Promise<void>;
  /**
   * Resolves when a reply to `chatId` may go by every instance's count: a second after the
   * chat's last message from any of them, and not during a 429 pause any of them saw. Without
   * a chat id only the pause applies.
   */
  acquireReply(channel: Channel, chatId: string | undefined): Promise<void>;
  /** The platform said 429: every instance waits `ms` from now. */
  pauseFor(channel: Channel, ms: number): void;
}

/** What a new job needs. */
export interface NewJob {
  /** A fixed id makes creation idempotent (reminders); a fresh one otherwise. */
  id?: string | undefined;
  audience: AudienceSpec;
  recipients: readonly Recipient[];
  content: BroadcastContent;
  contentByLang?: Partial<Record<Lang, BroadcastContent>> | undefined;
  contentByVariant?: Record<string, BroadcastContent> | undefined;
  paid?: boolean | undefined;
  createdBy: string;
  progressChatId?: string | undefined;
  /** Stays a draft until then; {@link BroadcastEngine.startDue} starts it. */
  scheduledAt?: Date | undefined;
}

/** A job with its counts, for listings. */
export interface JobStatus extends JobCounts {
  job: JobRecord;
  /** People who pressed a button of the message after it reached them. */
  pressed: number;
}

/** The engine's public API. */
export interface BroadcastEngine {
  /** Plugs in a channel's transport; jobs with recipients on it can then run. */
  attach(transport: MessageTransport): void;
  /** The shared limiter of a channel (other outgoing messages should await it too). */
  limiter(channel: Channel): RateLimiter;
  /** Stores a draft; `undefined` when `input.id` already exists. Recipients are de-duplicated. */
  create(input: NewJob): Promise<JobRecord | undefined>;
  /** Starts (or resumes) sending a draft or paused job; false when not possible. */
  start(id: string): Promise<boolean>;
  pause(id: string): Promise<boolean>;
  resume(id: string): Promise<boolean>;
  /** Stops for good; recipients not reached stay unsent. */
  stop(id: string): Promise<boolean>;
  get(id: string): Promise<JobStatus | undefined>;
  /** The newest `limit` jobs, newest first, leaving out audiences of the `except` kinds. */
  recent(limit: number, except?: readonly AudienceSpec["kind"][]): Promise<JobStatus[]>;
  /** Counts and the failed recipients as CSV. */
  report(id: string): Promise<JobReport | undefined>;
  /** Someone (`key`) pressed a button of job `id`'s message; each person counts once. */
  recordPress(id: string, key: string): Promise<void>;
  /**
   * Starts every scheduled draft whose time has come (also the ones missed while the bot was
   * down). Returns their ids. Call on a timer and at start-up.
   */
  startDue(now: Date): Promise<string[]>;
  /** Resumes every job left `sending` (after a restart or crash). Returns their ids. */
  resumeAll(): Promise<string[]>;
  /** Resolves when the job's current run (if any) has ended. */
  settled(id: string): Promise<void>;
  /** Listens to progress snapshots (throttled, plus a final one per run); returns an unsubscribe. */
  onProgress(listener: (progress: JobProgress, job: JobRecord) => void): () => void;
  /** Finishes in-flight sends and stops every run, leaving jobs `sending` for the next start. */
  shutdown(): Promise<void>;
}
