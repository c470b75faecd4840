import { join } from "node:path";
import type { StorageAdapter } from "grammy";
import { JsonStore } from "./json-store.js";

/** How carefully a session store writes. */
export interface SessionStorageOptions {
  /**
   * `true` (default): each write is awaited, so the bot answers only after the state is on disk
   * (conversation state: a wizard must survive `kill -9`). `false`: writes are coalesced in the
   * background (the follow-up context of a chat: losing the last turn in a crash is harmless,
   * and not waiting saves a file rewrite per message).
   */
  durable?: boolean;
  /** Called when a background write fails. */
  onBackgroundError?: (error: unknown) => void;
}

/** A grammY {@link StorageAdapter} on a lowdb file, for sessions and conversation state. */
export async function openSessionStorage<T>(
  dataDir: string,
  name = "sessions",
  options: SessionStorageOptions = {},
): Promise<StorageAdapter<T>> {
  const store = await JsonStore.open<{ entries: Record<string, T> }>(
    join(dataDir, `${name}.json`),
    { entries: {} },
  );
  const durable = options.durable ?? true;
  const persist = async (mutate: (entries: Record<string, T>) => void) => {
    const written = store.update((data) => mutate(data.entries));
    if (durable) await written;
    else written.catch((error: unknown) => options.onBackgroundError?.(error));
  };
  return {
    read: async (key) => structuredClone(store.read().entries[key]),
    write: async (key, value) => {
      // grammY writes the session back after every update; most updates change nothing, and a
      // write rewrites the whole file.
      const current = store.read().entries[key];
      if (current !== undefined && JSON.stringify(current) === JSON.stringify(value)) return;
      await persist((entries) => {
        entries[key] = structuredClone(value);
      });
    },
    delete: (key) =>
      persist((entries) => {
        delete entries[key];
      }),
  };
}
