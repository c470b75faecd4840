/** grammY session and conversation storage on PostgreSQL: one row per (store, key). */
import type { StorageAdapter } from "grammy";
import { json } from "./json.js";
import type { SqlQueryable } from "./sql-client.js";

/**
 * A grammY {@link StorageAdapter} on `kv_sessions`, for sessions (`store` = "sessions") and
 * conversation state ("conversations"). A write that changes nothing touches no row, and every
 * write is durable when it resolves (one statement, autocommit).
 */
export function postgresSessionStorage<T>(db: SqlQueryable, store: string): StorageAdapter<T> {
  return {
    read: async (key) =>
      (
        await db.query<{ value: T }>(
          "SELECT value FROM kv_sessions WHERE store = $1 AND key = $2",
          [store, key],
        )
      ).rows[0]?.value,
    write: async (key, value) => {
      await db.query(
        `INSERT INTO kv_sessions (store, key, value) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (store, key) DO UPDATE SET value = EXCLUDED.value
         WHERE kv_sessions.value IS DISTINCT FROM EXCLUDED.value`,
        [store, key, json(value)],
      );
    },
    delete: async (key) => {
      await db.query("DELETE FROM kv_sessions WHERE store = $1 AND key = $2", [store, key]);
    },
  };
}
