/** Subscriptions and eligibility results on PostgreSQL. */
import type { EligibilityRecord, EligibilityRepository } from "../../domain/eligibility/service.js";
import type { Subscription, SubscriptionRepository } from "../../domain/ports.js";
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
  return {
    list: () => select("", []),
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
    list: async () =>
      docs<EligibilityRecord>(
        (await db.query<{ doc: unknown }>("SELECT doc FROM eligibility_results ORDER BY user_key"))
          .rows,
      ),
    delete: async (userKey) => {
      await db.query("DELETE FROM eligibility_results WHERE user_key = $1", [userKey]);
    },
  };
}
