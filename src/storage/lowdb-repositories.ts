import { join } from "node:path";
import type {
  EventRepository,
  ProgrammeRepository,
  SaveResult,
  UnansweredQuestion,
  UnansweredRepository,
  UserProfile,
  UserRepository,
  UserStats,
} from "../domain/ports.js";
import type { CommunityEvent, Programme } from "../domain/types.js";
import { JsonStore } from "./json-store.js";

/** Programmes in `programmes.json`. */
export async function openProgrammeRepository(dataDir: string): Promise<ProgrammeRepository> {
  const store = await JsonStore.open<{ programmes: Programme[] }>(
    join(dataDir, "programmes.json"),
    { programmes: [] },
  );
  return {
    list: async () => structuredClone(store.read().programmes),
    get: async (id) => structuredClone(store.read().programmes.find((p) => p.id === id)),
    save: (programme) =>
      store.update((data) => {
        const index = data.programmes.findIndex((p) => p.id === programme.id);
        if (index >= 0) data.programmes[index] = structuredClone(programme);
        else data.programmes.push(structuredClone(programme));
      }),
  };
}

/** Events in `events.json`, with optimistic concurrency on `version`. */
export async function openEventRepository(dataDir: string): Promise<EventRepository> {
  const store = await JsonStore.open<{ events: CommunityEvent[] }>(join(dataDir, "events.json"), {
    events: [],
  });
  return {
    list: async () => structuredClone(store.read().events),
    get: async (id) => structuredClone(store.read().events.find((e) => e.id === id)),
    save: async (event, expectedVersion): Promise<SaveResult<CommunityEvent>> => {
      const current = store.read().events.find((e) => e.id === event.id);
      if (expectedVersion !== undefined && current && current.version !== expectedVersion) {
        return { ok: false, reason: "conflict", current: structuredClone(current) };
      }
      const stored = structuredClone(event);
      await store.update((data) => {
        const index = data.events.findIndex((e) => e.id === event.id);
        if (index >= 0) data.events[index] = stored;
        else data.events.push(stored);
      });
      return { ok: true, value: structuredClone(stored) };
    },
  };
}

/** Users in `users.json`, keyed by channel key. */
export async function openUserRepository(dataDir: string): Promise<UserRepository> {
  const store = await JsonStore.open<{ users: Record<string, UserProfile> }>(
    join(dataDir, "users.json"),
    { users: {} },
  );
  return {
    get: async (key) => structuredClone(store.read().users[key]),
    upsert: async (key, update) => {
      const next = update(structuredClone(store.read().users[key]));
      await store.update((data) => {
        data.users[key] = structuredClone(next);
      });
      return next;
    },
    getMany: async (keys) => {
      const found = new Map<string, UserProfile>();
      for (const key of keys) {
        const user = store.read().users[key];
        if (user) found.set(key, structuredClone(user));
      }
      return found;
    },
    stats: async (activeSince) => {
      const stats: UserStats = { total: 0, blocked: 0, active: 0, reachableByLang: {} };
      for (const user of Object.values(store.read().users)) {
        stats.total++;
        if (Date.parse(user.lastSeen) >= activeSince.getTime()) stats.active++;
        if (user.blockedAt) stats.blocked++;
        else {
          const lang = user.lang ?? "vi";
          stats.reachableByLang[lang] = (stats.reachableByLang[lang] ?? 0) + 1;
        }
      }
      return stats;
    },
    scan: async function* () {
      yield structuredClone(Object.values(store.read().users));
    },
    delete: (key) =>
      store.update((data) => {
        delete data.users[key];
      }),
  };
}

/** Unanswered customer questions in `unanswered.json`. */
export async function openUnansweredRepository(dataDir: string): Promise<UnansweredRepository> {
  const store = await JsonStore.open<{ questions: UnansweredQuestion[] }>(
    join(dataDir, "unanswered.json"),
    { questions: [] },
  );
  return {
    add: (question) =>
      store.update((data) => {
        data.questions.push(structuredClone(question));
      }),
    open: async (limit) =>
      structuredClone(
        store
          .read()
          .questions.filter((q) => !q.handledAt)
          .slice(-limit)
          .reverse(),
      ),
    counts: async () => ({
      total: store.read().questions.length,
      open: store.read().questions.filter((q) => !q.handledAt).length,
    }),
    countBy: async (userKey, since) =>
      store
        .read()
        .questions.filter((q) => q.userKey === userKey && Date.parse(q.at) >= since.getTime())
        .length,
    deleteFor: (userKey) =>
      store.update((data) => {
        data.questions = data.questions.filter((q) => q.userKey !== userKey);
      }),
    markHandled: (ids, at) =>
      store.update((data) => {
        const wanted = new Set(ids);
        let count = 0;
        for (const question of data.questions) {
          if (wanted.has(question.id) && !question.handledAt) {
            question.handledAt = at;
            count++;
          }
        }
        return count;
      }),
  };
}
