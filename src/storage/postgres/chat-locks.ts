/**
 * One chat at a time across instances. Each instance keeps ONE dedicated connection (a lock
 * session) and takes session-level advisory locks on it, one per chat being handled
 * (`pg_try_advisory_lock(7401300, hashtext(chat))`), so any number of chats can be locked at once
 * without holding a pool connection each. If the instance dies (`kill -9`), its connection
 * closes and PostgreSQL releases every lock it held at once: no lease to wait out.
 *
 * Order across instances: Telegram may deliver one chat's next update to another instance. So
 * whoever holds a chat's lock handles every update of that chat still pending in the shared
 * inbox up to the one it was given, oldest first, and marks each done; an instance that gets
 * the lock later finds those done and skips them. Every update is handled once, in order.
 */
import pg from "pg";
import type { SqlQueryable } from "./sql-client.js";
import type { PostgresUpdateInbox } from "./update-inbox.js";

/** The first key of Loa's chat locks (the second is the chat's hash). */
export const CHAT_LOCK_CLASS = 7_401_300;

/** Chat locks of one instance. */
export interface ChatLocks {
  /** Runs `fn` while holding `chatKey`'s lock (waits for it; polls while another instance holds it). */
  withLock<T>(chatKey: string, fn: () => Promise<T>): Promise<T>;
  /** Releases everything and closes the lock session. */
  close(): Promise<void>;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Chat locks on `session`, a single connection this instance uses for nothing else. */
export function createChatLocks(session: SqlQueryable & { close?(): Promise<void> }): ChatLocks {
  return {
    async withLock(chatKey, fn) {
      for (let delay = 5; ; delay = Math.min(100, delay * 2)) {
        const { rows } = await session.query<{ got: boolean }>(
          "SELECT pg_try_advisory_lock($1, hashtext($2)) AS got",
          [CHAT_LOCK_CLASS, chatKey],
        );
        if (rows[0]?.got) break;
        await wait(delay);
      }
      try {
        return await fn();
      } finally {
        await session
          .query("SELECT pg_advisory_unlock($1, hashtext($2))", [CHAT_LOCK_CLASS, chatKey])
          .catch(() => undefined);
      }
    },
    close: async () => {
      await session.close?.();
    },
  };
}

/** Opens a lock session (one `pg.Client`) on `url`. */
export async function openChatLocks(
  url: string,
  onError?: (error: Error) => void,
): Promise<ChatLocks> {
  const client = new pg.Client({ connectionString: url, application_name: "loa-chat-locks" });
  client.on("error", (error) => onError?.(error));
  await client.connect();
  // One connection runs one query at a time: chain them (pg would queue them, deprecated).
  let tail: Promise<unknown> = Promise.resolve();
  return createChatLocks({
    query: <R>(text: string, params?: unknown[]) => {
      const result = tail.then(async () => {
        const answer = await client.query(text, params as unknown[]);
        return { rows: answer.rows as R[], rowCount: answer.rowCount ?? answer.rows.length };
      });
      tail = result.catch(() => undefined);
      return result;
    },
    close: () => client.end(),
  });
}

/** What {@link handleInChatOrder} needs. */
export interface ChatOrderOptions<U> {
  locks: ChatLocks;
  inbox: PostgresUpdateInbox<U>;
  keyOf(update: U): string;
  idOf(update: U): number;
  /** Handles one update (the bot). */
  handle(update: U, signal: AbortSignal): Promise<void>;
  /** Told when handling an update threw; it is marked done anyway (no poison loops). */
  onError(error: unknown, id: number): void;
}

/**
 * Wraps an update handler for several instances: under the chat's lock, handles the chat's
 * pending updates up to this one in id order, marking each done. Returns the ids it handled.
 */
export function handleInChatOrder<U>(
  options: ChatOrderOptions<U>,
): (update: U, signal: AbortSignal) => Promise<number[]> {
  return (update, signal) =>
    options.locks.withLock(options.keyOf(update), async () => {
      const handled: number[] = [];
      const due = await options.inbox.pendingFor(options.keyOf(update), options.idOf(update));
      for (const item of due) {
        if (signal.aborted) break;
        try {
          await options.handle(item.update, signal);
        } catch (error) {
          if (signal.aborted) break;
          options.onError(error, item.id);
        }
        await options.inbox.markDone(item.id);
        handled.push(item.id);
      }
      return handled;
    });
}

/** What {@link adoptOrphans} needs. */
export interface AdoptOrphansOptions<U> {
  inbox: PostgresUpdateInbox<U>;
  /** The pipeline that schedules them (through {@link handleInChatOrder}). */
  pipeline: { adopt(items: readonly { id: number; update: U }[]): number };
  /** How often to look. Default 2 s. */
  everyMs?: number;
  /** Pending this long counts as left behind. Default 3 s. */
  ageMs?: number;
  onError(error: unknown): void;
}

/**
 * Several instances: updates an instance accepted but did not handle (it was stopped with a
 * chat's next updates still queued, or killed) are taken over by the others. Every `everyMs`,
 * pending updates older than `ageMs` are scheduled here; under the chat's lock they are handled
 * in order if still pending, and skipped if their instance finished them meanwhile. Returns a
 * stop function.
 */
export function adoptOrphans<U>(options: AdoptOrphansOptions<U>): () => void {
  const ageMs = options.ageMs ?? 3000;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    options.inbox
      .stale(ageMs, 500)
      .then((items) => void options.pipeline.adopt(items))
      .catch(options.onError)
      .finally(() => {
        running = false;
      });
  }, options.everyMs ?? 2000);
  timer.unref();
  return () => clearInterval(timer);
}
