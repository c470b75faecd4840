/** The coordinator side on PostgreSQL: admins, the audit log, pending confirmations. */
import type {
  AdminRepository,
  AuditRepository,
  PendingActionRepository,
} from "../../domain/admin/ports.js";
import type { AdminRecord, AuditEntry, PendingAction } from "../../domain/admin/types.js";
import { docs, json } from "./json.js";
import type { SqlClient, SqlQueryable } from "./sql-client.js";

/** Entries kept in the audit log (as the lowdb backend); the oldest are dropped past it. */
export const POSTGRES_AUDIT_CAP = 5000;
/** Used or expired confirmations are dropped this long after they stop being useful. */
const PENDING_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Coordinators in `admins`. */
export function postgresAdmins(db: SqlClient): AdminRepository {
  const insert = (tx: SqlQueryable, record: AdminRecord) =>
    tx.query("INSERT INTO admins (user_id, doc) VALUES ($1, $2::jsonb)", [
      record.userId,
      json(record),
    ]);
  return {
    list: async () =>
      docs<AdminRecord>(
        (await db.query<{ doc: unknown }>("SELECT doc FROM admins ORDER BY seq")).rows,
      ),
    // Replacing moves the record to the end, as the lowdb backend does.
    put: (record) =>
      db.transaction(async (tx) => {
        await tx.query("DELETE FROM admins WHERE user_id = $1", [record.userId]);
        await insert(tx, record);
      }),
    remove: async (userId) =>
      (await db.query("DELETE FROM admins WHERE user_id = $1", [userId])).rowCount > 0,
    replaceAll: (records) =>
      db.transaction(async (tx) => {
        await tx.query("DELETE FROM admins");
        for (const record of records) await insert(tx, record);
      }),
  };
}

/** The audit log in `audit`, newest first by insertion. */
export function postgresAudit(db: SqlQueryable): AuditRepository {
  return {
    append: async (entry) => {
      const { rows } = await db.query<{ seq: string | number }>(
        "INSERT INTO audit (doc) VALUES ($1::jsonb) RETURNING seq",
        [json(entry)],
      );
      const seq = Number(rows[0]?.seq ?? 0);
      // Cheap on the primary key; keeps the table the size the lowdb file is capped at.
      if (seq > POSTGRES_AUDIT_CAP && seq % 100 === 0) {
        await db.query("DELETE FROM audit WHERE seq <= $1", [seq - POSTGRES_AUDIT_CAP]);
      }
    },
    recent: async (limit) =>
      docs<AuditEntry>(
        (
          await db.query<{ doc: unknown }>("SELECT doc FROM audit ORDER BY seq DESC LIMIT $1", [
            Math.max(0, Math.floor(limit)),
          ])
        ).rows,
      ),
  };
}

/**
 * Pending confirmations in `pending_actions`. `take` is ONE conditional `UPDATE … WHERE used_at
 * IS NULL AND not expired AND actor matches … RETURNING`: of two taps at once (two instances,
 * two connections), PostgreSQL lets one update the row and makes the other re-check `used_at`
 * after it commits, so exactly one wins. The row is kept (marked used, not deleted) so the
 * loser is told "already used" rather than "unknown".
 */
export function postgresPendingActions(db: SqlQueryable): PendingActionRepository {
  const peek = async (token: string) =>
    docs<PendingAction>(
      (
        await db.query<{ doc: unknown }>("SELECT doc FROM pending_actions WHERE token = $1", [
          token,
        ])
      ).rows,
    )[0];
  return {
    put: async (action) => {
      const cutoff = new Date(Date.parse(action.createdAt) - PENDING_RETENTION_MS).toISOString();
      await db.query(
        "DELETE FROM pending_actions WHERE expires_at::timestamptz < $1::timestamptz",
        [cutoff],
      );
      await db.query(
        `INSERT INTO pending_actions (token, actor_id, expires_at, used_at, doc)
         VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (token) DO UPDATE SET actor_id = EXCLUDED.actor_id,
           expires_at = EXCLUDED.expires_at, used_at = EXCLUDED.used_at, doc = EXCLUDED.doc`,
        [action.token, action.actorId, action.expiresAt, action.usedAt ?? null, json(action)],
      );
    },
    take: async (token, actorId, now) => {
      const at = now.toISOString();
      const { rows } = await db.query<{ doc: PendingAction }>(
        `UPDATE pending_actions
         SET used_at = $3, doc = jsonb_set(doc, '{usedAt}', to_jsonb($3::text))
         WHERE token = $1 AND actor_id = $2 AND used_at IS NULL
           AND expires_at::timestamptz > $3::timestamptz
         RETURNING doc`,
        [token, actorId, at],
      );
      const taken = rows[0]?.doc;
      if (taken) return { ok: true, action: taken };
      const action = await peek(token);
      if (!action) return { ok: false, reason: "missing" };
      if (action.actorId !== actorId) return { ok: false, reason: "not_yours" };
      if (action.usedAt) return { ok: false, reason: "used" };
      return { ok: false, reason: "expired" };
    },
    peek,
    discard: async (token, now) => {
      const at = now.toISOString();
      await db.query(
        `UPDATE pending_actions SET used_at = $2, doc = jsonb_set(doc, '{usedAt}', to_jsonb($2::text))
         WHERE token = $1 AND used_at IS NULL`,
        [token, at],
      );
    },
  };
}
