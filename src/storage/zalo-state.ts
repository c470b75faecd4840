/**
 * Zalo state: per-chat state in `DATA_DIR/zalo-chats/` and handled message ids in
 * `DATA_DIR/zalo-seen/`, both sharded; `zalo.json` of the previous version is migrated once.
 */
import { rename } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { ZaloStateRepository } from "../domain/ports.js";
import { createCollection } from "./shard-bulk.js";
import { ShardedCollection } from "./sharded-collection.js";
import { readStateFile } from "./state-file.js";
import { legacySchemas, someValue } from "./state-schemas.js";
import type { ShardOptions } from "./user-repository.js";

/** Handled message ids are remembered this long (the platform retries within minutes). */
export const SEEN_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

async function migrate(dataDir: string, chatsDir: string, seenDir: string): Promise<void> {
  if ((await ShardedCollection.exists(chatsDir)) || (await ShardedCollection.exists(seenDir))) {
    return;
  }
  const file = join(dataDir, "zalo.json");
  const old = await readStateFile(file, legacySchemas.zalo);
  if (!old) return;
  const at = new Date().toISOString();
  const seen = Array.isArray(old.seen) ? old.seen.map((id) => [id, at] as [string, string]) : [];
  if (!Array.isArray(old.seen)) seen.push(...Object.entries(old.seen));
  await createCollection(seenDir, seen);
  await createCollection(
    chatsDir,
    Object.entries(old.chats).filter(([, v]) => v !== undefined && v !== null),
  );
  await rename(file, `${file}.migrated`);
}

/** Opens the Zalo state of `dataDir`. */
export async function openZaloState(
  dataDir: string,
  options: ShardOptions = {},
): Promise<ZaloStateRepository> {
  const chatsDir = join(dataDir, "zalo-chats");
  const seenDir = join(dataDir, "zalo-seen");
  await migrate(dataDir, chatsDir, seenDir);
  // The newest time a message was handled: ids older than the retention before it expire.
  let latest = 0;
  const [chats, seen] = await Promise.all([
    ShardedCollection.open<unknown>({ ...options, dir: chatsDir, schema: someValue }),
    ShardedCollection.open<string>({
      ...options,
      dir: seenDir,
      schema: z.string(),
      expired: (at) => Date.parse(at) < latest - SEEN_RETENTION_MS,
    }),
  ]);
  return {
    chats: {
      get: (key) => chats.get(key),
      put: (key, value) => chats.put(key, value),
      delete: (key) => chats.delete(key),
    },
    seen: {
      has: async (id) => (await seen.get(id)) !== undefined,
      add: (id, at) => {
        latest = Math.max(latest, at.getTime());
        return seen.put(id, at.toISOString());
      },
    },
  };
}
