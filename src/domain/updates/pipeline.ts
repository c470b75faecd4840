/**
 * The path of every incoming update, whatever the channel and however it arrives (long polling
 * or webhook): append it to the durable inbox (deduplicated by id), let the caller acknowledge
 * it to the platform, handle it — different chats concurrently, one chat strictly in order —
 * and mark it done only once its handling is over. What was not done at a crash is replayed at
 * the next start, before anything new of the same chat.
 */
import type { InboxItem, UpdateInbox } from "../ports.js";

/** What the pipeline needs. */
export interface UpdatePipelineOptions<U> {
  inbox: UpdateInbox<U>;
  /** The ordering key of an update (its chat); updates with one key never overlap. */
  keyOf(update: U): string;
  /**
   * Handles one update. Resolves when it is over (answers sent, or failed for good). When
   * `signal` is aborted (shutdown), the handler should give up quickly; the update then stays
   * pending and is replayed at the next start.
   */
  handle(update: U, signal: AbortSignal): Promise<void>;
  /** Chats handled at once. */
  concurrency: number;
  /** Told when a handler threw (the update is marked done: a poison update must not loop). */
  onError(error: unknown, id: number): void;
}

/** A running pipeline. */
export interface UpdatePipeline<U> {
  /**
   * Appends the items to the inbox and schedules the new ones. Resolves once they are durable
   * (not handled): then the platform may be told they arrived. Returns how many were new.
   */
  receive(items: readonly InboxItem<U>[]): Promise<number>;
  /** Schedules what the inbox holds but was not done (call once, at start). */
  replay(): Promise<number>;
  /**
   * Schedules items already in the inbox (not appended again): updates another instance left
   * pending when it stopped or died. Ones scheduled here already are skipped; returns how many
   * were new.
   */
  adopt(items: readonly InboxItem<U>[]): number;
  /** Updates received and not yet done. */
  backlog(): number;
  /** Resolves when the backlog is at most `size`. */
  whenBacklogAtMost(size: number): Promise<void>;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  /**
   * Starts nothing new, waits up to `graceMs` for the updates being handled, then aborts the
   * rest (they stay pending in the inbox).
   */
  stop(graceMs: number): Promise<void>;
}

interface Queued<U> {
  id: number;
  update: U;
}

/** Creates the pipeline. */
export function createUpdatePipeline<U>(options: UpdatePipelineOptions<U>): UpdatePipeline<U> {
  const queues = new Map<string, Queued<U>[]>();
  /** Keys with queued work and no running handler, in the order they became ready. */
  const ready = new Set<string>();
  const running = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  /** Ids scheduled or running: a replay and a redelivery of one update never both run. */
  const known = new Set<number>();
  const abort = new AbortController();
  let stopped = false;
  let watchers: Array<{ size: number; resolve: () => void }> = [];

  const notify = () => {
    if (watchers.length === 0) return;
    const size = known.size;
    const still: typeof watchers = [];
    for (const watcher of watchers) {
      if (size <= watcher.size) watcher.resolve();
      else still.push(watcher);
    }
    watchers = still;
  };

  const runOne = async (key: string, item: Queued<U>) => {
    try {
      await options.handle(item.update, abort.signal);
    } catch (error) {
      if (!abort.signal.aborted) options.onError(error, item.id);
    }
    // Aborted at shutdown: leave it pending, the next start replays it.
    if (!abort.signal.aborted) {
      await options.inbox.markDone(item.id).catch((error: unknown) => {
        options.onError(error, item.id);
      });
    }
    known.delete(item.id);
    running.delete(key);
    const queue = queues.get(key);
    if (queue && queue.length > 0) ready.add(key);
    else queues.delete(key);
    notify();
    pump();
  };

  const pump = () => {
    while (!stopped && running.size < options.concurrency && ready.size > 0) {
      const key = ready.values().next().value as string;
      ready.delete(key);
      const item = queues.get(key)?.shift();
      if (!item) continue;
      running.add(key);
      const task = runOne(key, item);
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    }
  };

  const schedule = (items: readonly InboxItem<U>[]) => {
    let added = 0;
    for (const item of items) {
      if (known.has(item.id)) continue;
      known.add(item.id);
      added++;
      const key = options.keyOf(item.update);
      const queue = queues.get(key);
      if (queue) queue.push(item);
      else queues.set(key, [item]);
      if (!running.has(key)) ready.add(key);
    }
    pump();
    return added;
  };

  return {
    async receive(items) {
      const fresh = await options.inbox.append(items);
      return schedule(fresh);
    },
    async replay() {
      return schedule(await options.inbox.pending());
    },
    adopt: (items) => (stopped ? 0 : schedule(items)),
    backlog: () => known.size,
    whenBacklogAtMost(size) {
      if (known.size <= size) return Promise.resolve();
      return new Promise<void>((resolve) => watchers.push({ size, resolve }));
    },
    idle() {
      return this.whenBacklogAtMost(0);
    },
    async stop(graceMs) {
      stopped = true;
      if (inFlight.size > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          Promise.allSettled([...inFlight]),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, graceMs);
          }),
        ]);
        clearTimeout(timer);
      }
      abort.abort();
      // A handler that ignores the signal must not hold the shutdown: its update stays pending.
      let late: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise<void>((resolve) => {
          late = setTimeout(resolve, 1000);
        }),
      ]);
      clearTimeout(late);
      for (const watcher of watchers.splice(0)) watcher.resolve();
    },
  };
}
