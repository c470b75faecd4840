/**
 * The audience already on file for the scale bench: N users (and optionally N subscriptions and
 * N eligibility results), written straight into a lowdb data dir (the sharded layout) or a
 * PostgreSQL database (one INSERT … SELECT per table), so a million records load in seconds.
 */
import { join } from "node:path";
import type { EligibilityRecord } from "../../src/domain/eligibility/service.js";
import type { Subscription, UserProfile } from "../../src/domain/ports.js";
import type { SqlClient } from "../../src/storage/postgres/sql-client.js";
import { createCollectionInPasses } from "../../src/storage/shard-bulk.js";

/** The middle value (upper middle of an even count). */
export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Telegram ids of the users on file start here (new users in a burst come from elsewhere). */
export const FIRST_ON_FILE = 100_000_000;

/** The i-th user on file. */
export function profileOf(i: number): UserProfile {
  return {
    key: `telegram:${FIRST_ON_FILE + i}`,
    channel: "telegram",
    chatId: String(FIRST_ON_FILE + i),
    name: `Người dùng ${i}`,
    lang: i % 5 === 0 ? "en" : "vi",
    firstSeen: "2013-10-20T02:00:00.000Z",
    lastSeen: "2013-10-29T02:00:00.000Z",
  };
}

function subscriptionOf(i: number): Subscription {
  return {
    userKey: profileOf(i).key,
    kind: i % 2 ? "event" : "province",
    target: i % 2 ? "hg13" : "ha-giang",
    lang: "vi",
    createdAt: "2013-10-29T02:00:00.000Z",
  };
}

function resultOf(i: number): EligibilityRecord {
  return {
    userKey: profileOf(i).key,
    eventId: "hg13",
    provinceId: "ha-giang",
    outcomeId: "full",
    verdict: i % 3 ? "eligible" : "not_eligible",
    at: "2013-10-29T02:00:00.000Z",
  };
}

function* entries<T>(count: number, of: (i: number) => T): Iterable<[string, T]> {
  for (let i = 0; i < count; i++) yield [profileOf(i).key, of(i)];
}

/** Writes `count` users (with `everything`, also a subscription and a result each) into `dir`. */
export async function populateLowdb(
  dir: string,
  count: number,
  everything: boolean,
): Promise<void> {
  const passes = Math.max(1, Math.ceil(count / 200_000));
  const write = <T>(name: string, of: (i: number) => T) =>
    createCollectionInPasses(join(dir, name), count, () => entries(count, of), 64, passes);
  await write("users", profileOf);
  if (!everything) return;
  await write("subscriptions", (i) => [subscriptionOf(i)]);
  await write("eligibility", resultOf);
}

/** The same records as {@link populateLowdb}, in a migrated PostgreSQL database. */
export async function populatePostgres(
  db: SqlClient,
  count: number,
  everything: boolean,
): Promise<void> {
  if (count === 0) return;
  const key = `'telegram:' || (${FIRST_ON_FILE} + i)`;
  const lang = "CASE WHEN i % 5 = 0 THEN 'en' ELSE 'vi' END";
  await db.query(
    `INSERT INTO users (key, channel, lang, last_seen, doc)
     SELECT ${key}, 'telegram', ${lang}, '2013-10-29T02:00:00.000Z',
       jsonb_build_object('key', ${key}, 'channel', 'telegram', 'chatId', (${FIRST_ON_FILE} + i)::text,
         'name', 'Người dùng ' || i, 'lang', ${lang},
         'firstSeen', '2013-10-20T02:00:00.000Z', 'lastSeen', '2013-10-29T02:00:00.000Z')
     FROM generate_series(0, $1::int - 1) AS i`,
    [count],
  );
  if (everything) {
    await db.query(
      `INSERT INTO subscriptions (user_key, kind, target, lang, created_at)
       SELECT ${key}, CASE WHEN i % 2 = 1 THEN 'event' ELSE 'province' END,
         CASE WHEN i % 2 = 1 THEN 'hg13' ELSE 'ha-giang' END, 'vi', '2013-10-29T02:00:00.000Z'
       FROM generate_series(0, $1::int - 1) AS i`,
      [count],
    );
    const verdict = "CASE WHEN i % 3 = 0 THEN 'not_eligible' ELSE 'eligible' END";
    await db.query(
      `INSERT INTO eligibility_results (user_key, event_id, verdict, doc)
       SELECT ${key}, 'hg13', ${verdict},
         jsonb_build_object('userKey', ${key}, 'eventId', 'hg13', 'provinceId', 'ha-giang',
           'outcomeId', 'full', 'verdict', ${verdict}, 'at', '2013-10-29T02:00:00.000Z')
       FROM generate_series(0, $1::int - 1) AS i`,
      [count],
    );
  }
  await db.query("ANALYZE");
}
