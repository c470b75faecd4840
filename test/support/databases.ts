/**
 * Fresh databases for the PostgreSQL tests:
 * - {@link openPglite}: PostgreSQL compiled to WASM, in this process (no server needed, runs in
 *   every `npm test`). One connection, so it serialises concurrent work: concurrency tests on it
 *   show correctness, not contention;
 * - {@link createServerDatabase}: a new database on the real server at `TEST_DATABASE_URL`
 *   (the role needs CREATEDB), dropped by {@link TestDatabase.drop}.
 */
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import {
  createPgClient,
  type SqlClient,
  type SqlResult,
} from "../../src/storage/postgres/sql-client.js";

/** A database a test owns. */
export interface TestDatabase {
  client: SqlClient;
  /** Connection URL (real server only): what a child process gets as `DATABASE_URL`. */
  url: string | undefined;
  /** Closes the client and removes the database. */
  drop(): Promise<void>;
}

/** The real server for tests, when configured. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

/** The one line printed when the server tests are skipped. */
export const SERVER_SKIP_NOTE =
  "PostgreSQL server tests skipped: set TEST_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db (a role with CREATEDB) to run them";

function wrap<R>(result: { rows: unknown[]; affectedRows?: number }): SqlResult<R> {
  return {
    rows: result.rows as R[],
    rowCount: Math.max(result.affectedRows ?? 0, result.rows.length),
  };
}

/** A {@link SqlClient} on a PGlite instance. */
export function pgliteClient(db: PGlite): SqlClient {
  return {
    query: async <R>(text: string, params?: unknown[]) => wrap<R>(await db.query(text, params)),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async <R>(text: string, params?: unknown[]) =>
            wrap<R>(await tx.query(text, params)),
          script: async (sql) => void (await tx.exec(sql)),
        }),
      ),
    close: () => db.close(),
  };
}

let shared: Promise<PGlite> | undefined;
let schemas = 0;

/**
 * A fresh in-process PostgreSQL (PGlite, in memory). Starting PGlite takes about a second, so
 * one instance is shared per test process and each database is a new schema on it, made the
 * only one on the `search_path`. Tests in one file run one after another, so they do not see
 * each other's `search_path`.
 */
export async function openPglite(): Promise<TestDatabase> {
  shared ??= PGlite.create();
  const db = await shared;
  const schema = `t${process.pid}_${++schemas}`;
  await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  const client = pgliteClient(db);
  let dropped = false;
  return {
    client: { ...client, close: async () => undefined },
    url: undefined,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await db.exec(`DROP SCHEMA ${schema} CASCADE; SET search_path TO public`);
    },
  };
}

/** Replaces the database name of a `postgres://` URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates a new, empty database on the server at `TEST_DATABASE_URL`. */
export async function createServerDatabase(): Promise<TestDatabase & { url: string }> {
  if (!TEST_DATABASE_URL) throw new Error(SERVER_SKIP_NOTE);
  const name = `loa_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(TEST_DATABASE_URL, name);
  const client = createPgClient(url, { applicationName: "loa-test" });
  let dropped = false;
  return {
    client,
    url,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await client.close();
      const cleaner = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await cleaner.connect();
      try {
        await cleaner.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch (error) {
        // A test database left behind is harmless (its name is unique); say so and go on.
        console.warn(`could not drop test database ${name}: ${(error as Error).message}`);
      } finally {
        await cleaner.end();
      }
    },
  };
}

/** A backend the PostgreSQL tests run on. */
export interface DatabaseBackend {
  name: string;
  /** False when the backend is not configured on this machine. */
  available: boolean;
  open(): Promise<TestDatabase>;
}

/** PGlite always; the real server when `TEST_DATABASE_URL` is set. */
export const DATABASE_BACKENDS: DatabaseBackend[] = [
  { name: "pglite", available: true, open: openPglite },
  {
    name: "postgres-server",
    available: TEST_DATABASE_URL !== undefined,
    open: createServerDatabase,
  },
];
