/**
 * Schema migrations: a plain folder of numbered SQL files (`migrations/001_initial.sql`, ...),
 * applied in order at start-up. No migration tool: the files are the schema's history, and
 * `schema_migrations` records which ran.
 *
 * Several instances may start at once on one database, so everything runs in ONE transaction
 * that first takes a transaction-level advisory lock ({@link MIGRATION_LOCK}): the first
 * instance migrates (and seeds), the others wait on the lock, then find nothing left to do.
 * PostgreSQL DDL is transactional, so a failing migration leaves the schema as it was.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { SqlClient, SqlQueryable } from "./sql-client.js";

/** The advisory lock key all Loa instances take while migrating and seeding. */
export const MIGRATION_LOCK = 7_401_300_001;

/** The folder of this backend's migrations. */
export const MIGRATIONS_DIR = join(import.meta.dirname, "migrations");

/** One migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE_NAME = /^(\d{3,})_([a-z0-9_-]+)\.sql$/;

/** Reads `dir`: every `NNN_name.sql`, ordered by number; a number used twice is an error. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for (const file of (await readdir(dir)).sort()) {
    const match = FILE_NAME.exec(file);
    if (!match) continue;
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new Error(`${dir}: migration number ${version} is used twice`);
    }
    migrations.push({ version, name: file, sql: await readFile(join(dir, file), "utf8") });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** Defaults to {@link MIGRATIONS_DIR}. */
  migrations?: Migration[];
  /** Runs after the migrations, still under the lock and in the same transaction (seeding). */
  afterMigrations?: (tx: SqlQueryable) => Promise<void>;
}

/** Applies the pending migrations under {@link MIGRATION_LOCK}; returns the names applied. */
export async function migrate(client: SqlClient, options: MigrateOptions = {}): Promise<string[]> {
  const migrations = options.migrations ?? (await readMigrations());
  return client.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.script(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await tx.query<{ version: number }>("SELECT version FROM schema_migrations");
    const applied = new Set(rows.map((row) => row.version));
    const names: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.script(migration.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      names.push(migration.name);
    }
    await options.afterMigrations?.(tx);
    return names;
  });
}
