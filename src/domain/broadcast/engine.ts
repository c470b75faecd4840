/**
 * The broadcast engine: durable jobs, one sender lane per channel, pause / resume / stop, and
 * resumption after a crash. Imports nothing from a chat library; transports are plugged in.
 *
 * Crash bound: an outcome is appended (durably against a process crash) before its send slot
 * is released, so after `kill -9` at most `maxInFlight` recipients per running lane were sent
 * to without a logged outcome; only those can receive the message twice.
 */
import { failedCsv, ProgressTracker, countOutcomes } from "./progress.js";
import { createRateLimiter, type RateLimiter, type RateLimits } from "./rate-limiter.js";
import { DEFAULT_SENDER_OPTIONS, runLane, type SenderOptions } from "./sender.js";
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

/** The content one recipient gets: their variant's, else their language's, else the default. */
export function contentFor(job: JobRecord, recipient: Recipient): BroadcastContent {
  return (
    (recipient.variant !== undefined
      ? job.contentByVariant?.[`${recipient.variant}:${recipient.lang}`]
      : undefined) ??
    job.contentByLang?.[recipient.lang] ??
    job.content
  );
}

type Halt = "paused" | "stopped" | "shutdown";

interface ActiveRun {
  halt: Halt | undefined;
  done: Promise<void>;
  /**
   * Joined a job another instance may be running (resumed with claims): it sends but only
   * reports the end, so the coordinator does not get a status message per instance.
   */
  helper: boolean;
}

