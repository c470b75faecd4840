/** Programmes, events, users and unanswered questions on PostgreSQL. */
import type {
  EventRepository,
  ProgrammeRepository,
  SaveResult,
  UnansweredQuestion,
  UnansweredRepository,
  UserProfile,
  UserRepository,
  UserStats,
} from "../../domain/ports.js";
import type { CommunityEvent, Lang, Programme } from "../../domain/types.js";
import { docs, json, plain } from "./json.js";
import type { SqlClient, SqlQueryable } from "./sql-client.js";

/** Programmes in `programmes`. */
export function postgresProgrammes(db: SqlQueryable): ProgrammeRepository {
  return {
    list: async () =>
      docs<Programme>(
        (await db.query<{ doc: unknown }>("SELECT doc FROM programmes ORDER BY id")).rows,
      ),
    get: async (id) =>
      docs<Programme>(
        (await db.query<{ doc: unknown }>("SELECT doc FROM programmes WHERE id = $1", [id])).rows,
      )[0],
    save: async (programme) => {
      await db.query(
        `INSERT INTO programmes (id, doc) VALUES ($1, $2::jsonb)
         ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc`,
        [programme.id, json(programme)],
      );
    },
  };
}

const EVENT_UPSERT = `INSERT INTO events (id, version, province_id, date, doc)
  VALUES ($1, $2, $3, $4, $5::jsonb)
  ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, province_id = EXCLUDED.province_id,
    date = EXCLUDED.date, doc = EXCLUDED.doc`;

const eventParams = (event: CommunityEvent) => [
  event.id,
  event.version,
  event.provinceId,
  event.date,
  json(event),
];

/**
 * Events in `events`. A save with `expectedVersion` is one conditional `UPDATE … WHERE version
 * = $expected`: PostgreSQL's row lock makes the second of two concurrent saves re-check the
 * version after the first commits, so exactly one wins and the other gets the winner back.
 */
export function postgresEvents(db: SqlQueryable): EventRepository {
  const get = async (id: string) =>
    docs<CommunityEvent>(
      (await db.query<{ doc: unknown }>("SELECT doc FROM events WHERE id = $1", [id])).rows,
    )[0];
  return {
    list: async () =>
      docs<CommunityEvent>(
        (await db.query<{ doc: unknown }>("SELECT doc FROM events ORDER BY date, id")).rows,
      ),
    get,
    save: async (event, expectedVersion): Promise<SaveResult<CommunityEvent>> => {
      const stored = plain(event);
      if (expectedVersion === undefined) {
        await db.query(EVENT_UPSERT, eventParams(stored));
        return { ok: true, value: stored };
      }
      const updated = await db.query(
        `UPDATE events SET version = $2, province_id = $3, date = $4, doc = $5::jsonb
         WHERE id = $1 AND version = $6`,
        [...eventParams(stored), expectedVersion],
      );
      if (updated.rowCount === 1) return { ok: true, value: stored };
      // Not updated: either someone else saved first, or there is no such event yet.
      const inserted = await db.query(
        `INSERT INTO events (id, version, province_id, date, doc)
         VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (id) DO NOTHING`,
        eventParams(stored),
      );
      if (inserted.rowCount === 1) return { ok: true, value: stored };
      const current = await get(event.id);
      if (!current) return { ok: false, reason: "conflict", current: stored };
      return { ok: false, reason: "conflict", current };
    },
  };
}

/** Rows per page of a scan. */
const SCAN_PAGE = 2000;

const USER_WRITE = `INSERT INTO users (key, channel, lang, blocked_at, last_seen, doc)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb)
  ON CONFLICT (key) DO UPDATE SET channel = EXCLUDED.channel, lang = EXCLUDED.lang,
    blocked_at = EXCLUDED.blocked_at, last_seen = EXCLUDED.last_seen, doc = EXCLUDED.doc`;

const userParams = (profile: UserProfile) => [
  profile.key,
  profile.channel,
  profile.lang ?? null,
  profile.blockedAt ?? null,
  profile.lastSeen,
  json(profile),
];

/**
 * Users in `users`. `upsert` is a read-modify-write in one transaction: the row is locked
 * (`SELECT … FOR UPDATE`) while `update` runs, so concurrent upserts of one key apply one after
 * the other and none is lost. When the row does not exist yet there is nothing to lock: the
 * insert is `ON CONFLICT DO NOTHING`, and the loser of that race starts again on the winner's row.
 */
