/** grammY storage adapters (sessions, conversation state) on sharded collections. */
import type { StorageAdapter } from "grammy";
import type { z } from "zod";
import { openCollection } from "./legacy.js";
import { legacySchemas, someValue } from "./state-schemas.js";
import type { ShardOptions } from "./user-repository.js";

/** How carefully a session store writes. */
export interface SessionStorageOptions extends ShardOptions {
  /**
   * `true` (default): each write is awaited, so the bot answers only after the state is on disk
   * (conversation state: a wizard must survive `kill -9`). `false`: the write is applied at once
   * and goes to disk with the next group commit (the follow-up context of a chat: losing the
   * last turn in a crash is harmless).
   */
  durable?: boolean;
}

/**
 * A grammY {@link StorageAdapter} in `DATA_DIR/<name>/`, migrating `<name>.json` of the
 * previous version. Unchanged values are not written again.
 */
export async function openSessionStorage<T>(
  dataDir: string,
  name = "sessions",
  options: SessionStorageOptions = {},
): Promise<StorageAdapter<T>> {
  const durable = options.durable ?? true;
  const entries = await openCollection<typeof legacySchemas.sessions, T>(
    dataDir,
    name,
    {
      targetPerShard: options.targetPerShard,
      cachedShards: options.cachedShards,
      registry: options.registry,
      onBackgroundError: options.onBackgroundError,
      schema: someValue as unknown as z.ZodType<T>,
    },
    {
      name: `${name}.json`,
      schema: legacySchemas.sessions,
      entries: (data) =>
        Object.entries(data.entries).filter(([, v]) => v !== undefined && v !== null) as Array<
          [string, T]
        >,
    },
  );
  return {
    read: (key) => entries.get(key),
    write: (key, value) =>
      entries.update(
        key,
        (current) =>
          current !== undefined && JSON.stringify(current) === JSON.stringify(value)
            ? { keep: true, result: undefined }
            : { value, result: undefined },
        durable,
      ),
    delete: (key) => entries.delete(key, durable),
  };
}
