/**
 * The embedded backend: every repository on lowdb files under one `DATA_DIR`.
 * `openLowdbStorage` is the only function that opens files there.
 */
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ConversationData, VersionedStateStorage } from "@grammyjs/conversations";
import {
  openAdminRepository,
  openAuditRepository,
  openPendingActionRepository,
} from "./admin-repositories.js";
import { openBroadcastStore } from "./broadcast-store.js";
import { openEligibilityRepository } from "./eligibility-repository.js";
import type { z } from "zod";
import { JsonStore } from "./json-store.js";
import { openEventRepository, openProgrammeRepository } from "./lowdb-repositories.js";
import { openSessionStorage } from "./lowdb-session-storage.js";
import { openNdjsonInbox } from "./ndjson-inbox.js";
import { openQuestionTallyRepository } from "./question-tally-repository.js";
import { metaStateSchema } from "./state-schemas.js";
import { openHandoffRepository } from "./handoff-repository.js";
import type { SeedContent, Storage } from "./storage.js";
import { openSubscriptionRepository } from "./subscription-repository.js";
import { openUnansweredRepository } from "./unanswered-repository.js";
import { openUserRepository } from "./user-repository.js";
import { openZaloState } from "./zalo-state.js";

/** Options of {@link openLowdbStorage}. */
export interface LowdbStorageOptions {
  /** Told of a broadcast job whose `job.json` is damaged (it is skipped). */
  onDamagedJob?: ((file: string, problem: string) => void) | undefined;
  /** Average records per shard file of the per-user collections (default 64). */
  targetPerShard?: number | undefined;
  /** Parsed shard files kept in memory per collection (default 128). */
  cachedShards?: number | undefined;
  /** Told when a write nobody awaits fails (sessions). */
  onBackgroundError?: ((error: unknown) => void) | undefined;
  /** Told about a damaged line of the update inbox (skipped). */
  onInboxDamage?: ((lineNumber: number, line: string) => void) | undefined;
}

/** Awaits every promise of an object, keeping the names. */
async function openAll<T extends Record<string, Promise<unknown>>>(
  opening: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const names = Object.keys(opening) as Array<keyof T>;
  const opened = await Promise.all(names.map((name) => opening[name]));
  return Object.fromEntries(names.map((name, i) => [name, opened[i]])) as {
    [K in keyof T]: Awaited<T[K]>;
  };
}

/** `DATA_DIR/storage.json`: marks a seeded store. */
interface StorageMeta {
  format: number;
  seededAt?: string | undefined;
}

/** Opens (creating) every repository under `dataDir`. */
export async function openLowdbStorage(
  dataDir: string,
  options: LowdbStorageOptions = {},
): Promise<Storage> {
  await mkdir(dataDir, { recursive: true });
  // A data dir from before the marker existed counts as seeded when it holds any state; with a
  // marker, only its `seededAt` counts (a start that died while seeding seeds again).
  const names = await readdir(dataDir);
  const hadState = !names.includes("storage.json") && names.some((name) => name.endsWith(".json"));
  const meta = await JsonStore.open<StorageMeta>(
    join(dataDir, "storage.json"),
    { format: 1 },
    metaStateSchema as z.ZodType<StorageMeta>,
  );
  const registry = new Set<{ flush(): Promise<void> }>();
  const shards = {
    targetPerShard: options.targetPerShard,
    cachedShards: options.cachedShards,
    registry,
    onBackgroundError: options.onBackgroundError,
  };
  if (!names.includes("storage.json")) {
    // Written before seeding, so a start that dies while seeding is seen as not seeded.
    await meta.update((data) => {
      if (hadState) data.seededAt = new Date(0).toISOString();
    });
  }
  // Every repository, opened in parallel; the names are the `Storage` fields they fill.
  const repositories = await openAll({
    events: openEventRepository(dataDir),
    programmes: openProgrammeRepository(dataDir),
    users: openUserRepository(dataDir, shards),
    unanswered: openUnansweredRepository(dataDir, shards),
    subscriptions: openSubscriptionRepository(dataDir, shards),
    eligibility: openEligibilityRepository(dataDir, shards),
    admins: openAdminRepository(dataDir),
    audit: openAuditRepository(dataDir),
    pending: openPendingActionRepository(dataDir),
    broadcasts: openBroadcastStore(dataDir, { onDamagedJob: options.onDamagedJob }),
    sessions: openSessionStorage<unknown>(dataDir, "sessions", { ...shards, durable: false }),
    conversations: openSessionStorage<unknown>(dataDir, "conversations", shards),
    zalo: openZaloState(dataDir, shards),
    questionTally: openQuestionTallyRepository(dataDir, options.onBackgroundError),
    handoff: openHandoffRepository(dataDir, shards),
  });
  const { programmes, events, questionTally } = repositories;
  const inbox = await openNdjsonInbox(join(dataDir, "inbox.ndjson"), {
    ...(options.onInboxDamage ? { onDamagedLine: options.onInboxDamage } : {}),
  });
  return {
    backend: "lowdb",
    ...repositories,
    conversations: repositories.conversations as VersionedStateStorage<string, ConversationData>,
    inbox,
    async seedOnce(seed: SeedContent) {
      if (meta.read().seededAt) return false;
      for (const programme of seed.programmes) await programmes.save(programme);
      for (const event of seed.events) await events.save(event);
      await meta.update((data) => {
        data.seededAt = new Date().toISOString();
      });
      return true;
    },
    async ping() {
      const probe = join(dataDir, ".ping");
      await writeFile(probe, "");
      await rm(probe, { force: true });
    },
    async close() {
      // Files are opened per write; what remains is the writes still queued (sessions).
      await Promise.all([...registry].map((collection) => collection.flush()));
      await questionTally.flush();
      await inbox.close();
    },
  };
}
