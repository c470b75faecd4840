/**
 * Zalo updates in the shared inbox (`update_inbox`, channel `zalo`). Zalo message ids are
 * strings, so each gets one number in `zalo_update_ids` at its first arrival at any instance:
 * a redelivery, to whichever instance, maps to the same number and the inbox drops it.
 */
import type { ZaloInboxEntry } from "../../zalo/update-key.js";
import { zaloUpdateKey } from "../../zalo/update-key.js";
import type { SqlQueryable } from "./sql-client.js";
import { postgresUpdateInbox, type PostgresUpdateInbox } from "./update-inbox.js";

/** Numbers of Zalo message ids are kept this long (longer than the inbox keeps done rows). */
const IDS_RETENTION_DAYS = 7;

/** Gives Zalo message ids their inbox numbers. */
export interface ZaloUpdateIds {
  /** The number of `messageId` (the same every time); a fresh one when there is no id. */
  numberOf(messageId: string | undefined): Promise<number>;
}

/** {@link ZaloUpdateIds} on `zalo_update_ids`. */
export function postgresZaloUpdateIds(db: SqlQueryable): ZaloUpdateIds {
  let calls = 0;
  return {
    async numberOf(messageId) {
      if (++calls % 500 === 0) {
        await db.query(
          `DELETE FROM zalo_update_ids WHERE at < now() - interval '${IDS_RETENTION_DAYS} days'`,
        );
      }
      // Without an id there is nothing to recognise a repeat by: every delivery is new.
      const { rows } =
        typeof messageId === "string" && messageId.length > 0
          ? await db.query<{ id: string | number }>(
              `INSERT INTO zalo_update_ids (message_id) VALUES ($1)
               ON CONFLICT (message_id) DO UPDATE SET message_id = EXCLUDED.message_id
               RETURNING id`,
              [messageId],
            )
          : await db.query<{ id: string | number }>(
              "SELECT nextval(pg_get_serial_sequence('zalo_update_ids', 'id')) AS id",
            );
      return Number(rows[0]?.id);
    },
  };
}

/** The shared inbox of Zalo updates. */
export function postgresZaloInbox(db: SqlQueryable): PostgresUpdateInbox<ZaloInboxEntry> {
  return postgresUpdateInbox<ZaloInboxEntry>(db, {
    channel: "zalo",
    keyOf: (entry) => zaloUpdateKey(entry.update),
  });
}
