/**
 * The durable inbox of updates on PostgreSQL (the `UpdateInbox` port of the update pipeline),
 * shared by every instance on the database: an update delivered to any of them is appended
 * once (by id), so a Telegram retry that reaches another instance is dropped there too.
 */
import { json } from "./json.js";
import type { SqlQueryable } from "./sql-client.js";

/** One update kept in the inbox: the platform's id and the update as received. */
export interface PostgresInboxItem<U> {
  id: number;
  update: U;
}

/** The inbox, plus what several instances need: a chat's pending updates and done checks. */
export interface PostgresUpdateInbox<U> {
  /** Appends the items not seen before (durable when it resolves); returns the new ones. */
  append(items: readonly PostgresInboxItem<U>[]): Promise<PostgresInboxItem<U>[]>;
  markDone(id: number): Promise<void>;
  /** Items not done, oldest first (replay at start). */
  pending(): Promise<PostgresInboxItem<U>[]>;
  /** Items not done that arrived more than `ageMs` ago, oldest first (at most `limit`). */
  stale(ageMs: number, limit: number): Promise<PostgresInboxItem<U>[]>;
  /** Items of one chat not done, up to and including `upToId`, oldest first. */
  pendingFor(chatKey: string, upToId: number): Promise<PostgresInboxItem<U>[]>;
  /** The highest id ever appended (0 when none). */
  lastId(): Promise<number>;
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** Options of {@link postgresUpdateInbox}. */
export interface PostgresInboxOptions<U> {
  /** `telegram` or `zalo`: ids are unique per channel. */
  channel: string;
  /** The ordering key (chat) of an update. */
  keyOf(update: U): string;
  /** Done ids are remembered this long to drop redeliveries. Default 48 h. */
  retentionMs?: number;
}

interface Row<U> {
  id: string | number;
  body: U;
}

const toItems = <U>(rows: Row<U>[]): PostgresInboxItem<U>[] =>
  rows.map((row) => ({ id: Number(row.id), update: row.body }));

/** Opens the inbox of one channel. */
export function postgresUpdateInbox<U>(
  db: SqlQueryable,
  options: PostgresInboxOptions<U>,
): PostgresUpdateInbox<U> {
  const { channel } = options;
  const retentionMs = options.retentionMs ?? 48 * 3600_000;
  let marks = 0;
  return {
    async append(items) {
      if (items.length === 0) return [];
      const rows = items.map((item) => ({
        id: item.id,
        k: options.keyOf(item.update),
        u: item.update,
      }));
      const { rows: inserted } = await db.query<{ id: string | number }>(
        `INSERT INTO update_inbox (channel, id, chat_key, body)
         SELECT $1, (r->>'id')::bigint, r->>'k', r->'u'
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n
         ON CONFLICT (channel, id) DO NOTHING
         RETURNING id`,
        [channel, json(rows)],
      );
      const fresh = new Set(inserted.map((row) => Number(row.id)));
      return items.filter((item) => fresh.delete(item.id));
    },
    async markDone(id) {
      await db.query(
        "UPDATE update_inbox SET done_at = now() WHERE channel = $1 AND id = $2 AND done_at IS NULL",
        [channel, id],
      );
      // Now and then, forget what is past the retention window.
      if (++marks % 500 === 0) {
        await db.query(
          "DELETE FROM update_inbox WHERE channel = $1 AND done_at < now() - $2 * interval '1 millisecond'",
          [channel, retentionMs],
        );
      }
    },
    pending: async () =>
      toItems(
        (
          await db.query<Row<U>>(
            "SELECT id, body FROM update_inbox WHERE channel = $1 AND done_at IS NULL ORDER BY id",
            [channel],
          )
        ).rows,
      ),
    stale: async (ageMs, limit) =>
      toItems(
        (
          await db.query<Row<U>>(
            `SELECT id, body FROM update_inbox
             WHERE channel = $1 AND done_at IS NULL
               AND received_at < now() - $2 * interval '1 millisecond'
             ORDER BY id LIMIT $3`,
            [channel, ageMs, limit],
          )
        ).rows,
      ),
    pendingFor: async (chatKey, upToId) =>
      toItems(
        (
          await db.query<Row<U>>(
            `SELECT id, body FROM update_inbox
             WHERE channel = $1 AND chat_key = $2 AND id <= $3 AND done_at IS NULL ORDER BY id`,
            [channel, chatKey, upToId],
          )
        ).rows,
      ),
    lastId: async () =>
      Number(
        (
          await db.query<{ id: string | number | null }>(
            "SELECT max(id) AS id FROM update_inbox WHERE channel = $1",
            [channel],
          )
        ).rows[0]?.id ?? 0,
      ),
    healthy: () =>
      db.query("SELECT 1").then(
        () => true,
        () => false,
      ),
    close: async () => undefined,
  };
}
