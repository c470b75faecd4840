/**
 * One run of one job: its recipients split into a lane per channel, each sent by the sender
 * (`sender.ts`), outcomes appended to the job's log, progress snapshots emitted; with claims
 * (several instances), recipients are claimed in batches until none is left.
 */
import { ProgressTracker, countOutcomes } from "./progress.js";
import type { RateLimiter } from "./rate-limiter.js";
import { runLane, type SenderOptions } from "./sender.js";
import type {
  BroadcastContent,
  Channel,
  JobProgress,
  JobRecord,
  MessageTransport,
  Recipient,
} from "./types.js";
import type { BroadcastEngineDeps } from "./engine-api.js";

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

/** Why a run stops early. */
export type Halt = "paused" | "stopped" | "shutdown";

/** A job being sent by this instance. */
export interface ActiveRun {
  halt: Halt | undefined;
  done: Promise<void>;
  /**
   * Joined a job another instance may be running (resumed with claims): it sends but only
   * reports the end, so the coordinator does not get a status message per instance.
   */
  helper: boolean;
}

/** What a run needs from its engine. */
export interface RunEnv {
  deps: BroadcastEngineDeps;
  senderOptions: SenderOptions;
  progressInterval: number;
  instanceId: string;
  claimBatch: number;
  claimLeaseMs: number;
  transports: ReadonlyMap<Channel, MessageTransport>;
  /** The limiter a lane awaits (the channel's, then the instances' shared pace). */
  laneLimiter(channel: Channel): RateLimiter;
  emit(progress: JobProgress, job: JobRecord): void;
  timeNow(): number;
}

/** Sends `job` until it is done or `run.halt` is set; saves the job's final state. */
export async function runJob(env: RunEnv, job: JobRecord, run: ActiveRun): Promise<void> {
  const { deps, timeNow, emit } = env;
  const claims = deps.store.claims;
  const outcomes = await deps.store.outcomes(job.id);
  const tracker = new ProgressTracker(
    job.id,
    countOutcomes(job.total, outcomes),
    timeNow(),
    env.progressInterval,
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
        const transport = env.transports.get(channel);
        if (!transport) {
          for (const recipient of lane) await record(recipient, "failed", "no_transport");
          return;
        }
        await runLane({
          recipients: lane,
          transport,
          limiter: env.laneLimiter(channel),
          paid: job.paid,
          jobId: job.id,
          contentFor: (r) => contentFor(job, r),
          record,
          markBlocked: (r) => deps.markBlocked(r.key, deps.now()),
          halted: () => run.halt !== undefined,
          onRateLimited: (ms) => deps.onRateLimited?.(channel, ms),
          options: env.senderOptions,
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
        const batch = await claims.claim(job.id, env.instanceId, env.claimBatch, env.claimLeaseMs);
        if (batch.length === 0) break;
        if (!spoke && !run.helper) emit(tracker.snapshot(timeNow(), "sending", false), job);
        spoke = !run.helper;
        // Keep the claims alive while this instance works on them (429 pauses can be long).
        const renewing = setInterval(
          () => void claims.renew(job.id, env.instanceId, env.claimLeaseMs).catch(() => undefined),
          Math.max(100, env.claimLeaseMs / 3),
        );
        try {
          await sendAll(batch);
        } finally {
          clearInterval(renewing);
        }
      }
      if (run.halt !== undefined) await claims.release(job.id, env.instanceId);
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
}
