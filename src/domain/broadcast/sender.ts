/**
 * The sender of one channel of one job run: takes recipients in order, awaits the channel's
 * rate limiter (never a fixed sleep), keeps up to `maxInFlight` sends in flight, and turns
 * each transport outcome into a decision. Only final results are recorded.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Grant, RateLimiter } from "./rate-limiter.js";
import type {
  BroadcastContent,
  MessageTransport,
  Recipient,
  RecipientResult,
  SendOutcome,
} from "./types.js";

/** Tuning of the sender. */
export interface SenderOptions {
  /** Sends awaiting an answer at once; this is also the crash duplicate bound. Default 16. */
  maxInFlight: number;
  /** Attempts for 5xx / network errors before a recipient counts as failed. Default 4. */
  maxAttempts: number;
  /** First backoff after a 5xx / network error; doubles on each attempt. Default 500 ms. */
  backoffMs: number;
}

/** Default {@link SenderOptions}. */
export const DEFAULT_SENDER_OPTIONS: SenderOptions = {
  maxInFlight: 16,
  maxAttempts: 4,
  backoffMs: 500,
};

/** What one lane needs. */
export interface LaneInput {
  recipients: readonly Recipient[];
  transport: MessageTransport;
  limiter: RateLimiter;
  paid: boolean;
  /** The job being sent (passed to the transport, which may tag buttons with it). */
  jobId?: string | undefined;
  contentFor(recipient: Recipient): BroadcastContent;
  /**
   * Records a final result; durable when it returns or, for a networked store, when the promise
   * it returns settles (see `OutcomeLog.append`). The send slot is freed only after that.
   */
  record(recipient: Recipient, result: RecipientResult, code?: string): void | Promise<void>;
  markBlocked(recipient: Recipient): Promise<void>;
  /** True once the run must stop taking new sends (pause, stop, shutdown). */
  halted(): boolean;
  /** Told about every 429 the platform answered. */
  onRateLimited(retryAfterMs: number): void;
  options: SenderOptions;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function safeSend(input: LaneInput, recipient: Recipient): Promise<SendOutcome> {
  try {
    return await input.transport.send(recipient.chatId, input.contentFor(recipient), {
      paid: input.paid,
      jobId: input.jobId,
    });
  } catch {
    // A transport is meant to return outcomes; anything it throws is treated as transient.
    return { kind: "transient", code: "exception" };
  }
}

/** Sends to one recipient until a final result, or until the run halts (then nothing is recorded). */
async function deliver(input: LaneInput, recipient: Recipient, first: Grant): Promise<void> {
  let attempt = 1;
  let grant = first;
  for (;;) {
    const outcome = await safeSend(input, recipient);
    grant.done();
    switch (outcome.kind) {
      case "sent":
        await input.record(recipient, "sent");
        return;
      case "blocked":
        await input.markBlocked(recipient).catch(() => undefined);
        await input.record(recipient, "blocked", outcome.code);
        return;
      case "permanent":
        await input.record(recipient, "failed", outcome.code);
        return;
      case "rate_limited":
        // The whole channel waits exactly retry_after; this send is not counted as an attempt.
        input.limiter.pauseFor(outcome.retryAfterMs);
        input.onRateLimited(outcome.retryAfterMs);
        break;
      case "transient":
        if (attempt >= input.options.maxAttempts) {
          await input.record(recipient, "failed", outcome.code);
          return;
        }
        await wait(input.options.backoffMs * 2 ** (attempt - 1));
        attempt++;
        break;
    }
    if (input.halted()) return;
    grant = await input.limiter.acquire(recipient.chatId, input.paid);
    if (input.halted()) return;
  }
}

/** Runs one lane to the end of its recipients or until halted; resolves when nothing is in flight. */
export async function runLane(input: LaneInput): Promise<void> {
  let next = 0;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const waitForSlot = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });
  const release = () => {
    inFlight--;
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  while (next < input.recipients.length && !input.halted()) {
    while (inFlight >= input.options.maxInFlight) await waitForSlot();
    const recipient = input.recipients[next] as Recipient;
    const grant = await input.limiter.acquire(recipient.chatId, input.paid);
    if (input.halted()) break;
    next++;
    inFlight++;
    void deliver(input, recipient, grant).finally(release);
    // Let update handling and I/O run between sends, even when tokens are plentiful.
    await yieldToEventLoop();
  }
  while (inFlight > 0) await waitForSlot();
}