export function postgresUsers(db: SqlClient): UserRepository {
  return {
    get: async (key) =>
      docs<UserProfile>(
        (await db.query<{ doc: unknown }>("SELECT doc FROM users WHERE key = $1", [key])).rows,
      )[0],
    upsert: (key, update) =>
      db.transaction(async (tx) => {
        for (;;) {
          const { rows } = await tx.query<{ doc: UserProfile }>(
            "SELECT doc FROM users WHERE key = $1 FOR UPDATE",
            [key],
          );
          const current = rows[0]?.doc;
          const next = plain(update(current === undefined ? undefined : structuredClone(current)));
          if (current !== undefined) {
            await tx.query(USER_WRITE, userParams({ ...next, key }));
            return next;
          }
          const inserted = await tx.query(
            `INSERT INTO users (key, channel, lang, blocked_at, last_seen, doc)
             VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (key) DO NOTHING`,
            userParams({ ...next, key }),
          );
          if (inserted.rowCount === 1) return next;
        }
      }),
    getMany: async (keys) => {
      const found = new Map<string, UserProfile>();
      if (keys.length === 0) return found;
      const { rows } = await db.query<{ doc: UserProfile }>(
        "SELECT doc FROM users WHERE key = ANY($1::text[])",
        [[...keys]],
      );
      for (const { doc } of rows) found.set(doc.key, doc);
      return found;
    },
    stats: async (activeSince) => {
      const { rows } = await db.query<{
        lang: string | null;
        blocked: boolean;
        n: number;
        active: number;
      }>(
        `SELECT coalesce(lang, 'vi') AS lang, blocked_at IS NOT NULL AS blocked, count(*)::int AS n,
           count(*) FILTER (WHERE last_seen::timestamptz >= $1::timestamptz)::int AS active
         FROM users GROUP BY 1, 2`,
        [activeSince.toISOString()],
      );
      const stats: UserStats = { total: 0, blocked: 0, active: 0, reachableByLang: {} };
      for (const row of rows) {
        stats.total += row.n;
        stats.active += row.active;
        if (row.blocked) stats.blocked += row.n;
        else {
          const lang = row.lang as Lang;
          stats.reachableByLang[lang] = (stats.reachableByLang[lang] ?? 0) + row.n;
        }
      }
      return stats;
    },
    scan: async function* () {
      // Keyset pages on the primary key: each page is one indexed range read.
      let after = "";
      for (;;) {
        const { rows } = await db.query<{ key: string; doc: UserProfile }>(
          "SELECT key, doc FROM users WHERE key > $1 ORDER BY key LIMIT $2",
          [after, SCAN_PAGE],
        );
        if (rows.length === 0) return;
        yield rows.map((row) => row.doc);
        after = rows[rows.length - 1]?.key ?? after;
        if (rows.length < SCAN_PAGE) return;
      }
    },
    delete: async (key) => {
      await db.query("DELETE FROM users WHERE key = $1", [key]);
    },
  };
}

/** Unanswered questions in `unanswered`. */
export function postgresUnanswered(db: SqlQueryable): UnansweredRepository {
  return {
    add: async (question) => {
      await db.query(
        `INSERT INTO unanswered (id, user_key, at, handled_at, doc) VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (id) DO NOTHING`,
        [question.id, question.userKey, question.at, question.handledAt ?? null, json(question)],
      );
    },
    open: async (limit) =>
      docs<UnansweredQuestion>(
        (
          await db.query<{ doc: unknown }>(
            "SELECT doc FROM unanswered WHERE handled_at IS NULL ORDER BY seq DESC LIMIT $1",
            [Math.max(0, Math.floor(limit))],
          )
        ).rows,
      ),
    counts: async () => {
      const { rows } = await db.query<{ total: number; open: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE handled_at IS NULL)::int AS open
         FROM unanswered`,
      );
      return rows[0] ?? { total: 0, open: 0 };
    },
    countBy: async (userKey, since) =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM unanswered
           WHERE user_key = $1 AND at::timestamptz >= $2::timestamptz`,
          [userKey, since.toISOString()],
        )
      ).rows[0]?.n ?? 0,
    deleteFor: async (userKey) => {
      await db.query("DELETE FROM unanswered WHERE user_key = $1", [userKey]);
    },
    markHandled: async (ids, at) =>
      (
        await db.query(
          `UPDATE unanswered SET handled_at = $2, doc = jsonb_set(doc, '{handledAt}', to_jsonb($2::text))
           WHERE id = ANY($1::text[]) AND handled_at IS NULL`,
          [ids, at],
        )
      ).rowCount,
  };
}
