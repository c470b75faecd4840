/**
 * The PostgreSQL backend: `openPostgresStorage(url)` connects, runs the migrations (under the
 * migration advisory lock) and returns the application's one {@link Storage} on a pool.
 */
import type { ConversationData, VersionedStateStorage } from "@grammyjs/conversations";
import type { SeedContent, Storage } from "../storage.js";
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
import { MIGRATION_LOCK, migrate } from "./migrate.js";
import { postgresEligibility, postgresSubscriptions } from "./people-repositories.js";
import { createPgClient, type SqlClient, type SqlQueryable } from "./sql-client.js";
import type { Update } from "grammy/types";
import { telegramUpdateKey } from "../../bot/transport/update-key.js";
import { postgresQuestionTally } from "./question-tally.js";
import { postgresHandoff } from "./handoff.js";
import { type ChatLocks, createChatLocks, openChatLocks } from "./chat-locks.js";
import { postgresUpdateInbox, type PostgresUpdateInbox } from "./update-inbox.js";
import { postgresZaloState } from "./zalo-state.js";
import { postgresZaloInbox, postgresZaloUpdateIds, type ZaloUpdateIds } from "./zalo-inbox.js";
import type { ZaloInboxEntry } from "../../zalo/update-key.js";

/**
 * Seeds programmes and events when this database was never seeded. The `seeded` row in `meta`
 * is the guard, written in the same transaction as the seed under {@link MIGRATION_LOCK}: of
 * several instances starting on a new database exactly one seeds. Returns true when it seeded.
 */
export function seedPostgresOnce(db: SqlClient, seed: SeedContent, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    const claimed = await tx.query(
      "INSERT INTO meta (key, value) VALUES ('seeded', $1::jsonb) ON CONFLICT (key) DO NOTHING",
      [json({ at: now.toISOString() })],
    );
    if (claimed.rowCount !== 1) return false;
    await seedInto(tx, seed);
    return true;
  });
}

async function seedInto(tx: SqlQueryable, seed: SeedContent): Promise<void> {
  const programmes = postgresProgrammes(tx);
  for (const programme of seed.programmes) await programmes.save(programme);
  const events = postgresEvents(tx);
  for (const event of seed.events) await events.save(event);
}

/** Options of {@link openPostgresStorage}. */
export interface PostgresStorageOptions {
  /** An already open client (tests: PGlite); it stays the caller's to close. */
  client?: SqlClient;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Told when the pool loses an idle connection. */
  onIdleError?: (error: Error) => void;
  /** Told when a background write (a broadcast outcome batch) is given up. */
  onWriteError?: (error: unknown) => void;
}

/** The {@link Storage} with its SQL client, for what runs beside the repositories (claims, pace, locks). */
export interface PostgresStorage extends Storage {
  readonly db: SqlClient;
  /** The inbox shared by the instances, keyed by chat (see `chat-locks.ts`). */
  inbox: PostgresUpdateInbox<Update>;
  /** The shared inbox of Zalo updates, and the numbers it keys their string ids by. */
  zaloInbox: PostgresUpdateInbox<ZaloInboxEntry>;
  zaloUpdateIds: ZaloUpdateIds;
  /** Opens this instance's chat locks (a dedicated connection on a server). */
  openChatLocks(): Promise<ChatLocks>;
}

/** Opens the PostgreSQL backend on `url`: connects and migrates. */
export async function openPostgresStorage(
  url: string,
  options: PostgresStorageOptions = {},
): Promise<PostgresStorage> {
  const db =
    options.client ??
    createPgClient(url, {
      ...(options.poolSize ? { max: options.poolSize } : {}),
      ...(options.onIdleError ? { onIdleError: options.onIdleError } : {}),
    });
  try {
    await migrate(db);
  } catch (error) {
    if (!options.client) await db.close().catch(() => undefined);
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    backend: "postgres",
    db,
    events: postgresEvents(db),
    programmes: postgresProgrammes(db),
    users: postgresUsers(db),
    unanswered: postgresUnanswered(db),
    subscriptions: postgresSubscriptions(db),
    eligibility: postgresEligibility(db),
    admins: postgresAdmins(db),
    audit: postgresAudit(db),
    pending: postgresPendingActions(db),
    broadcasts: postgresBroadcastStore(db, options.onWriteError),
    sessions: postgresSessionStorage<unknown>(db, "sessions"),
    conversations: postgresSessionStorage<unknown>(db, "conversations") as VersionedStateStorage<
      string,
      ConversationData
    >,
    zalo: postgresZaloState(db),
    questionTally: postgresQuestionTally(db),
    inbox: postgresUpdateInbox<Update>(db, { channel: "telegram", keyOf: telegramUpdateKey }),
    zaloInbox: postgresZaloInbox(db),
    zaloUpdateIds: postgresZaloUpdateIds(db),
    handoff: postgresHandoff(db),
    seedOnce: (seed) => seedPostgresOnce(db, seed, new Date()),
    // In-process (PGlite) there is one connection and one instance: locks on it suffice.
    openChatLocks: () =>
      options.client
        ? Promise.resolve(createChatLocks({ query: (text, params) => db.query(text, params) }))
        : openChatLocks(url, options.onIdleError),
    ping: async () => {
      await db.query("SELECT 1");
    },
    close: () => {
      // A client handed in by the caller is the caller's to close.
      closed ??= options.client ? Promise.resolve() : db.close();
      return closed;
    },
  };
}

/** True for the PostgreSQL backend's storage. */
export function isPostgresStorage(storage: Storage): storage is PostgresStorage {
  return storage.backend === "postgres" && "db" in storage;
}