/** Creates the engine. Call {@link BroadcastEngine.resumeAll} once transports are attached. */
export function createBroadcastEngine(deps: BroadcastEngineDeps): BroadcastEngine {
  const timeNow = deps.timeNow ?? Date.now;
  const senderOptions: SenderOptions = { ...DEFAULT_SENDER_OPTIONS, ...deps.sender };
  const progressInterval = deps.progressIntervalMs ?? 3000;
  const transports = new Map<Channel, MessageTransport>();
  const limiters = new Map<Channel, RateLimiter>();
  const runs = new Map<string, ActiveRun>();
  const listeners = new Set<(progress: JobProgress, job: JobRecord) => void>();
  let shuttingDown = false;
  const instanceId = deps.instanceId ?? `i-${Math.random().toString(36).slice(2, 10)}`;
  const claimBatch = deps.claimBatch ?? 32;
  const claimLeaseMs = deps.claimLeaseMs ?? 30_000;

  const limiterOf = (channel: Channel) => {
    let limiter = limiters.get(channel);
    if (!limiter) {
      limiter = createRateLimiter(deps.limits?.[channel] ?? TELEGRAM_LIMITS, timeNow);
      limiters.set(channel, limiter);
    }
    return limiter;
  };
  const emit = (progress: JobProgress, job: JobRecord) => {
    for (const listener of listeners) {
      try {
        listener(progress, job);
      } catch (error) {
        deps.onError?.(error, job.id);
      }
    }
  };
  const statusOf = async (job: JobRecord): Promise<JobStatus> => ({
    job,
    ...((await deps.store.counts(job.id)) ??
      countOutcomes(job.total, await deps.store.outcomes(job.id))),
  });

  /** The limiter a lane awaits: the channel's own, then the instances' shared pace if any. */
  const laneLimiter = (channel: Channel): RateLimiter => {
    const local = limiterOf(channel);
    const pace = deps.pace;
    if (!pace) return local;
    return {
      ...local,
      acquire: async (chatId, paid = false) => {
        await local.acquire(chatId, paid);
        if (!shuttingDown) await pace.acquire(channel, paid);
      },
      // Replies: this process's per-chat pace and pause first (no round trip when it is this
      // instance that just wrote to the chat), then the instances' shared ones.
      acquireReply: async (chatId) => {
        await local.acquireReply(chatId);
        if (!shuttingDown) await pace.acquireReply(channel, chatId);
      },
      pauseFor: (ms) => {
        local.pauseFor(ms);
        pace.pauseFor(channel, ms);
      },
    };
  };

  const execute = async (job: JobRecord, run: ActiveRun): Promise<void> => {
    const claims = deps.store.claims;
    const outcomes = await deps.store.outcomes(job.id);
    const tracker = new ProgressTracker(
      job.id,
      countOutcomes(job.total, outcomes),
      timeNow(),
      progressInterval,
    );
    const log = await deps.store.openLog(job.id);
    const record = (recipient: Recipient, result: "sent" | "failed" | "blocked", code?: string) => {
      const written = log.append(
        code === undefined
          ? { k: recipient.key, r: result }
          : { k: recipient.key, r: result, e: code },
      );
      tracker.add(result);
      const snapshot = run.helper ? undefined : tracker.due(timeNow(), "sending");
      if (snapshot) emit(snapshot, job);
      return written;
    };
    const sendAll = (recipients: readonly Recipient[]) => {
      const byChannel = new Map<Channel, Recipient[]>();
      for (const recipient of recipients) {
        const lane = byChannel.get(recipient.channel) ?? [];
        lane.push(recipient);
        byChannel.set(recipient.channel, lane);
      }
      return Promise.all(
        [...byChannel].map(async ([channel, lane]) => {
          const transport = transports.get(channel);
          if (!transport) {
            for (const recipient of lane) await record(recipient, "failed", "no_transport");
            return;
          }
          await runLane({
            recipients: lane,
            transport,
            limiter: laneLimiter(channel),
            paid: job.paid,
            contentFor: (r) => contentFor(job, r),
            record,
            markBlocked: (r) => deps.markBlocked(r.key, deps.now()),
            halted: () => run.halt !== undefined,
            onRateLimited: (ms) => deps.onRateLimited?.(channel, ms),
            options: senderOptions,
          });
        }),
      );
    };
    // With claims, other instances may be sending this job too: it is done only when no
    // recipient is left, and a run that found nothing to claim says nothing.
    let finished = true;
    let spoke = !claims && !run.helper;
    if (spoke) emit(tracker.snapshot(timeNow(), "sending", false), job);
    try {
      if (!claims) {
        const logged = new Set(outcomes.map((o) => o.k));
        await sendAll((await deps.store.recipients(job.id)).filter((r) => !logged.has(r.key)));
      } else {
        while (run.halt === undefined) {
          // A coordinator may have paused or stopped the job on another instance.
          const current = await deps.store.get(job.id);
          if (current?.state !== "sending") {
            run.halt = current?.state === "paused" ? "paused" : "stopped";
            break;
          }
          const batch = await claims.claim(job.id, instanceId, claimBatch, claimLeaseMs);
          if (batch.length === 0) break;
          if (!spoke && !run.helper) emit(tracker.snapshot(timeNow(), "sending", false), job);
          spoke = !run.helper;
          // Keep the claims alive while this instance works on them (429 pauses can be long).
          const renewing = setInterval(
            () => void claims.renew(job.id, instanceId, claimLeaseMs).catch(() => undefined),
            Math.max(100, claimLeaseMs / 3),
          );
          try {
            await sendAll(batch);
          } finally {
            clearInterval(renewing);
          }
        }
        if (run.halt !== undefined) await claims.release(job.id, instanceId);
        else finished = (await claims.openCount(job.id)) === 0;
      }
    } finally {
      await log.close();
    }
    if (run.halt === undefined) {
      if (!finished) return;
      job.state = "done";
      job.finishedAt = deps.now().toISOString();
      await deps.store.save(job);
    } else if (run.halt !== "shutdown") {
      job.state = run.halt;
    }
    if (spoke || job.state === "done") emit(tracker.snapshot(timeNow(), job.state, true), job);
  };

  const launch = (job: JobRecord, helper = false) => {
    const existing = runs.get(job.id);
    if (existing && existing.halt === undefined) return;
    const run: ActiveRun = { halt: undefined, done: Promise.resolve(), helper };
    run.done = (existing?.done ?? Promise.resolve())
      .then(() => execute(job, run))
      .catch((error: unknown) => deps.onError?.(error, job.id))
      .finally(() => {
        if (runs.get(job.id) === run) runs.delete(job.id);
      });
    runs.set(job.id, run);
  };

  const setState = async (
    id: string,
    allowed: readonly JobRecord["state"][],
    next: JobRecord["state"],
  ): Promise<JobRecord | undefined> => {
    const job = await deps.store.get(id);
    if (!job || !allowed.includes(job.state)) return undefined;
    const from = job.state;
    job.state = next;
    if (next === "stopped") job.finishedAt = deps.now().toISOString();
    // Several instances: only the one whose write finds the state it read makes the change.
    if (deps.store.transition) return (await deps.store.transition(job, from)) ? job : undefined;
    await deps.store.save(job);
    return job;
  };

  const halt = (id: string, reason: Halt) => {
    const run = runs.get(id);
    if (run && run.halt === undefined) run.halt = reason;
  };

  return {
    attach(transport) {
      transports.set(transport.channel, transport);
    },
    // Replies and progress edits share the lanes' view: with several instances a 429 any of
    // them sees pauses every instance.
    limiter: laneLimiter,
    async create(input) {
      const seen = new Set<string>();
      const recipients = input.recipients.filter((r) => !seen.has(r.key) && seen.add(r.key));
      const job: JobRecord = {
        id: input.id ?? deps.newId(),
        audience: input.audience,
        content: input.content,
        ...(input.contentByLang ? { contentByLang: input.contentByLang } : {}),
        ...(input.contentByVariant ? { contentByVariant: input.contentByVariant } : {}),
        paid: input.paid ?? false,
        createdBy: input.createdBy,
        createdAt: deps.now().toISOString(),
        state: "draft",
        total: recipients.length,
        ...(input.progressChatId ? { progressChatId: input.progressChatId } : {}),
        ...(input.scheduledAt ? { scheduledAt: input.scheduledAt.toISOString() } : {}),
      };
      return (await deps.store.create(job, recipients)) ? job : undefined;
    },
    async start(id) {
      if (shuttingDown) return false;
      const job = await setState(id, ["draft", "paused"], "sending");
      if (job) launch(job);
      return job !== undefined;
    },
    async pause(id) {
      const job = await setState(id, ["sending"], "paused");
      if (job) halt(id, "paused");
      return job !== undefined;
    },
    resume(id) {
      return this.start(id);
    },
    async stop(id) {
      const job = await setState(id, ["draft", "sending", "paused"], "stopped");
      if (job) halt(id, "stopped");
      return job !== undefined;
    },
    async get(id) {
      const job = await deps.store.get(id);
      return job && statusOf(job);
    },
    async recent(limit, except) {
      return Promise.all((await deps.store.recent(limit, except)).map(statusOf));
    },
    async report(id) {
      const job = await deps.store.get(id);
      if (!job) return undefined;
      const [recipients, outcomes] = await Promise.all([
        deps.store.recipients(id),
        deps.store.outcomes(id),
      ]);
      return {
        job,
        ...countOutcomes(job.total, outcomes),
        failedCsv: failedCsv(job, recipients, outcomes),
      };
    },
    async startDue(now) {
      const due = (await deps.store.recent(500, ["reminder"])).filter(
        (job) =>
          job.state === "draft" &&
          job.scheduledAt !== undefined &&
          Date.parse(job.scheduledAt) <= now.getTime(),
      );
      const started: string[] = [];
      for (const job of due) if (await this.start(job.id)) started.push(job.id);
      return started;
    },
    async resumeAll() {
      const sending = await deps.store.sending();
      for (const job of sending) launch(job, deps.store.claims !== undefined);
      return sending.map((job) => job.id);
    },
    async settled(id) {
      while (runs.has(id)) await runs.get(id)?.done;
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async shutdown() {
      shuttingDown = true;
      for (const id of runs.keys()) halt(id, "shutdown");
      // Waiters (e.g. behind a long retry_after) are let go; halted lanes send nothing more.
      for (const limiter of limiters.values()) limiter.close();
      await Promise.all([...runs.values()].map((run) => run.done));
    },
  };
}
