/** Opening a sharded collection, migrating the single file of the previous version once. */
import { rename } from "node:fs/promises";
import { join } from "node:path";
import type { z } from "zod";
import { createCollection } from "./shard-bulk.js";
import { type CollectionOptions, ShardedCollection } from "./sharded-collection.js";
import { readStateFile } from "./state-file.js";

/** Where a collection's previous single file is and how to read it. */
export interface LegacyFile<S extends z.ZodType, T> {
  /** File name in `DATA_DIR`, e.g. `users.json`. */
  name: string;
  schema: S;
  /** The records the old file held, by key. */
  entries(data: z.output<S>): Iterable<[string, T]>;
}

/**
 * Opens the collection in `DATA_DIR/<dirName>`. When it does not exist yet and the old single
 * file does, the file is checked, its records written as shards, and the file renamed to
 * `<name>.migrated` (kept as a copy; the shards are the data from then on).
 */
export async function openCollection<S extends z.ZodType, T>(
  dataDir: string,
  dirName: string,
  options: Omit<CollectionOptions<T>, "dir">,
  legacy?: LegacyFile<S, T>,
): Promise<ShardedCollection<T>> {
  const dir = join(dataDir, dirName);
  if (legacy && !(await ShardedCollection.exists(dir))) {
    const file = join(dataDir, legacy.name);
    const data = await readStateFile(file, legacy.schema);
    if (data !== undefined) {
      await createCollection(dir, legacy.entries(data), options.targetPerShard);
      await rename(file, `${file}.migrated`);
    }
  }
  return ShardedCollection.open({ ...options, dir });
}

/** Groups items by a key (e.g. subscriptions by user). */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
