/**
 * A per-user collection on lowdb files whose write cost does not grow with the audience.
 *
 * Records live in hashed shard files `<dir>/<n>.json` (`{"records": {key: value}}`), each a
 * lowdb `DataFile` written atomically (temp file + rename). The number of shards grows by
 * linear hashing: when the average shard holds more than `targetPerShard` records, one shard
 * is split in two, so a shard stays around that size from a thousand records to millions and
 * a write rewrites one small file whatever the collection's size.
 *
 * Writes are group-committed into a write-ahead log (`log.ndjson`, see {@link RecordLog}):
 * every write queued while one commit is on disk goes into the next, which appends one line per
 * changed record in one write and resolves all of them together. A durable write resolves only
 * when its line is on disk (the bot answers after that). The changed shards stay in memory and
 * are rewritten together at a checkpoint — when the log or the number of changed shards grows
 * past a bound, a few seconds after the first change, and at close — after which the log is emptied.
 * So a burst of writes to a few shards costs one append per group, not one file per shard.
 *
 * Only a bounded number of parsed shards stay in memory (LRU); indexes that queries need are
 * maintained by the owner through {@link CollectionOptions.onChange}, fed every record at open.
 *
 * Crash safety: a shard file is replaced atomically, and the log is replayed over the shards at
 * open (the latest line of a key wins, so a replay is idempotent). A split happens in memory;
 * the checkpoint after it writes the new shard, then the manifest, then the old shard without
 * the moved records. Until the manifest the files are the old layout, whole; between the
 * manifest and the old shard, its file holds the moved records too, ignored because they no
 * longer hash there.
 */
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { logLine, RecordLog } from "./record-log.js";
import { type Shard, ShardCache } from "./shard-cache.js";
import { describeZodError } from "./seed-schema.js";
import { hashKey, RECOVERY_HINT, readStateFile, writeJson } from "./state-file.js";
import { StorageError } from "./storage.js";

/** Lines in the log before a checkpoint. */
const LOG_LINES_BEFORE_CHECKPOINT = 4_096;
/**
 * A checkpoint comes at most this long after the first change since the last one. The log is
 * durable, so this only bounds how long the shard files lag behind it; a short interval made a
 * burst of new users rewrite every shard each second (tens of records rewritten per write).
 */
const CHECKPOINT_AFTER_MS = 5_000;

/** What a {@link ShardedCollection} is opened with. */
export interface CollectionOptions<T> {
  dir: string;
  /** Every record is checked with this at open; a damaged file stops the start. */
  schema: z.ZodType<T>;
  /** Average records per shard before a split. */
  targetPerShard?: number | undefined;
  /** Parsed shards kept in memory. */
  cachedShards?: number | undefined;
  /**
   * Told of every record at open (`before` undefined) and of every change (`after` undefined
   * for a deletion), synchronously, so the owner's indexes follow the data.
   */
  onChange?: ((key: string, before: T | undefined, after: T | undefined) => void) | undefined;
  /**
   * Records for which this returns true are dropped when their shard is next written
   * (time-bounded collections such as handled message ids).
   */
  expired?: ((value: T) => boolean) | undefined;
  /** Collections opened for one store, so closing it can wait for their writes. */
  registry?: Set<{ flush(): Promise<void> }> | undefined;
  /** Told when a write fails that nobody awaits (non-durable writes). */
  onBackgroundError?: ((error: unknown) => void) | undefined;
}

/**
 * How a write changes one record: the new value (undefined deletes) and what to return, or
 * `keep` to leave it as it is (nothing is written).
 */
export type Change<T, R> = { value: T | undefined; result: R } | { keep: true; result: R };

interface Manifest {
  format: 1;
  level: number;
  next: number;
}

