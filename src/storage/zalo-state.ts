/** Zalo state in `zalo.json`: per-chat state and the handled message ids. */
import { join } from "node:path";
import type { ZaloStateRepository } from "../domain/ports.js";
import { JsonStore } from "./json-store.js";

/** Handled message ids are remembered this long (the platform retries within minutes). */
export const SEEN_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

interface ZaloFile {
  /** Message id → when it was handled (an array of ids in files from before). */
  seen: Record<string, string> | string[];
  chats: Record<string, unknown>;
}

/** Opens the Zalo state of `dataDir`. */
export async function openZaloState(dataDir: string): Promise<ZaloStateRepository> {
  const store = await JsonStore.open<ZaloFile>(join(dataDir, "zalo.json"), {
    seen: {},
    chats: {},
  });
  const seen = (data: ZaloFile): Record<string, string> => {
    if (Array.isArray(data.seen)) {
      const at = new Date().toISOString();
      data.seen = Object.fromEntries(data.seen.map((id) => [id, at]));
    }
    return data.seen;
  };
  return {
    chats: {
      get: async (key) => structuredClone(store.read().chats[key]),
      put: (key, value) =>
        store.update((data) => {
          data.chats[key] = structuredClone(value);
        }),
      delete: (key) =>
        store.update((data) => {
          delete data.chats[key];
        }),
    },
    seen: {
      has: async (id) => seen(store.read())[id] !== undefined,
      add: (id, at) =>
        store.update((data) => {
          const ids = seen(data);
          const cutoff = at.getTime() - SEEN_RETENTION_MS;
          for (const [old, when] of Object.entries(ids)) {
            if (Date.parse(when) < cutoff) delete ids[old];
          }
          ids[id] = at.toISOString();
        }),
    },
  };
}
