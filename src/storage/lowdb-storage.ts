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
import { JsonStore } from "./json-store.js";
import {
  openEventRepository,
  openProgrammeRepository,
  openUnansweredRepository,
  openUserRepository,
} from "./lowdb-repositories.js";
import { openSessionStorage } from "./lowdb-session-storage.js";
import { openQuestionTallyRepository } from "./question-tally-repository.js";
import { openHandoffRepository } from "./handoff-repository.js";
import type { SeedContent, Storage } from "./storage.js";
import { openSubscriptionRepository } from "./subscription-repository.js";
import { openZaloState } from "./zalo-state.js";

/** Options of {@link openLowdbStorage}. */
export interface LowdbStorageOptions {
  /** Told when a background write (sessions) fails. */
  onBackgroundError?: (error: unknown) => void;
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
  // A data dir from before the marker existed counts as seeded when it holds any state.
  const hadState = (await readdir(dataDir)).some((name) => name.endsWith(".json"));
  const meta = await JsonStore.open<StorageMeta>(join(dataDir, "storage.json"), { format: 1 });
  if (hadState && !meta.read().seededAt) {
    await meta.update((data) => {
      data.seededAt = new Date(0).toISOString();
    });
  }
  const [
    events,
    programmes,
    users,
    unanswered,
    subscriptions,
    eligibility,
    admins,
    audit,
    pending,
    broadcasts,
    sessions,
    conversations,
    zalo,
    questionTally,
    handoff,
  ] = await Promise.all([
    openEventRepository(dataDir),
    openProgrammeRepository(dataDir),
    openUserRepository(dataDir),
    openUnansweredRepository(dataDir),
    openSubscriptionRepository(dataDir),
    openEligibilityRepository(dataDir),
    openAdminRepository(dataDir),
    openAuditRepository(dataDir),
    openPendingActionRepository(dataDir),
    openBroadcastStore(dataDir),
    openSessionStorage<unknown>(dataDir, "sessions", {
      durable: false,
      ...(options.onBackgroundError ? { onBackgroundError: options.onBackgroundError } : {}),
    }),
    openSessionStorage<unknown>(dataDir, "conversations"),
    openZaloState(dataDir),
    openQuestionTallyRepository(dataDir, options.onBackgroundError),
    openHandoffRepository(dataDir),
  ]);
  return {
    backend: "lowdb",
    events,
    programmes,
    users,
    unanswered,
    subscriptions,
    eligibility,
    admins,
    audit,
    pending,
    broadcasts,
    sessions,
    conversations: conversations as VersionedStateStorage<string, ConversationData>,
    zalo,
    questionTally,
    handoff,
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
      // Every write above is awaited or coalesced by steno; the tally writes in the
      // background, so wait for it.
      await questionTally.flush();
    },
  };
}
