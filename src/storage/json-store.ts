import { Low } from "lowdb";
import { JSONFile } from "lowdb/node";
import type { z } from "zod";
import { readStateFile } from "./state-file.js";

/**
 * One lowdb file for small state (events, programmes, coordinators, audit, confirmations).
 * Repositories are its only users: they read a snapshot or mutate and await the write, so
 * nothing outside `src/storage/` ever sees `db.data`.
 *
 * The file is checked with a schema at open: a damaged file (truncated, `null`, `{}`, wrong
 * shape) stops the start with a `StorageError` naming it, instead of starting on empty data.
 * `JSONFile` writes through steno: a temp file then an atomic rename, and concurrent writes are
 * coalesced, so a `kill -9` leaves either the old or the new file, never half of one.
 */
export class JsonStore<T> {
  /** The write {@link updateSoon} has scheduled and not started yet. */
  private soon: Promise<void> | undefined;

  private constructor(private readonly db: Low<T>) {}

  /** Opens (and checks) `file`; a missing file starts from `defaults`. */
  static async open<T>(file: string, defaults: T, schema: z.ZodType<T>): Promise<JsonStore<T>> {
    const stored = await readStateFile(file, schema);
    const db = new Low<T>(new JSONFile<T>(file), stored ?? structuredClone(defaults));
    return new JsonStore(db);
  }

  /** The current data. Callers must not mutate it outside {@link update}. */
  read(): T {
    return this.db.data;
  }

  /**
   * Applies `mutate` to the data now and writes it within `delayMs`: every change made meanwhile
   * shares that one write (counters, where a burst would otherwise rewrite the file per change).
   */
  updateSoon(mutate: (data: T) => void, delayMs = 250): Promise<void> {
    mutate(this.db.data);
    this.soon ??= new Promise<void>((resolve, reject) => {
      setTimeout(() => {
        this.soon = undefined;
        this.db.write().then(resolve, reject);
      }, delayMs);
    });
    return this.soon;
  }

  /** Applies `mutate` to the data and waits until it is on disk. */
  async update<R>(mutate: (data: T) => R): Promise<R> {
    const result = mutate(this.db.data);
    await this.db.write();
    return result;
  }
}