interface PendingWrite<T> {
  key: string;
  apply: (current: T | undefined) => Change<T, unknown>;
  /** `apply` ignores the current value (put, delete): it is not copied for it. */
  blind?: boolean;
  durable: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const manifestSchema = z.object({
  format: z.literal(1),
  level: z.number().int().min(0).max(30),
  next: z.number().int().min(0),
});

/** A per-key collection in hashed, self-splitting shard files. */
export class ShardedCollection<T> {
  private level = 0;
  private next = 0;
  private count = 0;
  private readonly cache: ShardCache<T>;
  private queue: PendingWrite<T>[] = [];
  private committing: Promise<void> | undefined;
  private readonly target: number;
  private readonly fileSchema: z.ZodType<Shard<T>>;
  private log!: RecordLog;
  /** Shards changed since the last checkpoint (pinned in the cache until it). */
  private readonly dirty = new Set<number>();
  private readonly dirtyLimit: number;
  private checkpointTimer: ReturnType<typeof setTimeout> | undefined;
  /** The checkpoint writing shards now; commits go on meanwhile. */
  private checkpointing: Promise<void> | undefined;
  /** Shards that checkpoint is writing (kept in memory until it is over). */
  private readonly writing = new Set<number>();
  /** Shards split since the last checkpoint (written after the manifest). */
  private readonly splitSources = new Set<number>();
  /** The layout (level, next) changed since the last checkpoint. */
  private layoutChanged = false;
  /** Splits so far (readers that waited on a shard look again when it changed). */
  private splits = 0;

  private constructor(private readonly options: CollectionOptions<T>) {
    this.target = options.targetPerShard ?? 64;
    const cached = options.cachedShards ?? 128;
    this.cache = new ShardCache(cached, (bucket) => this.readShard(bucket));
    // Changed shards stay pinned until the checkpoint: bounded, but well above the cache, because
    // writes of new users land on random shards and a checkpoint of nearly every shard after a
    // few hundred writes cost more than the writes (64-record shards: 512 are a few MB).
    this.dirtyLimit = Math.max(16, cached * 4);
    this.fileSchema = z.object({ records: z.record(z.string(), options.schema) }) as z.ZodType<
      Shard<T>
    >;
  }

  /** Opens the collection in `options.dir`, checking every shard and feeding `onChange`. */
  static async open<T>(options: CollectionOptions<T>): Promise<ShardedCollection<T>> {
    const collection = new ShardedCollection(options);
    options.registry?.add(collection);
    await mkdir(options.dir, { recursive: true });
    const manifest = await readStateFile(collection.manifestFile, manifestSchema);
    if (manifest) {
      collection.level = manifest.level;
      collection.next = manifest.next;
    }
    await collection.scanAll();
    await collection.replayLog();
    return collection;
  }

  /** True when `dir` already holds a collection (its manifest). */
  static async exists(dir: string): Promise<boolean> {
    return readdir(dir).then(
      (names) => names.includes("manifest.json"),
      () => false,
    );
  }

  /** Records in the collection. */
  get size(): number {
    return this.count;
  }

  /** Shards in the collection. */
  get shardCount(): number {
    return 2 ** this.level + this.next;
  }

  async get(key: string): Promise<T | undefined> {
    for (;;) {
      const splits = this.splits;
      const shard = await this.cache.load(this.bucketOf(key));
      // A split while the shard was read may have moved the key: read where it is now.
      if (splits !== this.splits) continue;
      const value = shard.records[key];
      return value === undefined ? undefined : structuredClone(value);
    }
  }

  /** The records of those keys that exist; each shard is read once. */
  async getMany(keys: readonly string[]): Promise<Map<string, T>> {
    for (;;) {
      const splits = this.splits;
      const found = await this.readMany(keys);
      // A split while the shards were read may have moved some keys: read again.
      if (splits === this.splits) return found;
    }
  }

  private async readMany(keys: readonly string[]): Promise<Map<string, T>> {
    const byBucket = new Map<number, string[]>();
    for (const key of keys) {
      const bucket = this.bucketOf(key);
      const list = byBucket.get(bucket);
      if (list) list.push(key);
      else byBucket.set(bucket, [key]);
    }
    const found = new Map<string, T>();
    const groups = [...byBucket];
    for (let i = 0; i < groups.length; i += 32) {
      const slice = groups.slice(i, i + 32);
      const shards = await Promise.all(slice.map(([bucket]) => this.cache.peek(bucket)));
      slice.forEach(([, wanted], j) => {
        const { shard, shared } = shards[j] as { shard: Shard<T>; shared: boolean };
        for (const key of wanted) {
          const value = shard.records[key];
          if (value !== undefined) found.set(key, shared ? structuredClone(value) : value);
        }
      });
    }
    return found;
  }

