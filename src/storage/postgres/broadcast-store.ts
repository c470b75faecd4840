/**
 * Broadcast jobs on PostgreSQL: `broadcast_jobs` (the small record), `broadcast_recipients`
 * (the frozen audience, written with the job in one transaction, so a job never exists without
 * its complete audience) and `broadcast_outcomes` (one row per recipient's final result; the
 * first result logged wins, so a resend after a crash adds no second row).
 */
import type { BroadcastStore, OutcomeLog } from "../../domain/broadcast/store.js";
import type {
  JobCounts,
  JobRecord,
  OutcomeEntry,
  Recipient,
} from "../../domain/broadcast/types.js";
import { docs, json } from "./json.js";
import type { SqlClient, SqlQueryable } from "./sql-client.js";

/** Recipients written per statement when a job is created. */
const RECIPIENT_CHUNK = 5000;
/** Outcomes written per statement by a log. */
const OUTCOME_CHUNK = 500;
/** Tries of one outcome batch before it is given up. */
const WRITE_ATTEMPTS = 4;

interface OutcomeRow {
  key: string;
  result: OutcomeEntry["r"];
  error: string | null;
}

const toEntry = (row: OutcomeRow): OutcomeEntry =>
  row.error === null ? { k: row.key, r: row.result } : { k: row.key, r: row.result, e: row.error };

/** Writes `entries` in one statement (duplicates of a logged recipient are ignored). */
export async function insertOutcomes(
  db: SqlQueryable,
  jobId: string,
  entries: readonly OutcomeEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  // One statement: the outcomes, and the recipients marked done (no longer claimable).
  await db.query(
    `WITH logged AS (
       INSERT INTO broadcast_outcomes (job_id, key, result, error)
       SELECT $1, e->>'k', e->>'r', e->>'e'
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(e, n)
       ORDER BY n
       ON CONFLICT (job_id, key) DO NOTHING
     )
     UPDATE broadcast_recipients SET done = true, claimed_by = NULL, claimed_until = NULL
     WHERE job_id = $1 AND key = ANY($3::text[]) AND NOT done`,
    [jobId, json(entries), entries.map((e) => e.k)],
  );
}

/**
 * A log that writes appends in batches: `append` queues the entry and returns a promise that
 * settles once its batch is committed; one batch is in flight at a time, the next one collects
 * meanwhile. `close` waits for everything queued. The promise never rejects: a batch that cannot
 * be written after {@link WRITE_ATTEMPTS} tries is reported and dropped (its sends are repeated
 * when the job resumes, like sends in flight at a crash).
 */
function openBatchedLog(
  db: SqlQueryable,
  jobId: string,
  onWriteError: ((error: unknown) => void) | undefined,
): OutcomeLog & {
  append(entry: OutcomeEntry): Promise<void>;
} {
  let queue: Array<{ entry: OutcomeEntry; done: () => void }> = [];
  let flushing: Promise<void> | undefined;
  let open = true;
  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, OUTCOME_CHUNK);
      queue = queue.slice(batch.length);
      const entries = batch.map((item) => item.entry);
      for (let attempt = 1; ; attempt++) {
        try {
          await insertOutcomes(db, jobId, entries);
          break;
        } catch (error) {
          if (attempt >= WRITE_ATTEMPTS) {
            // Not logged: those recipients count as in flight and are sent again on resume.
            onWriteError?.(error);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
      for (const item of batch) item.done();
    }
    flushing = undefined;
  };
  return {
    append(entry) {
      if (!open) return Promise.resolve();
      const written = new Promise<void>((done) => {
        queue.push({ entry: { ...entry }, done });
      });
      flushing ??= flush();
      return written;
    },
    async close() {
      open = false;
      while (flushing) await flushing;
    },
  };
}

