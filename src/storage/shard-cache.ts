/**
 * The parsed shards of one collection kept in memory: at most `size`, least recently used
 * dropped first, never one a commit is working on (pinned). Concurrent loads of one shard
 * share one read.
 */

/** One shard file's content. */
export interface Shard<T> {
  records: Record<string, T>;
}

/** A bounded LRU of parsed shards. */
export class ShardCache<T> {
  private readonly shards = new Map<number, Shard<T>>();
  private readonly loading = new Map<number, Promise<Shard<T>>>();
  private readonly pinned = new Set<number>();

  constructor(
    private readonly size: number,
    private readonly read: (bucket: number) => Promise<Shard<T>>,
  ) {}

  /**
   * A shard for reading only: the cached one (`shared`: callers must not hand out its records
   * without copying them), or a fresh read that is not cached.
   */
  async peek(bucket: number): Promise<{ shard: Shard<T>; shared: boolean }> {
    const shared = this.shards.get(bucket) ?? this.loading.get(bucket);
    if (shared) return { shard: await shared, shared: true };
    return { shard: await this.read(bucket), shared: false };
  }

  /** A shard, cached (most recently used last). */
  load(bucket: number): Promise<Shard<T>> {
    const cached = this.shards.get(bucket);
    if (cached) {
      this.shards.delete(bucket);
      this.shards.set(bucket, cached);
      return Promise.resolve(cached);
    }
    let loading = this.loading.get(bucket);
    if (!loading) {
      loading = this.read(bucket).then((shard) => {
        this.loading.delete(bucket);
        // A split may have cached its own copy meanwhile; that one is newer.
        const current = this.shards.get(bucket) ?? shard;
        this.shards.set(bucket, current);
        this.evict();
        return current;
      });
      this.loading.set(bucket, loading);
    }
    return loading;
  }

  /** Caches a shard built in memory (the new half of a split). */
  set(bucket: number, shard: Shard<T>): void {
    this.shards.set(bucket, shard);
  }

  /** Keeps shards in memory until {@link unpin} (their changes are not on disk yet). */
  pin(buckets: Iterable<number>): void {
    for (const bucket of buckets) this.pinned.add(bucket);
  }

  unpin(buckets: Iterable<number>): void {
    for (const bucket of buckets) this.pinned.delete(bucket);
    this.evict();
  }

  private evict(): void {
    for (const bucket of this.shards.keys()) {
      if (this.shards.size <= this.size) return;
      if (!this.pinned.has(bucket)) this.shards.delete(bucket);
    }
  }
}