  /**
   * Changes one record in one step: `apply` sees the current value (after every write queued
   * before it) and returns the new one. Durable writes resolve once on disk; others once applied.
   */
  update<R>(
    key: string,
    apply: (current: T | undefined) => Change<T, R>,
    durable = true,
    blind = false,
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({
        key,
        apply,
        blind,
        durable,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.committing ??= this.commitLoop();
    });
  }

  put(key: string, value: T, durable = true): Promise<void> {
    return this.update(key, () => ({ value, result: undefined }), durable, true);
  }

  delete(key: string, durable = true): Promise<void> {
    return this.update(key, () => ({ value: undefined, result: undefined }), durable, true);
  }

  /** Every record, a shard at a time, without filling the cache. */
  async *scan(): AsyncIterable<Array<[string, T]>> {
    for (let bucket = 0; bucket < this.shardCount; bucket++) {
      const { shard, shared } = await this.cache.peek(bucket);
      const page: Array<[string, T]> = [];
      for (const [key, value] of Object.entries(shard.records)) {
        if (this.bucketOf(key) === bucket)
          page.push([key, shared ? structuredClone(value) : value]);
      }
      if (page.length > 0) yield page;
    }
  }

  /**
   * Resolves once no commit or checkpoint is running, without starting one (what a process
   * killed now would leave on disk is then the log and shards as they stand).
   */
  async settled(): Promise<void> {
    for (;;) {
      if (this.committing) await this.committing;
      else if (this.checkpointing) await this.checkpointing;
      else return;
    }
  }

  /** Resolves when every queued write is on disk and in its shard file (a checkpoint). */
  async flush(): Promise<void> {
    await this.settled();
    if (this.dirty.size > 0 || this.log.lines > 0) {
      // As a background one, so that no split runs while it writes.
      this.startCheckpoint();
      await this.checkpointing;
    }
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
  }

  private get manifestFile(): string {
    return join(this.options.dir, "manifest.json");
  }

  private fileOf(bucket: number): string {
    return join(this.options.dir, `${bucket}.json`);
  }

  private bucketOf(key: string): number {
    const hash = hashKey(key);
    const low = hash % 2 ** this.level;
    return low < this.next ? hash % 2 ** (this.level + 1) : low;
  }

