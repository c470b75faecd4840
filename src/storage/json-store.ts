import { Low } from "lowdb";
import { JSONFile } from "lowdb/node";

/**
 * One lowdb file. Repositories are its only users: they read a snapshot or mutate and await
 * the write, so nothing outside `src/storage/` ever sees `db.data`.
 *
 * We build `Low` + `JSONFile` by hand instead of `JSONFilePreset`, because the preset swaps in
 * an in-memory adapter when `NODE_ENV=test` and our tests must hit real files.
 * `JSONFile` writes through steno: a temp file then an atomic rename, and concurrent writes are
 * coalesced, so a `kill -9` leaves either the old or the new file, never half of one.
 */
export class JsonStore<T> {
  private constructor(private readonly db: Low<T>) {}

  /** Opens (and reads) `file`, creating it from `defaults` when missing. */
  static async open<T>(file: string, defaults: T): Promise<JsonStore<T>> {
    const db = new Low<T>(new JSONFile<T>(file), structuredClone(defaults));
    await db.read();
    return new JsonStore(db);
  }

  /** The current data. Callers must not mutate it outside {@link update}. */
  read(): T {
    return this.db.data;
  }

  /** Applies `mutate` to the data and waits until it is on disk. */
  async update<R>(mutate: (data: T) => R): Promise<R> {
    const result = mutate(this.db.data);
    await this.db.write();
    return result;
  }
}