/** The broadcast store on PostgreSQL. */
export function postgresBroadcastStore(
  db: SqlClient,
  onWriteError?: (error: unknown) => void,
): BroadcastStore {
  const get = async (id: string) =>
    docs<JobRecord>(
      (await db.query<{ doc: unknown }>("SELECT doc FROM broadcast_jobs WHERE id = $1", [id])).rows,
    )[0];
  return {
    create: (job, recipients) =>
      db.transaction(async (tx) => {
        const created = await tx.query(
          `INSERT INTO broadcast_jobs (id, created_at, state, doc) VALUES ($1, $2, $3, $4::jsonb)
           ON CONFLICT (id) DO NOTHING`,
          [job.id, job.createdAt, job.state, json(job)],
        );
        if (created.rowCount !== 1) return false;
        for (let start = 0; start < recipients.length; start += RECIPIENT_CHUNK) {
          await tx.query(
            `INSERT INTO broadcast_recipients (job_id, seq, key, doc)
             SELECT $1, $2::int + n::int - 1, r->>'key', r
             FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(r, n)`,
            [job.id, start, json(recipients.slice(start, start + RECIPIENT_CHUNK))],
          );
        }
        return true;
      }),
    get,
    recent: async (limit, except = []) =>
      docs<JobRecord>(
        (
          await db.query<{ doc: unknown }>(
            `SELECT doc FROM broadcast_jobs WHERE NOT (doc->'audience'->>'kind' = ANY($2::text[]))
             ORDER BY created_at DESC, id DESC LIMIT $1`,
            [Math.max(0, Math.floor(limit)), [...except]],
          )
        ).rows,
      ),
    sending: async () =>
      docs<JobRecord>(
        (
          await db.query<{ doc: unknown }>(
            "SELECT doc FROM broadcast_jobs WHERE state = 'sending' ORDER BY created_at, id",
          )
        ).rows,
      ),
    counts: async (id) => {
      const job = await get(id);
      if (!job) return undefined;
      const { rows } = await db.query<{ result: OutcomeEntry["r"]; n: number }>(
        "SELECT result, count(*)::int AS n FROM broadcast_outcomes WHERE job_id = $1 GROUP BY result",
        [id],
      );
      const counts: JobCounts = { total: job.total, sent: 0, failed: 0, blocked: 0, remaining: 0 };
      let logged = 0;
      for (const row of rows) {
        counts[row.result] += row.n;
        logged += row.n;
      }
      counts.remaining = Math.max(0, job.total - logged);
      return counts;
    },
    save: async (job) => {
      await db.query(
        `INSERT INTO broadcast_jobs (id, created_at, state, doc) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, doc = EXCLUDED.doc`,
        [job.id, job.createdAt, job.state, json(job)],
      );
    },
    transition: async (job, from) =>
      (
        await db.query(
          "UPDATE broadcast_jobs SET state = $2, doc = $3::jsonb WHERE id = $1 AND state = $4",
          [job.id, job.state, json(job), from],
        )
      ).rowCount === 1,
    recipients: async (id) =>
      docs<Recipient>(
        (
          await db.query<{ doc: unknown }>(
            "SELECT doc FROM broadcast_recipients WHERE job_id = $1 ORDER BY seq",
            [id],
          )
        ).rows,
      ),
    outcomes: async (id) =>
      (
        await db.query<OutcomeRow>(
          "SELECT key, result, error FROM broadcast_outcomes WHERE job_id = $1 ORDER BY seq",
          [id],
        )
      ).rows.map(toEntry),
    openLog: async (id) => openBatchedLog(db, id, onWriteError),
    recordPress: async (id, key) => {
      // A job that is gone (or never was) records nothing: the WHERE EXISTS keeps the FK quiet.
      await db.query(
        `INSERT INTO broadcast_presses (job_id, key)
         SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM broadcast_jobs WHERE id = $1)
         ON CONFLICT DO NOTHING`,
        [id, key],
      );
    },
    pressCount: async (id) =>
      (
        await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM broadcast_presses WHERE job_id = $1",
          [id],
        )
      ).rows[0]?.n ?? 0,
    claims: {
      claim: async (jobId, owner, limit, leaseMs) =>
        docs<Recipient>(
          (
            await db.query<{ doc: unknown; seq: number }>(
              `WITH picked AS (
                 SELECT seq FROM broadcast_recipients
                 WHERE job_id = $1 AND NOT done
                   AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
                 ORDER BY seq
                 LIMIT $2
                 FOR UPDATE SKIP LOCKED
               )
               UPDATE broadcast_recipients r
               SET claimed_by = $3, claimed_until = clock_timestamp() + $4 * interval '1 millisecond'
               FROM picked WHERE r.job_id = $1 AND r.seq = picked.seq
               RETURNING r.doc, r.seq`,
              [jobId, limit, owner, leaseMs],
            )
          ).rows.sort((a, b) => a.seq - b.seq),
        ),
      renew: async (jobId, owner, leaseMs) => {
        await db.query(
          `UPDATE broadcast_recipients
           SET claimed_until = clock_timestamp() + $3 * interval '1 millisecond'
           WHERE job_id = $1 AND claimed_by = $2 AND NOT done`,
          [jobId, owner, leaseMs],
        );
      },
      release: async (jobId, owner) => {
        await db.query(
          `UPDATE broadcast_recipients SET claimed_by = NULL, claimed_until = NULL
           WHERE job_id = $1 AND claimed_by = $2 AND NOT done`,
          [jobId, owner],
        );
      },
      openCount: async (jobId) =>
        (
          await db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM broadcast_recipients WHERE job_id = $1 AND NOT done",
            [jobId],
          )
        ).rows[0]?.n ?? 0,
    },
  };
}
