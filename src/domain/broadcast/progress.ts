/** Counting a job run's results and turning them into progress snapshots and a report. */
import type {
  JobCounts,
  JobProgress,
  JobRecord,
  JobState,
  OutcomeEntry,
  Recipient,
  RecipientResult,
} from "./types.js";

/** Counts from logged outcomes (the last result per recipient wins). */
export function countOutcomes(total: number, outcomes: readonly OutcomeEntry[]): JobCounts {
  const last = new Map<string, RecipientResult>();
  for (const outcome of outcomes) last.set(outcome.k, outcome.r);
  const counts: JobCounts = { total, sent: 0, failed: 0, blocked: 0, remaining: 0 };
  for (const result of last.values()) counts[result]++;
  counts.remaining = Math.max(0, total - last.size);
  return counts;
}

/** Live counters of one run, with rate and ETA over the run so far. */
export class ProgressTracker {
  private doneThisRun = 0;
  private lastEmit: number;

  /** `startedAt` and every `now` are monotonic-ish milliseconds (Date.now by default). */
  constructor(
    private readonly jobId: string,
    readonly counts: JobCounts,
    private readonly startedAt: number,
    private readonly intervalMs: number,
  ) {
    this.lastEmit = startedAt;
  }

  /** Counts one final result. */
  add(result: RecipientResult): void {
    this.counts[result]++;
    this.counts.remaining = Math.max(0, this.counts.remaining - 1);
    this.doneThisRun++;
  }

  /** A snapshot when one is due (at most once per interval), else undefined. */
  due(now: number, state: JobState): JobProgress | undefined {
    if (now - this.lastEmit < this.intervalMs) return undefined;
    return this.snapshot(now, state, false);
  }

  /** A snapshot now. */
  snapshot(now: number, state: JobState, final: boolean): JobProgress {
    this.lastEmit = now;
    const seconds = (now - this.startedAt) / 1000;
    const rate = seconds > 0 ? this.doneThisRun / seconds : 0;
    return {
      jobId: this.jobId,
      state,
      ...this.counts,
      rate: Math.round(rate * 10) / 10,
      etaSeconds: rate > 0 ? Math.ceil(this.counts.remaining / rate) : undefined,
      final,
    };
  }
}

const csvField = (value: string) =>
  /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/** `key,chat_id,result,reason` for every recipient that did not get the message. */
export function failedCsv(
  job: JobRecord,
  recipients: readonly Recipient[],
  outcomes: readonly OutcomeEntry[],
): string {
  const last = new Map<string, OutcomeEntry>();
  for (const outcome of outcomes) last.set(outcome.k, outcome);
  const lines: string[] = [];
  for (const recipient of recipients) {
    const outcome = last.get(recipient.key);
    if (outcome?.r === "sent") continue;
    const reason = outcome ? (outcome.e ?? "") : job.state === "done" ? "unknown" : "not_sent";
    const result = outcome?.r ?? "pending";
    lines.push([recipient.key, recipient.chatId, result, reason].map(csvField).join(","));
  }
  return lines.length === 0 ? "" : ["key,chat_id,result,reason", ...lines].join("\n");
}
