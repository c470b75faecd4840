import { join } from "node:path";
import type { z } from "zod";
import type { EventRepository, ProgrammeRepository, SaveResult } from "../domain/ports.js";
import type { CommunityEvent, Programme } from "../domain/types.js";
import { JsonStore } from "./json-store.js";
import { eventsStateSchema, programmesStateSchema } from "./state-schemas.js";

/**
 * A deep-frozen copy of `read()`, made on first use after each change: questions read the
 * catalogue thousands of times between two coordinator edits.
 */
function sharedCopy<T>(read: () => T[]): { get(): readonly T[]; reset(): void } {
  let copy: readonly T[] | undefined;
  return {
    get: () => {
      copy ??= deepFreeze(structuredClone(read()));
      return copy;
    },
    reset: () => {
      copy = undefined;
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Programmes in `programmes.json`. */
export async function openProgrammeRepository(dataDir: string): Promise<ProgrammeRepository> {
  const store = await JsonStore.open<{ programmes: Programme[] }>(
    join(dataDir, "programmes.json"),
    { programmes: [] },
    programmesStateSchema as unknown as z.ZodType<{ programmes: Programme[] }>,
  );
  const shared = sharedCopy(() => store.read().programmes);
  return {
    list: async () => structuredClone(store.read().programmes),
    listShared: async () => shared.get(),
    get: async (id) => structuredClone(store.read().programmes.find((p) => p.id === id)),
    save: (programme) =>
      store.update((data) => {
        shared.reset();
        const index = data.programmes.findIndex((p) => p.id === programme.id);
        if (index >= 0) data.programmes[index] = structuredClone(programme);
        else data.programmes.push(structuredClone(programme));
      }),
  };
}

/** Events in `events.json`, with optimistic concurrency on `version`. */
export async function openEventRepository(dataDir: string): Promise<EventRepository> {
  const store = await JsonStore.open<{ events: CommunityEvent[] }>(
    join(dataDir, "events.json"),
    { events: [] },
    eventsStateSchema as unknown as z.ZodType<{ events: CommunityEvent[] }>,
  );
  const shared = sharedCopy(() => store.read().events);
  return {
    list: async () => structuredClone(store.read().events),
    listShared: async () => shared.get(),
    get: async (id) => structuredClone(store.read().events.find((e) => e.id === id)),
    save: async (event, expectedVersion): Promise<SaveResult<CommunityEvent>> => {
      // Check and change in one synchronous step, so of two saves of one version one wins.
      const stored = structuredClone(event);
      const conflict = await store.update((data) => {
        const index = data.events.findIndex((e) => e.id === event.id);
        const current = index >= 0 ? data.events[index] : undefined;
        if (expectedVersion !== undefined && current && current.version !== expectedVersion) {
          return structuredClone(current);
        }
        shared.reset();
        if (index >= 0) data.events[index] = stored;
        else data.events.push(stored);
        return undefined;
      });
      if (conflict) return { ok: false, reason: "conflict", current: conflict };
      return { ok: true, value: structuredClone(stored) };
    },
  };
}
