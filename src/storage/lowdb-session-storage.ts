import { join } from "node:path";
import type { StorageAdapter } from "grammy";
import { JsonStore } from "./json-store.js";

/**
 * A grammY {@link StorageAdapter} on a lowdb file, for sessions and conversation state.
 * Each write is awaited, so a reply is only sent after the state it depends on is on disk.
 */
export async function openSessionStorage<T>(
  dataDir: string,
  name = "sessions",
): Promise<StorageAdapter<T>> {
  const store = await JsonStore.open<{ entries: Record<string, T> }>(
    join(dataDir, `${name}.json`),
    { entries: {} },
  );
  return {
    read: async (key) => structuredClone(store.read().entries[key]),
    write: (key, value) =>
      store.update((data) => {
        data.entries[key] = structuredClone(value);
      }),
    delete: (key) =>
      store.update((data) => {
        delete data.entries[key];
      }),
  };
}
