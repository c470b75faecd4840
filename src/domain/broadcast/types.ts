/**
 * Types of the broadcast engine. Channel-agnostic: a recipient names its channel and chat id,
 * and a {@link MessageTransport} per channel does the sending.
 */
import type { Lang } from "../types.js";

/** A channel a recipient is reached on. */
export type Channel = "telegram" | "zalo";

/**
 * A button under a broadcast: an action with arguments (callback data on Telegram, as the
 * customers' own buttons) or a link. Channels without buttons leave them out.
 */
export interface ContentButton {
  label: string;
  action?: string | undefined;
  args?: string[] | undefined;
  url?: string | undefined;
  /** Callback data already encoded by its codec (coordinator buttons); wins over `action`. */
  callbackData?: string | undefined;
}

/** What a broadcast says: HTML (Telegram's subset) and, optionally, a photo with it as caption. */
export interface BroadcastContent {
  html: string;
  /** A photo the channel understands (Telegram file id or URL); `html` is then the caption. */
  photo?: string | undefined;
  /** Rows of buttons under the message. */
  buttons?: ContentButton[][] | undefined;
  /** The message (in the recipient's chat) this one answers, where the channel threads replies. */
  replyTo?: string | undefined;
}

/** One person a job sends to. Frozen when the job is created. */
export interface Recipient {
  /** Channel-qualified user key, e.g. `telegram:123`. */
  key: string;
  channel: Channel;
  chatId: string;
  lang: Lang;
  /**
   * Which version of a personalised job this person gets (e.g. `subscribed` or `other` for a
   * change notice, whose buttons differ); see {@link JobRecord.contentByVariant}.
   */
  variant?: string | undefined;
}

/** Who a job was meant for (kept for listings; the recipients are frozen separately). */
export type AudienceSpec =
  | { kind: "all" }
  | { kind: "province"; provinceId: string }
  | { kind: "event"; eventId: string }
  | { kind: "language"; lang: Lang }
  | { kind: "event_and_province"; eventId: string; provinceId: string }
  | { kind: "reminder"; eventId: string; slot: string }
  /** A message to named people (a coordinator's reply, a handoff to the coordinators). */
  | { kind: "direct"; topic: string };

/** Life of a job. `sending` jobs resume by themselves after a restart. */
export type JobState = "draft" | "sending" | "paused" | "done" | "stopped";

/** A durable broadcast job, without its recipients (those are stored once, separately). */
export interface JobRecord {
  id: string;
  audience: AudienceSpec;
  content: BroadcastContent;
  /** Per-language content; recipients whose language has none get {@link content}. */
  contentByLang?: Partial<Record<Lang, BroadcastContent>> | undefined;
  /**
   * Per-variant, per-language content keyed `<variant>:<lang>`; wins over
   * {@link contentByLang} for recipients with that variant.
   */
  contentByVariant?: Record<string, BroadcastContent> | undefined;
  /** Opt-in `allow_paid_broadcast`: a higher rate, paid per message. */
  paid: boolean;
  createdBy: string;
  createdAt: string;
  state: JobState;
  total: number;
  /** A draft with this ISO instant is started then (scheduled broadcasts). */
  scheduledAt?: string | undefined;
  /** Chat that follows the progress (the coordinator's), on the channel of {@link createdBy}. */
  progressChatId?: string | undefined;
  finishedAt?: string | undefined;
}

/** Final result of one recipient. Only final results are logged; retries are not. */
export type RecipientResult = "sent" | "failed" | "blocked";

/** One line of a job's outcome log. */
export interface OutcomeEntry {
  /** Recipient key. */
  k: string;
  r: RecipientResult;
  /** Why it failed (error code or "network"), for the failed-recipients CSV. */
  e?: string | undefined;
}

/**
 * What a transport says about one send. Errors are data, never thrown strings, so the engine
 * decides: wait (rate_limited), give up on the person (blocked), retry (transient), or count
 * it failed (permanent).
 */
export type SendOutcome =
  | { kind: "sent" }
  | { kind: "rate_limited"; retryAfterMs: number }
  | { kind: "blocked"; code: string }
  | { kind: "transient"; code: string }
  | { kind: "permanent"; code: string };

/** How one message of a job is sent. */
export interface SendOptions {
  /** Opt-in `allow_paid_broadcast`. */
  paid: boolean;
  /**
   * The job it belongs to: a channel with buttons tags them with it, so presses afterwards
   * count towards the job's report.
   */
  jobId?: string | undefined;
}

/** Sends one message on one channel. Implementations must not retry by themselves. */
export interface MessageTransport {
  readonly channel: Channel;
  send(chatId: string, content: BroadcastContent, options: SendOptions): Promise<SendOutcome>;
}

/** Counts of a job, as far as it got. */
export interface JobCounts {
  total: number;
  sent: number;
  failed: number;
  blocked: number;
  remaining: number;
}

/** A progress snapshot for status messages. */
export interface JobProgress extends JobCounts {
  jobId: string;
  state: JobState;
  /** Messages per second over the current run. */
  rate: number;
  /** Seconds to go at that rate; undefined until there is a rate. */
  etaSeconds: number | undefined;
  /** True for the last snapshot of a run (done, stopped, paused, or shut down). */
  final: boolean;
}

/** The final report of a job. */
export interface JobReport extends JobCounts {
  job: JobRecord;
  /** `key,chat_id,reason` lines of failed recipients, with a header; empty when none. */
  failedCsv: string;
}
