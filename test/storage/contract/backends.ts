/**
 * The backends the repository contract suite runs on: lowdb on real files in a temp dir,
 * PostgreSQL in-process (PGlite), and a real PostgreSQL server when `TEST_DATABASE_URL` is set.
 * Every contract test runs the same assertions on each.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StorageAdapter } from "grammy";
import type {
  AdminRepository,
  AuditRepository,
  PendingActionRepository,
} from "../../../src/domain/admin/ports.js";
import type { BroadcastStore } from "../../../src/domain/broadcast/store.js";
import type { EligibilityRepository } from "../../../src/domain/eligibility/service.js";
import type {
  EventRepository,
  ProgrammeRepository,
  SubscriptionRepository,
  UnansweredRepository,
  UserRepository,
} from "../../../src/domain/ports.js";
import {
  openAdminRepository,
  openAuditRepository,
  openPendingActionRepository,
} from "../../../src/storage/admin-repositories.js";
import { openBroadcastStore } from "../../../src/storage/broadcast-store.js";
import { openEligibilityRepository } from "../../../src/storage/eligibility-repository.js";
import {
  openEventRepository,
  openProgrammeRepository,
  openUnansweredRepository,
  openUserRepository,
} from "../../../src/storage/lowdb-repositories.js";
import { openSessionStorage } from "../../../src/storage/lowdb-session-storage.js";
import { openPostgresRepositories } from "../../../src/storage/postgres/index.js";
import { openSubscriptionRepository } from "../../../src/storage/subscription-repository.js";
import { DATABASE_BACKENDS, type TestDatabase } from "../../support/databases.js";

/** Every repository, as a backend opens them. */
export interface Repositories {
  events: EventRepository;
  programmes: ProgrammeRepository;
  users: UserRepository;
  unanswered: UnansweredRepository;
  subscriptions: SubscriptionRepository;
  eligibility: EligibilityRepository;
  admins: AdminRepository;
  audit: AuditRepository;
  pending: PendingActionRepository;
  broadcasts: BroadcastStore;
  sessions: StorageAdapter<unknown>;
}

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

async function openLowdbRepositories(dir: string): Promise<Repositories> {
  return {
    events: await openEventRepository(dir),
    programmes: await openProgrammeRepository(dir),
    users: await openUserRepository(dir),
    unanswered: await openUnansweredRepository(dir),
    subscriptions: await openSubscriptionRepository(dir),
    eligibility: await openEligibilityRepository(dir),
    admins: await openAdminRepository(dir),
    audit: await openAuditRepository(dir),
    pending: await openPendingActionRepository(dir),
    broadcasts: await openBroadcastStore(dir),
    sessions: await openSessionStorage<unknown>(dir, "sessions"),
  };
}

const lowdb: ContractBackend = {
  name: "lowdb",
  available: true,
  concurrent: false,
  multiInstance: false,
  async open() {
    const dir = await mkdtemp(join(tmpdir(), "loa-contract-"));
    return {
      repositories: await openLowdbRepositories(dir),
      reopen: () => openLowdbRepositories(dir),
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
      const open = async () => openPostgresRepositories("", { client: db.client });
      return { repositories: await open(), reopen: open, close: () => db.drop() };
    },
  };
}

/** lowdb, PGlite, and the real server when configured. */
export const backends: ContractBackend[] = [lowdb, ...DATABASE_BACKENDS.map(postgresBackend)];
