/**
 * The broadcast engine: durable jobs, one sender lane per channel, pause / resume / stop, and
 * resumption after a crash. Imports nothing from a chat library; transports are plugged in.
 *
 * Crash bound: an outcome is appended (durably against a process crash) before its send slot
 * is released, so after `kill -9` at most `maxInFlight` recipients per running lane were sent
 * to without a logged outcome; only those can receive the message twice.
 */
import {
  type BroadcastEngine,
  type BroadcastEngineDeps,
  type JobStatus,
  TELEGRAM_LIMITS,
} from "./engine-api.js";
import { type ActiveRun, type Halt, type RunEnv, runJob } from "./job-run.js";
import { countOutcomes, failedCsv } from "./progress.js";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.js";
import { DEFAULT_SENDER_OPTIONS, type SenderOptions } from "./sender.js";
import type { Channel, JobProgress, JobRecord, MessageTransport } from "./types.js";

export {
  type BroadcastEngine,
  type BroadcastEngineDeps,
  type JobStatus,
  type NewJob,
  type SharedPace,
  TELEGRAM_LIMITS,
} from "./engine-api.js";
export { contentFor } from "./job-run.js";

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
    pressed: await deps.store.pressCount(job.id),
  });

  /** The limiter a lane awaits: the channel's own, then the instances' shared pace if any. */
  const laneLimiter = (channel: Channel): RateLimiter => {
    const local = limiterOf(channel);
    const pace = deps.pace;
    if (!pace) return local;
    return {
      ...local,
      acquire: async (chatId, paid = false) => {
        const grant = await local.acquire(chatId, paid);
        if (!shuttingDown) await pace.acquire(channel, paid);
        return grant;
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

  const runEnv: RunEnv = {
    deps,
    senderOptions,
    progressInterval,
    instanceId,
    claimBatch,
    claimLeaseMs,
    transports,
    laneLimiter,
    emit,
    timeNow,
  };
  const execute = (job: JobRecord, run: ActiveRun) => runJob(runEnv, job, run);

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
    recordPress: (id, key) => deps.store.recordPress(id, key),
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