  /**
   * Reads a shard file (empty when missing); records of other shards are dropped. At open each
   * file is checked against the schema; later reads parse files this process wrote itself.
   */
  private async readShard(bucket: number, check = false): Promise<Shard<T>> {
    let shard: Shard<T>;
    if (check) {
      shard = (await readStateFile(this.fileOf(bucket), this.fileSchema)) ?? { records: {} };
    } else {
      const text = await readFile(this.fileOf(bucket), "utf8").catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      });
      shard = text === undefined ? { records: {} } : (JSON.parse(text) as Shard<T>);
    }
    for (const key of Object.keys(shard.records)) {
      if (this.bucketOf(key) !== bucket) delete shard.records[key];
    }
    return shard;
  }

  private async scanAll(): Promise<void> {
    const buckets = Array.from({ length: this.shardCount }, (_, i) => i);
    for (let i = 0; i < buckets.length; i += 32) {
      const shards = await Promise.all(
        buckets.slice(i, i + 32).map((b) => this.readShard(b, true)),
      );
      for (const shard of shards) {
        for (const [key, value] of Object.entries(shard.records)) {
          this.count++;
          this.options.onChange?.(key, undefined, value);
        }
      }
    }
  }

  /** Applies the log over the shards read at open, then checkpoints so it starts empty. */
  private async replayLog(): Promise<void> {
    const { log, entries } = await RecordLog.open(join(this.options.dir, "log.ndjson"));
    this.log = log;
    for (const entry of entries) {
      let after: T | undefined;
      if ("v" in entry) {
        const parsed = this.options.schema.safeParse(entry.v);
        if (!parsed.success) {
          throw new StorageError(
            `${log.file}: line ${entry.line} is damaged (${describeZodError(parsed.error)}). ${RECOVERY_HINT}.`,
          );
        }
        after = parsed.data;
      }
      const bucket = this.bucketOf(entry.k);
      const shard = await this.cache.load(bucket);
      this.markDirty(bucket);
      const before = shard.records[entry.k];
      if (after === undefined) delete shard.records[entry.k];
      else shard.records[entry.k] = after;
      this.count += (after === undefined ? 0 : 1) - (before === undefined ? 0 : 1);
      if (before !== undefined || after !== undefined) {
        this.options.onChange?.(entry.k, before, after);
      }
    }
    if (entries.length > 0) await this.checkpoint();
  }

  private markDirty(bucket: number): void {
    if (this.dirty.has(bucket)) return;
    this.dirty.add(bucket);
    this.cache.pin([bucket]);
    this.scheduleCheckpoint();
  }

  private scheduleCheckpoint(): void {
    this.checkpointTimer ??= setTimeout(() => {
      this.checkpointTimer = undefined;
      this.startCheckpoint();
    }, CHECKPOINT_AFTER_MS).unref();
  }

  /** Unpins shards a commit or split worked on, except those still waiting for a checkpoint. */
  private release(buckets: readonly number[]): void {
    this.cache.unpin(
      buckets.filter((bucket) => !this.dirty.has(bucket) && !this.writing.has(bucket)),
    );
  }

  private async writeShards(buckets: readonly number[]): Promise<void> {
    for (let i = 0; i < buckets.length; i += 32) {
      await Promise.all(
        buckets.slice(i, i + 32).map(async (bucket) => {
          const shard = await this.cache.load(bucket);
          this.sweep(shard);
          await writeJson(this.fileOf(bucket), shard);
        }),
      );
    }
  }

  /** Starts a checkpoint in the background unless one runs. */
  private startCheckpoint(): void {
    this.checkpointing ??= this.checkpoint()
      .catch((error: unknown) => this.options.onBackgroundError?.(error))
      .finally(() => {
        this.checkpointing = undefined;
      });
  }

  /**
   * Writes every shard changed so far, then cuts the log down to the lines appended meanwhile.
   * Commits are not held up: a change made while the shards are written is in those lines (and
   * its shard is written again at the next checkpoint), so the log and the shards together
   * always hold every record, whenever the process dies.
   */
  private async checkpoint(): Promise<void> {
    const buckets = [...this.dirty];
    this.dirty.clear();
    const sources = new Set(this.splitSources);
    this.splitSources.clear();
    const layout = this.layoutChanged ? { level: this.level, next: this.next } : undefined;
    this.layoutChanged = false;
    for (const bucket of buckets) this.writing.add(bucket);
    this.log.carry();
    try {
      // New and changed shards, then the layout, then the shards that were split (see split).
      await this.writeShards(buckets.filter((bucket) => !sources.has(bucket)));
      if (layout) await writeJson(this.manifestFile, { format: 1, ...layout } satisfies Manifest);
      await this.writeShards(buckets.filter((bucket) => sources.has(bucket)));
      await this.log.replace();
    } catch (error) {
      // Still to be written: the log keeps everything, the next checkpoint tries again.
      this.log.dropCarry();
      for (const bucket of buckets) this.markDirty(bucket);
      for (const source of sources) this.splitSources.add(source);
      if (layout) this.layoutChanged = true;
      throw error;
    } finally {
      for (const bucket of buckets) this.writing.delete(bucket);
      this.release(buckets);
    }
    if (this.dirty.size === 0) {
      clearTimeout(this.checkpointTimer);
      this.checkpointTimer = undefined;
    } else this.scheduleCheckpoint(); // changed while it ran (its timer may have come and gone)
  }

  private async commitLoop(): Promise<void> {
    try {
      // Only started with a write queued, so it never ends before `committing` is set.
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.commit(batch);
      }
    } finally {
      this.committing = undefined;
    }
  }

  private async commit(batch: PendingWrite<T>[]): Promise<void> {
    const buckets = [...new Set(batch.map((w) => this.bucketOf(w.key)))];
    this.cache.pin(buckets);
    const done: Array<{ write: PendingWrite<T>; result: unknown }> = [];
    try {
      let shards: Map<number, Shard<T>>;
      try {
        shards = new Map(
          await Promise.all(buckets.map(async (b) => [b, await this.cache.load(b)] as const)),
        );
      } catch (error) {
        for (const write of batch) write.reject(error);
        return;
      }
      const dirty = new Set<number>();
      const lines: string[] = [];
      for (const write of batch) {
        const bucket = this.bucketOf(write.key);
        const shard = shards.get(bucket) as Shard<T>;
        const before = shard.records[write.key];
        let change: Change<T, unknown>;
        try {
          change = write.apply(
            before === undefined || write.blind ? undefined : structuredClone(before),
          );
        } catch (error) {
          write.reject(error);
          continue;
        }
        if ("keep" in change) {
          if (write.durable) done.push({ write, result: change.result });
          else write.resolve(change.result);
          continue;
        }
        // The stored copy is the value as its log line holds it: one serialisation for both.
        const json = change.value === undefined ? undefined : JSON.stringify(change.value);
        const after = json === undefined ? undefined : (JSON.parse(json) as T);
        if (after === undefined) {
          if (before !== undefined) {
            delete shard.records[write.key];
            this.count--;
            dirty.add(bucket);
          }
        } else {
          if (before === undefined) this.count++;
          shard.records[write.key] = after;
          dirty.add(bucket);
        }
        if (before !== undefined || after !== undefined) {
          this.options.onChange?.(write.key, before, after);
          lines.push(logLine(write.key, json));
        }
        if (write.durable) done.push({ write, result: change.result });
        else write.resolve(change.result);
      }
      for (const bucket of dirty) this.markDirty(bucket);
      try {
        await this.log.append(lines);
      } catch (error) {
        for (const { write } of done) write.reject(error);
        if (batch.some((write) => !write.durable)) this.options.onBackgroundError?.(error);
        return;
      }
      for (const { write, result } of done) write.resolve(result);
      try {
        if (this.log.lines >= LOG_LINES_BEFORE_CHECKPOINT || this.dirty.size >= this.dirtyLimit) {
          this.startCheckpoint();
        }
        // Not while a checkpoint writes: it writes the layout it started with.
        while (!this.checkpointing && this.count > this.target * this.shardCount) {
          if (!(await this.split())) break;
        }
      } catch (error) {
        // The changes are in the log; the next checkpoint writes the shards again.
        this.options.onBackgroundError?.(error);
      }
    } finally {
      this.release(buckets);
    }
  }

  private sweep(shard: Shard<T>): void {
    const expired = this.options.expired;
    if (!expired) return;
    for (const [key, value] of Object.entries(shard.records)) {
      if (!expired(value)) continue;
      delete shard.records[key];
      this.count--;
      this.options.onChange?.(key, value, undefined);
    }
  }

  /**
   * Splits shard `next` into itself and `next + 2^level` (linear hashing), in memory: both
   * shards and the layout are written at the next checkpoint — the new shard, then the manifest,
   * then the old shard. Until the manifest is written the files are the old layout, whole; after
   * it, the old shard's file may still hold the moved records, ignored because they no longer hash
   * there. False when a checkpoint began meanwhile (the split waits for a later commit).
   */
  private async split(): Promise<boolean> {
    const source = this.next;
    const target = source + 2 ** this.level;
    this.cache.pin([source]);
    try {
      const shard = await this.cache.load(source);
      if (this.checkpointing) return false;
      // From here on synchronous: no checkpoint can begin halfway.
      const stay: Record<string, T> = {};
      const move: Record<string, T> = {};
      const wide = 2 ** (this.level + 1);
      for (const [key, value] of Object.entries(shard.records)) {
        if (hashKey(key) % wide === source) stay[key] = value;
        else move[key] = value;
      }
      const level = this.next + 1 === 2 ** this.level ? this.level + 1 : this.level;
      this.next = level === this.level ? this.next + 1 : 0;
      this.level = level;
      shard.records = stay;
      this.cache.set(target, { records: move });
      this.splitSources.add(source);
      this.layoutChanged = true;
      this.splits++;
      this.markDirty(target);
      this.markDirty(source);
      return true;
    } finally {
      this.release([source]);
    }
  }
}
