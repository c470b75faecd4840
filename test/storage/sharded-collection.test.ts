/** The sharded collection on real files: splits, crashes in the middle of one, a small cache. */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ShardedCollection } from "../../src/storage/sharded-collection.js";
import { hashKey } from "../../src/storage/state-file.js";

const open = (dir: string, extra: { targetPerShard?: number; cachedShards?: number } = {}) =>
  ShardedCollection.open({ dir, schema: z.number(), ...extra });

const keys = (count: number) => Array.from({ length: count }, (_, i) => `telegram:${i}`);

describe("sharded collection", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loa-shards-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  it("splits as it grows, keeps every record, and finds them again after a restart", async () => {
    const collection = await open(dir, { targetPerShard: 8 });
    for (const [i, key] of keys(500).entries()) await collection.put(key, i);
    // 500 records at about 8 per shard: the collection grew to dozens of small files.
    expect(collection.shardCount).toBeGreaterThanOrEqual(500 / 8);
    // A second process finds every record before a checkpoint (from the shards and the log)…
    await collection.settled();
    expect((await open(dir, { targetPerShard: 8 })).size).toBe(500);
    // …and after one, one file per shard.
    await collection.flush();
    const files = (await readdir(dir)).filter((n) => /^\d+\.json$/.test(n));
    expect(files).toHaveLength(collection.shardCount);
    const again = await open(dir, { targetPerShard: 8 });
    expect(again.size).toBe(500);
    const found = await again.getMany(keys(500));
    expect([...found.values()].sort((a, b) => a - b)).toEqual(keys(500).map((_, i) => i));
    let scanned = 0;
    for await (const page of again.scan()) scanned += page.length;
    expect(scanned).toBe(500);
  });

  it("a crash before a split's manifest: the new shard's file is not read, the old one is whole", async () => {
    const all = keys(40);
    await writeFile(
      join(dir, "0.json"),
      JSON.stringify({ records: Object.fromEntries(all.map((k) => [k, 1])) }),
    );
    // Written by the checkpoint before it got to the manifest.
    await writeFile(join(dir, "1.json"), JSON.stringify({ records: { [all[1] ?? ""]: 2 } }));
    await writeFile(join(dir, "manifest.json"), JSON.stringify({ format: 1, level: 0, next: 0 }));
    const collection = await open(dir);
    expect(collection.size).toBe(40);
    const values = await collection.getMany(all);
    expect([...values.values()].every((n) => n === 1)).toBe(true);
  });

  it("a crash after a split's manifest: moved records are read from the new shard, once", async () => {
    const all = keys(40);
    const move = all.filter((k) => hashKey(k) % 2 === 1);
    // The old shard still holds everything; the new one and the manifest were written.
    await writeFile(
      join(dir, "0.json"),
      JSON.stringify({ records: Object.fromEntries(all.map((k) => [k, 1])) }),
    );
    await writeFile(
      join(dir, "1.json"),
      JSON.stringify({ records: Object.fromEntries(move.map((k) => [k, 2])) }),
    );
    await writeFile(join(dir, "manifest.json"), JSON.stringify({ format: 1, level: 1, next: 0 }));
    const collection = await open(dir);
    expect(collection.size).toBe(40);
    expect(await collection.get(move[0] ?? "")).toBe(2);
    let scanned = 0;
    for await (const page of collection.scan()) scanned += page.length;
    expect(scanned).toBe(40);
  });

  it("a crash before a split's manifest: the half-written new shard is ignored", async () => {
    const all = keys(40);
    await writeFile(
      join(dir, "0.json"),
      JSON.stringify({ records: Object.fromEntries(all.map((k) => [k, 1])) }),
    );
    await writeFile(join(dir, "1.json"), JSON.stringify({ records: { [all[1] ?? ""]: 99 } }));
    await writeFile(join(dir, "manifest.json"), JSON.stringify({ format: 1, level: 0, next: 0 }));
    const collection = await open(dir, { targetPerShard: 64 });
    expect(collection.size).toBe(40);
    expect(await collection.get(all[1] ?? "")).toBe(1);
  });

  it("with a cache of two shards, concurrent read-modify-writes of many keys all land", async () => {
    const collection = await open(dir, { targetPerShard: 4, cachedShards: 2 });
    const all = keys(200);
    await Promise.all(all.map((key) => collection.put(key, 0)));
    await Promise.all(
      [...all, ...all, ...all].map((key) =>
        collection.update(key, (n = 0) => ({ value: n + 1, result: undefined })),
      ),
    );
    // As after a kill -9 once the writes are done (a checkpoint may still have been running).
    await collection.settled();
    const again = await open(dir, { targetPerShard: 4 });
    const values = await again.getMany(all);
    expect(values.size).toBe(200);
    expect([...values.values()].every((n) => n === 3)).toBe(true);
  });

  it("a failed write rejects the waiting writers and the collection keeps working", async () => {
    const collection = await open(dir);
    await collection.put("a", 1);
    await rm(dir, { recursive: true, force: true });
    await expect(collection.put("a", 2)).rejects.toThrow();
    await mkdir(dir, { recursive: true });
    await collection.put("b", 3);
    expect(await (await open(dir)).get("b")).toBe(3);
  });

  it("a crash before the checkpoint: the log is replayed over the shards, a torn last line dropped", async () => {
    await writeFile(join(dir, "0.json"), JSON.stringify({ records: { a: 1, b: 2, c: 3 } }));
    await writeFile(
      join(dir, "log.ndjson"),
      `${['{"k":"a","v":10}', '{"k":"b"}', '{"k":"d","v":4}', '{"k":"a","v":11}'].join("\n")}\n{"k":"c","v"`,
    );
    const changes: string[] = [];
    const collection = await ShardedCollection.open({
      dir,
      schema: z.number(),
      onChange: (key, before, after) => changes.push(`${key}:${before ?? "-"}>${after ?? "-"}`),
    });
    expect(collection.size).toBe(3);
    expect(Object.fromEntries(await collection.getMany(["a", "b", "c", "d"]))).toEqual({
      a: 11,
      c: 3,
      d: 4,
    });
    // Indexes built from the shards hear of every replayed change.
    expect(changes).toContain("b:2>-");
    expect(changes.at(-1)).toBe("a:10>11");
    // The start checkpointed: the shard holds the result and the log is empty.
    expect(await readFile(join(dir, "log.ndjson"), "utf8")).toBe("");
    expect(JSON.parse(await readFile(join(dir, "0.json"), "utf8"))).toEqual({
      records: { a: 11, c: 3, d: 4 },
    });
  });

  it("writes are in the log when they resolve and in the shards after a flush", async () => {
    const collection = await open(dir);
    await Promise.all(keys(50).map((key, i) => collection.put(key, i)));
    await collection.settled();
    const log = await readFile(join(dir, "log.ndjson"), "utf8");
    expect(log.trim().split("\n")).toHaveLength(50);
    // A second process opening now (as after kill -9) finds every write.
    expect((await open(dir)).size).toBe(50);
    await collection.flush();
    expect(await readFile(join(dir, "log.ndjson"), "utf8")).toBe("");
    expect((await open(dir)).size).toBe(50);
  });

  it("writes go on while checkpoints write the shards, and none is lost from the log", async () => {
    // A cache of one shard: a checkpoint every 16 changed shards, many while the writes go on.
    const collection = await open(dir, { targetPerShard: 4, cachedShards: 1 });
    const all = keys(400);
    for (let round = 1; round <= 5; round++) {
      await Promise.all(all.map((key, i) => collection.put(key, round * 1000 + i)));
    }
    // Let the last background checkpoint end, then read the files as a restart would.
    await collection.settled();
    const lines = (await readFile(join(dir, "log.ndjson"), "utf8")).split("\n").filter(Boolean);
    expect(lines.length).toBeLessThan(400 * 5);
    const restarted = await open(dir, { targetPerShard: 4 });
    const found = await restarted.getMany(all);
    expect(all.every((key, i) => found.get(key) === 5000 + i)).toBe(true);
    await collection.flush();
    const again = await (await open(dir)).getMany(all);
    expect(all.every((key, i) => again.get(key) === 5000 + i)).toBe(true);
  });

  it("a damaged line inside the log, or a value the schema refuses, stops the open naming the file", async () => {
    const file = join(dir, "log.ndjson");
    await writeFile(file, '{"k":"a","v":1}\n{"k":"b",\n{"k":"c","v":3}\n');
    await expect(open(dir)).rejects.toThrow(`${file}: line 2 is not valid JSON`);
    await writeFile(file, '{"k":"a","v":"one"}\n');
    await expect(open(dir)).rejects.toThrow(`${file}: line 1 is damaged`);
  });
});
