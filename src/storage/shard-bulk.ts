/**
 * Writing a whole sharded collection at once (migration of an old single file, bulk loads for
 * benchmarks), in the layout `ShardedCollection` opens.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { hashKey, writeJson } from "./state-file.js";

/**
 * Writes `entries` as a new collection in `dir` in one pass (migration of an old file, bulk
 * loads), sized so no split follows at once. The manifest goes last: until it is there, the
 * collection does not exist and the load is redone.
 */
export async function createCollection<T>(
  dir: string,
  entries: Iterable<[string, T]>,
  targetPerShard = 64,
): Promise<void> {
  const all = [...entries];
  await createCollectionInPasses(dir, all.length, () => all, targetPerShard, 1);
}

/**
 * {@link createCollection} for collections too large to hold twice in memory: `entries()` is iterated
 * once per pass and each pass writes a share of the shards.
 */
export async function createCollectionInPasses<T>(
  dir: string,
  count: number,
  entries: () => Iterable<[string, T]>,
  targetPerShard = 64,
  passes = 1,
): Promise<void> {
  let level = 0;
  while (count > targetPerShard * 2 ** level) level++;
  const mask = 2 ** level;
  await mkdir(dir, { recursive: true });
  for (let pass = 0; pass < passes; pass++) {
    const shards = new Map<number, Record<string, T>>();
    for (const [key, value] of entries()) {
      const bucket = hashKey(key) % mask;
      if (bucket % passes !== pass) continue;
      let records = shards.get(bucket);
      if (!records) {
        records = {};
        shards.set(bucket, records);
      }
      records[key] = value;
    }
    const list = [...shards];
    for (let i = 0; i < list.length; i += 64) {
      await Promise.all(
        list
          .slice(i, i + 64)
          .map(([bucket, records]) => writeJson(join(dir, `${bucket}.json`), { records })),
      );
    }
  }
  await writeJson(join(dir, "manifest.json"), { format: 1, level, next: 0 });
}
