/** Users in the sharded collection `DATA_DIR/users/`, with counters kept beside it for `/stats`. */
import type { z } from "zod";
import type { UserProfile, UserRepository, UserStats } from "../domain/ports.js";
import type { Lang } from "../domain/types.js";
import { openCollection } from "./legacy.js";
import { legacySchemas, userSchema } from "./state-schemas.js";

const HOUR_MS = 60 * 60 * 1000;

/** Counters over every profile, updated with each change. */
class UserCounters {
  blocked = 0;
  /** Users per hour of `lastSeen` (hours since the epoch). */
  readonly seenPerHour = new Map<number, number>();
  readonly reachableByLang = new Map<Lang, number>();

  change(user: UserProfile, delta: 1 | -1): void {
    const hour = Math.floor(Date.parse(user.lastSeen) / HOUR_MS);
    if (Number.isFinite(hour)) bump(this.seenPerHour, hour, delta);
    if (user.blockedAt) this.blocked += delta;
    else bump(this.reachableByLang, user.lang ?? "vi", delta);
  }
}

function bump<K>(map: Map<K, number>, key: K, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

/** Options of {@link openUserRepository}. */
export interface ShardOptions {
  targetPerShard?: number | undefined;
  cachedShards?: number | undefined;
  /** Collections of one store, so closing it waits for their writes. */
  registry?: Set<{ flush(): Promise<void> }> | undefined;
  /** Told when a write nobody awaits fails (sessions). */
  onBackgroundError?: ((error: unknown) => void) | undefined;
}

/**
 * Opens the users. A profile write rewrites one small shard; `stats` reads counters (active
 * users are counted to the hour of their last message, which is what `lastSeen` keeps).
 */
export async function openUserRepository(
  dataDir: string,
  options: ShardOptions = {},
): Promise<UserRepository> {
  const counters = new UserCounters();
  const users = await openCollection<typeof legacySchemas.users, UserProfile>(
    dataDir,
    "users",
    {
      ...options,
      schema: userSchema as unknown as z.ZodType<UserProfile>,
      onChange: (_key, before, after) => {
        if (before) counters.change(before, -1);
        if (after) counters.change(after, 1);
      },
    },
    {
      name: "users.json",
      schema: legacySchemas.users,
      entries: (data) => Object.entries(data.users) as Array<[string, UserProfile]>,
    },
  );
  return {
    get: (key) => users.get(key),
    getMany: (keys) => users.getMany(keys),
    upsert: (key, update) =>
      users.update(key, (current) => {
        const next = update(current);
        return { value: next, result: structuredClone(next) };
      }),
    delete: (key) => users.delete(key),
    async stats(activeSince): Promise<UserStats> {
      const fromHour = Math.floor(activeSince.getTime() / HOUR_MS);
      let active = 0;
      for (const [hour, count] of counters.seenPerHour) if (hour >= fromHour) active += count;
      return {
        total: users.size,
        blocked: counters.blocked,
        active,
        reachableByLang: Object.fromEntries(counters.reachableByLang),
      };
    },
    async *scan() {
      for await (const page of users.scan()) yield page.map(([, user]) => user);
    },
  };
}
