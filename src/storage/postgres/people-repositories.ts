/** Subscriptions and eligibility results on PostgreSQL. */
import type { EligibilityRecord, EligibilityRepository } from "../../domain/eligibility/service.js";
import type { SubscriberRef, Subscription, SubscriptionRepository } from "../../domain/ports.js";
import { docs, json } from "./json.js";
import type { SqlQueryable } from "./sql-client.js";

interface SubscriptionRow {
  user_key: string;
  kind: Subscription["kind"];
  target: string;
  lang: Subscription["lang"];
  created_at: string;
}

const SUBSCRIPTION_COLUMNS = "user_key, kind, target, lang, created_at";
/** Rows per page of a scan. */
const SCAN_PAGE = 2000;

const toSubscription = (row: SubscriptionRow): Subscription => ({
  userKey: row.user_key,
  kind: row.kind,
  target: row.target,
  lang: row.lang,
  createdAt: row.created_at,
});

/** Subscriptions in `subscriptions`, one row per (user, kind, target). */
export function postgresSubscriptions(db: SqlQueryable): SubscriptionRepository {
  const select = async (where: string, params: unknown[]) =>
    (
      await db.query<SubscriptionRow>(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions ${where} ORDER BY seq`,
        params,
      )
    ).rows.map(toSubscription);
  // Once per person: their earliest matching subscription gives the language.
  const refs = async (kind: Subscription["kind"], targets: string[]): Promise<SubscriberRef[]> =>
    (
      await db.query<{ user_key: string; lang: SubscriberRef["lang"] }>(
        `SELECT DISTINCT ON (user_key) user_key, lang, seq FROM subscriptions
         WHERE kind = $1 AND target = ANY($2::text[]) ORDER BY user_key, seq`,
        [kind, targets],
      )
    ).rows.map((row) => ({ userKey: row.user_key, lang: row.lang }));
  return {
    forEvent: (eventId) => refs("event", [eventId]),
    forProvinces: (provinceIds) => refs("province", [...provinceIds]),
    countsByEvent: async () => {
      const { rows } = await db.query<{ target: string; n: number }>(
        "SELECT target, count(*)::int AS n FROM subscriptions WHERE kind = 'event' GROUP BY target",
      );
      return Object.fromEntries(rows.map((row) => [row.target, row.n]));
    },
    scan: async function* () {
      let after = 0;
      for (;;) {
        const { rows } = await db.query<SubscriptionRow & { seq: string | number }>(
          `SELECT ${SUBSCRIPTION_COLUMNS}, seq FROM subscriptions WHERE seq > $1 ORDER BY seq LIMIT $2`,
          [after, SCAN_PAGE],
        );
        if (rows.length === 0) return;
        yield rows.map(toSubscription);
        after = Number(rows[rows.length - 1]?.seq ?? after);
        if (rows.length < SCAN_PAGE) return;
      }
    },
    listFor: (userKey) => select("WHERE user_key = $1", [userKey]),
    add: async (s) =>
      (
        await db.query(
          `INSERT INTO subscriptions (${SUBSCRIPTION_COLUMNS}) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING`,
          [s.userKey, s.kind, s.target, s.lang, s.createdAt],
        )
      ).rowCount === 1,
    remove: async (userKey, kind, target) =>
      (
        await db.query(
          "DELETE FROM subscriptions WHERE user_key = $1 AND kind = $2 AND target = $3",
          [userKey, kind, target],
        )
      ).rowCount > 0,
    removeAllFor: async (userKey) =>
      (await db.query("DELETE FROM subscriptions WHERE user_key = $1", [userKey])).rowCount,
  };
}

/** Latest eligibility result per customer in `eligibility_results`. */
export function postgresEligibility(db: SqlQueryable): EligibilityRepository {
  return {
    save: async (record) => {
      await db.query(
        `INSERT INTO eligibility_results (user_key, event_id, verdict, doc) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (user_key) DO UPDATE SET event_id = EXCLUDED.event_id,
           verdict = EXCLUDED.verdict, doc = EXCLUDED.doc`,
        [record.userKey, record.eventId ?? null, record.verdict, json(record)],
      );
    },
    get: async (userKey) =>
      docs<EligibilityRecord>(
        (
          await db.query<{ doc: unknown }>(
            "SELECT doc FROM eligibility_results WHERE user_key = $1",
            [userKey],
          )
        ).rows,
      )[0],
    countEligibleByEvent: async () => {
      const { rows } = await db.query<{ event_id: string; n: number }>(
        `SELECT event_id, count(*)::int AS n FROM eligibility_results
         WHERE event_id IS NOT NULL AND verdict IN ('eligible', 'partly') GROUP BY event_id`,
      );
      return Object.fromEntries(rows.map((row) => [row.event_id, row.n]));
    },
    countByVerdict: async () => {
      const { rows } = await db.query<{ verdict: string; n: number }>(
        "SELECT verdict, count(*)::int AS n FROM eligibility_results GROUP BY verdict",
      );
      return Object.fromEntries(rows.map((row) => [row.verdict, row.n]));
    },
    delete: async (userKey) => {
      await db.query("DELETE FROM eligibility_results WHERE user_key = $1", [userKey]);
    },
  };
}
