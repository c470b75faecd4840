/**
 * Persistence the broadcast engine needs. Designed so a send costs the same whatever the
 * audience size: recipients are written once, a job's small record is rewritten only when its
 * state changes, and each final outcome is one appended line.
 */
import { countOutcomes } from "./progress.js";
import type { AudienceSpec, JobCounts, JobRecord, OutcomeEntry, Recipient } from "./types.js";

/** Where a running job appends its outcomes. */
export interface OutcomeLog {
  /**
   * Appends one outcome. Must be durable against a process crash (not a power cut) when it
   * returns — or, for a networked store, when the promise it returns resolves — because the
   * engine counts the send as done from then on and frees its slot.
   */
  append(entry: OutcomeEntry): void | Promise<void>;
  close(): Promise<void>;
}

/**
 * Shared sending of one job by several instances (a networked store). A recipient is claimed
 * by one instance at a time for a lease; its logged outcome makes it done for everyone; a dead
 * instance's claims expire with their lease and are claimed again.
 */
export interface RecipientClaims {
  /** Claims up to `limit` recipients that are neither done nor claimed (in job order). */
  claim(jobId: string, owner: string, limit: number, leaseMs: number): Promise<Recipient[]>;
  /** Extends the owner's claims that are not done by `leaseMs` from now (still working). */
  renew(jobId: string, owner: string, leaseMs: number): Promise<void>;
  /** Gives back the owner's claims that are not done (a halted run). */
  release(jobId: string, owner: string): Promise<void>;
  /** Recipients not done yet, claimed or not. */
  openCount(jobId: string): Promise<number>;
}

/** Durable storage of broadcast jobs. */
export interface BroadcastStore {
  /** Stores a new job with its frozen recipients; false when a job with that id exists. */
  create(job: JobRecord, recipients: readonly Recipient[]): Promise<boolean>;
  get(id: string): Promise<JobRecord | undefined>;
  /** The newest `limit` jobs, newest first, leaving out audiences of the `except` kinds. */
  recent(limit: number, except?: readonly AudienceSpec["kind"][]): Promise<JobRecord[]>;
  /** Jobs left `sending` (to resume after a restart). */
  sending(): Promise<JobRecord[]>;
  /** Outcome counts of a job so far, without handing over its whole log. */
  counts(id: string): Promise<JobCounts | undefined>;
  /** Rewrites the job's record (state changes only; never per send). */
  save(job: JobRecord): Promise<void>;
  /**
   * Rewrites the job's record only if its stored state is still `from`; false when another
   * instance changed it first (so of two instances starting one scheduled job, one does).
   * Present on stores several instances share; without it the engine reads, checks and saves.
   */
  transition?(job: JobRecord, from: JobRecord["state"]): Promise<boolean>;
  recipients(id: string): Promise<Recipient[]>;
  /** Outcomes logged so far (a torn last line after a crash is ignored). */
  outcomes(id: string): Promise<OutcomeEntry[]>;
  openLog(id: string): Promise<OutcomeLog>;
  /**
   * Notes that the person `key` pressed a button of job `id`'s message (after it was sent).
   * Each person counts once however often they press; costs one small write per new presser,
   * nothing per recipient.
   */
  recordPress(id: string, key: string): Promise<void>;
  /** How many people pressed a button of job `id` so far. */
  pressCount(id: string): Promise<number>;
  /** Present when several instances may send one job together. */
  claims?: RecipientClaims | undefined;
}

/** A store in memory, for tests and the playground. */
export function createMemoryBroadcastStore(): BroadcastStore & {
  /** Appends counted per job, for tests. */
  appendCount(id: string): number;
} {
  const jobs = new Map<string, { job: JobRecord; recipients: Recipient[]; log: OutcomeEntry[] }>();
  const presses = new Map<string, Set<string>>();
  const entry = (id: string) => {
    const found = jobs.get(id);
    if (!found) throw new Error(`no broadcast job ${id}`);
    return found;
  };
  return {
    create: async (job, recipients) => {
      if (jobs.has(job.id)) return false;
      jobs.set(job.id, { job: structuredClone(job), recipients: [...recipients], log: [] });
      return true;
    },
    get: async (id) => structuredClone(jobs.get(id)?.job),
    recent: async (limit, except = []) =>
      [...jobs.values()]
        .map((j) => structuredClone(j.job))
        .filter((job) => !except.includes(job.audience.kind))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
        .slice(0, limit),
    sending: async () =>
      [...jobs.values()]
        .filter((j) => j.job.state === "sending")
        .map((j) => structuredClone(j.job)),
    counts: async (id) => {
      const found = jobs.get(id);
      return found && countOutcomes(found.job.total, found.log);
    },
    save: async (job) => {
      entry(job.id).job = structuredClone(job);
    },
    recipients: async (id) => [...entry(id).recipients],
    outcomes: async (id) => [...entry(id).log],
    openLog: async (id) => {
      const log = entry(id).log;
      return { append: (e) => void log.push({ ...e }), close: async () => undefined };
    },
    recordPress: async (id, key) => {
      if (!jobs.has(id)) return;
      const pressed = presses.get(id) ?? new Set<string>();
      presses.set(id, pressed.add(key));
    },
    pressCount: async (id) => presses.get(id)?.size ?? 0,
    appendCount: (id) => entry(id).log.length,
  };
}
