/**
 * The backends the storage contract suite runs against. Each factory opens a fresh, empty
 * store and returns it with a cleanup. Other backends (PostgreSQL through PGlite, a real server
 * when TEST_DATABASE_URL is set) are added to {@link backends}.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLowdbStorage } from "../../../src/storage/lowdb-storage.js";
import type { Storage } from "../../../src/storage/storage.js";

/** A fresh store of one backend. */
export interface OpenedBackend {
  storage: Storage;
  /** Opens the same data again (a restart); backends that cannot may return `storage`. */
  reopen(): Promise<Storage>;
  cleanup(): Promise<void>;
}

/** A named way to open a fresh store. */
export interface BackendFactory {
  name: string;
  open(): Promise<OpenedBackend>;
}

/** lowdb on real files in a temp dir (shards split as the tests add records). */
export const lowdbBackend: BackendFactory = {
  name: "lowdb",
  async open() {
    const dir = await mkdtemp(join(tmpdir(), "loa-contract-"));
    const options = {};
    const storage = await openLowdbStorage(dir, options);
    return {
      storage,
      reopen: async () => {
        await storage.close();
        return openLowdbStorage(dir, options);
      },
      cleanup: async () => {
        await storage.close();
        await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
      },
    };
  },
};

/** Every backend the contract runs against. */
export const backends: BackendFactory[] = [lowdbBackend];
