/**
 * The PostgreSQL backend: `openPostgresStorage(url)` connects, migrates and seeds (once per
 * database, under the migration advisory lock), and returns every repository on one pool.
 */
import type { Seed } from "../seed.js";
import { postgresAdmins, postgresAudit, postgresPendingActions } from "./admin-repositories.js";
import { postgresBroadcastStore } from "./broadcast-store.js";
import {
  postgresEvents,
  postgresProgrammes,
  postgresUnanswered,
  postgresUsers,
} from "./content-repositories.js";
import { json } from "./json.js";
import { postgresSessionStorage } from "./kv-storage.js";
import { migrate } from "./migrate.js";
import { postgresEligibility, postgresSubscriptions } from "./people-repositories.js";
import { createPgClient, type SqlClient, type SqlQueryable } from "./sql-client.js";

/**
 * Seeds programmes and events from `seed` when this database was never seeded. The `seeded`
 * row in `meta` is the guard: run inside {@link migrate}'s transaction, under its lock, so of
 * several instances starting on a new database exactly one seeds. Returns true when it seeded.
 */
export async function seedPostgresOnce(tx: SqlQueryable, seed: Seed, now: Date): Promise<boolean> {
  const claimed = await tx.query(
    "INSERT INTO meta (key, value) VALUES ('seeded', $1::jsonb) ON CONFLICT (key) DO NOTHING",
    [json({ at: now.toISOString() })],
  );
  if (claimed.rowCount !== 1) return false;
  const programmes = postgresProgrammes(tx);
  for (const programme of seed.programmes) await programmes.save(programme);
  const events = postgresEvents(tx);
  for (const event of seed.events) await events.save(event);
  return true;
}

/** Every repository of the PostgreSQL backend. */
export function postgresRepositories(db: SqlClient, onWriteError?: (error: unknown) => void) {
  return {
    events: postgresEvents(db),
    programmes: postgresProgrammes(db),
    users: postgresUsers(db),
    unanswered: postgresUnanswered(db),
    subscriptions: postgresSubscriptions(db),
    eligibility: postgresEligibility(db),
    admins: postgresAdmins(db),
    audit: postgresAudit(db),
    pending: postgresPendingActions(db),
    broadcasts: postgresBroadcastStore(db, onWriteError),
    sessions: postgresSessionStorage<unknown>(db, "sessions"),
    conversations: postgresSessionStorage<unknown>(db, "conversations"),
  };
}

/** Options of {@link openPostgresStorage}. */
export interface PostgresStorageOptions {
  /** Seeds a database that was never seeded. */
  seed?: Seed;
  /** "Now" for the seed marker. */
  now?: Date;
  /** An already open client (tests: PGlite); otherwise a pool on the URL. */
  client?: SqlClient;
  /** Told when the pool loses an idle connection. */
  onIdleError?: (error: Error) => void;
  /** Told when a background write (a broadcast outcome batch) is given up. */
  onWriteError?: (error: unknown) => void;
}

/** Opens the PostgreSQL backend on `url`: connects, migrates, seeds once. */
export async function openPostgresRepositories(url: string, options: PostgresStorageOptions = {}) {
  const db =
    options.client ??
    createPgClient(url, options.onIdleError ? { onIdleError: options.onIdleError } : {});
  const seed = options.seed;
  let seeded = false;
  await migrate(db, {
    afterMigrations: async (tx) => {
      if (seed) seeded = await seedPostgresOnce(tx, seed, options.now ?? new Date());
    },
  });
  return { db, seeded, ...postgresRepositories(db, options.onWriteError) };
}
