/**
 * Long polling into the update pipeline: fetch a batch with `getUpdates`, make it durable in
 * the inbox, and only then acknowledge it (the next call's offset). A 409 Conflict (another
 * poller, or a webhook still set) and network faults are waited out with a short capped
 * back-off, never fatal; stopping aborts the poll and any wait at once.
 */
import { type Api, GrammyError, HttpError } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import type { UpdatePipeline } from "../../domain/updates/pipeline.js";

/** Options for {@link startLongPolling}. */
export interface LongPollingOptions {
  /** An `Api` without retrying transformers: the loop owns its retries. */
  api: Api;
  pipeline: UpdatePipeline<Update>;
  /** Resume after this update id (the inbox's last id). */
  lastId: number;
  logger: Logger;
  /** Seconds one `getUpdates` waits for updates. Default 25. */
  pollSeconds?: number;
  /** Longest wait between failed polls. Default 3 s. */
  maxBackoffMs?: number;
  /** Wait after a 409 Conflict. Default 3 s. */
  conflictWaitMs?: number;
  /** Stop fetching while this many updates are received and not done. Default 5,000. */
  maxBacklog?: number;
}

/** A running poll loop. */
export interface LongPolling {
  /** Resolves when the loop ended after {@link stop}; rejects on a fatal error (token refused). */
  done: Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

/** Starts polling. */
export function startLongPolling(options: LongPollingOptions): LongPolling {
  const { api, pipeline, logger } = options;
  const pollSeconds = options.pollSeconds ?? 25;
  const maxBackoff = options.maxBackoffMs ?? 3000;
  const conflictWait = options.conflictWaitMs ?? 3000;
  const maxBacklog = options.maxBacklog ?? 5000;
  const abort = new AbortController();
  const signal = abort.signal;
  let offset = options.lastId > 0 ? options.lastId + 1 : 0;

  const loop = async () => {
    let failures = 0;
    let conflicted = false;
    while (!signal.aborted) {
      if (pipeline.backlog() > maxBacklog) {
        await Promise.race([pipeline.whenBacklogAtMost(maxBacklog / 2), sleep(60_000, signal)]);
        continue;
      }
      let updates: Update[];
      try {
        updates = await api.getUpdates(
          { offset, timeout: pollSeconds, limit: 100 },
          // grammY types its signal with the abort-controller shim; Node's is the same thing.
          signal as Parameters<Api["getUpdates"]>[1],
        );
      } catch (error) {
        if (signal.aborted) break;
        if (
          error instanceof GrammyError &&
          (error.error_code === 401 || error.error_code === 404)
        ) {
          throw error;
        }
        if (error instanceof GrammyError && error.error_code === 409) {
          if (!conflicted) {
            logger.warn(
              { description: error.description },
              `getUpdates answered 409 Conflict: another instance is polling this token, or a webhook is set; retrying every ${conflictWait / 1000} s`,
            );
          }
          conflicted = true;
          await sleep(conflictWait, signal);
          continue;
        }
        if (error instanceof GrammyError && error.error_code === 429) {
          await sleep((error.parameters.retry_after ?? 1) * 1000, signal);
          continue;
        }
        failures++;
        const wait = Math.min(maxBackoff, 250 * 2 ** (failures - 1));
        if (failures === 1) {
          logger.warn(
            error instanceof HttpError
              ? { network: String(error.error) }
              : error instanceof GrammyError
                ? { error_code: error.error_code, description: error.description }
                : { err: error },
            `getUpdates failed; retrying every ${maxBackoff / 1000} s at most`,
          );
        }
        await sleep(wait, signal);
        continue;
      }
      if (failures > 0 || conflicted) logger.info("getUpdates works again");
      failures = 0;
      conflicted = false;
      if (updates.length === 0) continue;
      // Durable first, acknowledged second: the next offset tells Telegram they arrived.
      try {
        await pipeline.receive(updates.map((update) => ({ id: update.update_id, update })));
      } catch (error) {
        // Not durable, so not acknowledged: fetch the same batch again after a pause.
        logger.error({ err: error }, "could not store incoming updates; fetching them again");
        await sleep(maxBackoff, signal);
        continue;
      }
      // A redelivered old update must not move the offset back.
      for (const update of updates) offset = Math.max(offset, update.update_id + 1);
    }
  };

  const done = loop();
  return {
    done,
    async stop() {
      abort.abort();
      await done.catch(() => undefined);
    },
  };
}
