/** Who talks to the bot, in which language, and whether we can still reach them. */
import type { UserProfile, UserRepository } from "../ports.js";
import type { Lang } from "../types.js";

/** "Last seen" is kept to the hour: enough for "active in 7 days", cheap to store. */
const LAST_SEEN_RESOLUTION_MS = 60 * 60 * 1000;

/** A sighting of a user on a channel. */
export interface UserSighting {
  key: string;
  channel: UserProfile["channel"];
  chatId: string;
  name?: string | undefined;
  now: Date;
}

/** Keeps user profiles. */
export interface UserService {
  /** Records that the user wrote; clears a previous "blocked" mark. */
  seen(sighting: UserSighting): Promise<UserProfile>;
  get(key: string): Promise<UserProfile | undefined>;
  setLanguage(key: string, lang: Lang, now: Date): Promise<void>;
  /** The channel told us the user blocked the bot or is gone: stop sending. */
  markBlocked(key: string, now: Date): Promise<void>;
  forget(key: string): Promise<void>;
}

/** Creates the user service. */
export function createUserService(users: UserRepository): UserService {
  return {
    seen: async (s) => {
      const existing = await users.get(s.key);
      // A write rewrites the whole user file; skip it when nothing worth keeping changed.
      if (
        existing &&
        !existing.blockedAt &&
        existing.chatId === s.chatId &&
        (s.name === undefined || existing.name === s.name) &&
        s.now.getTime() - Date.parse(existing.lastSeen) < LAST_SEEN_RESOLUTION_MS
      ) {
        return existing;
      }
      return users.upsert(s.key, (current) => ({
        ...(current ?? { key: s.key, firstSeen: s.now.toISOString() }),
        key: s.key,
        channel: s.channel,
        chatId: s.chatId,
        name: s.name ?? current?.name,
        lastSeen: s.now.toISOString(),
        blockedAt: undefined,
      }));
    },
    get: (key) => users.get(key),
    setLanguage: async (key, lang, now) => {
      await users.upsert(key, (current) => ({
        ...(current ?? {
          key,
          channel: "telegram",
          chatId: key.split(":")[1] ?? key,
          firstSeen: now.toISOString(),
          lastSeen: now.toISOString(),
        }),
        lang,
        langChosen: true,
      }));
    },
    markBlocked: async (key, now) => {
      const existing = await users.get(key);
      if (!existing) return;
      await users.upsert(key, (current) => ({
        ...(current ?? existing),
        blockedAt: now.toISOString(),
      }));
    },
    forget: (key) => users.delete(key),
  };
}
