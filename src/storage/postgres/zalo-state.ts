/** Zalo state on PostgreSQL: per-chat state in `kv_sessions` (store `zalo`), handled ids in `zalo_seen`. */
import type { ZaloStateRepository } from "../../domain/ports.js";
import { json } from "./json.js";
import type { SqlQueryable } from "./sql-client.js";

/** Handled message ids are remembered this long (the platform retries within minutes). */
const SEEN_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** The Zalo channel's state. */
export function postgresZaloState(db: SqlQueryable): ZaloStateRepository {
  return {
    chats: {
      get: async (key) =>
        (
          await db.query<{ value: unknown }>(
            "SELECT value FROM kv_sessions WHERE store = 'zalo' AND key = $1",
            [key],
          )
        ).rows[0]?.value,
      put: async (key, value) => {
        await db.query(
          `INSERT INTO kv_sessions (store, key, value) VALUES ('zalo', $1, $2::jsonb)
           ON CONFLICT (store, key) DO UPDATE SET value = EXCLUDED.value`,
          [key, json(value)],
        );
      },
      delete: async (key) => {
        await db.query("DELETE FROM kv_sessions WHERE store = 'zalo' AND key = $1", [key]);
      },
    },
    seen: {
      has: async (id) =>
        (await db.query("SELECT 1 FROM zalo_seen WHERE id = $1", [id])).rows.length > 0,
      add: async (id, at) => {
        await db.query(
          "INSERT INTO zalo_seen (id, at) VALUES ($1, $2::timestamptz) ON CONFLICT (id) DO NOTHING",
          [id, at.toISOString()],
        );
        // Forget old ids now and then (about one write in a hundred), on the `at` index.
        if (Math.random() < 0.01) {
          await db.query("DELETE FROM zalo_seen WHERE at < $1::timestamptz", [
            new Date(at.getTime() - SEEN_RETENTION_MS).toISOString(),
          ]);
        }
      },
    },
  };
}
