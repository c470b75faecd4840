/**
 * The backends the repository contract suite runs on: lowdb on real files in a temp dir,
 * PostgreSQL in-process (PGlite), and a real PostgreSQL server when `TEST_DATABASE_URL` is set.
 * Every contract test runs the same assertions on each.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLowdbStorage } from "../../../src/storage/lowdb-storage.js";
import { openPostgresStorage } from "../../../src/storage/postgres/index.js";
import type { Storage } from "../../../src/storage/storage.js";
import { DATABASE_BACKENDS, type TestDatabase } from "../../support/databases.js";

/** Every repository, as a backend opens them: the application's one storage object. */
export type Repositories = Storage;

/** One backend, opened fresh for a test. */
export interface OpenBackend {
  repositories: Repositories;
  /** Opens the same data again, as a restarted process (or a second instance) would. */
  reopen(): Promise<Repositories>;
  close(): Promise<void>;
}

/** A backend of the suite. */
export interface ContractBackend {
  name: string;
  /** False when not configured here (the real server without TEST_DATABASE_URL). */
  available: boolean;
  /** True when concurrent calls really run on several connections (not serialised). */
  concurrent: boolean;
  /**
   * True when several processes may open the same data at once (PostgreSQL). lowdb files
   * belong to one process: a second opener would keep its own copy in memory.
   */
  multiInstance: boolean;
  open(): Promise<OpenBackend>;
}

const lowdb: ContractBackend = {
  name: "lowdb",
  available: true,
  concurrent: false,
  multiInstance: false,
  async open() {
    const dir = await mkdtemp(join(tmpdir(), "loa-contract-"));
    return {
      repositories: await openLowdbStorage(dir),
      reopen: () => openLowdbStorage(dir),
      close: () => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }),
    };
  },
};

function postgresBackend(database: (typeof DATABASE_BACKENDS)[number]): ContractBackend {
  return {
    name: database.name,
    available: database.available,
    concurrent: database.name !== "pglite",
    multiInstance: true,
    async open() {
      const db: TestDatabase = await database.open();
      const open = () => openPostgresStorage("", { client: db.client });
      return { repositories: await open(), reopen: open, close: () => db.drop() };
    },
  };
}

/** lowdb, PGlite, and the real server when configured. */
export const backends: ContractBackend[] = [lowdb, ...DATABASE_BACKENDS.map(postgresBackend)];
