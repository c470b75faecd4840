import { join } from "node:path";
import type { EligibilityRecord, EligibilityRepository } from "../domain/eligibility/service.js";
import { JsonStore } from "./json-store.js";

/** Latest eligibility results in `eligibility.json`, one per customer. */
export async function openEligibilityRepository(dataDir: string): Promise<EligibilityRepository> {
  const store = await JsonStore.open<{ results: Record<string, EligibilityRecord> }>(
    join(dataDir, "eligibility.json"),
    { results: {} },
  );
  return {
    save: (record) =>
      store.update((data) => {
        data.results[record.userKey] = structuredClone(record);
      }),
    get: async (userKey) => structuredClone(store.read().results[userKey]),
    countEligibleByEvent: async () => {
      const counts: Record<string, number> = {};
      for (const r of Object.values(store.read().results)) {
        if (!r.eventId || (r.verdict !== "eligible" && r.verdict !== "partly")) continue;
        counts[r.eventId] = (counts[r.eventId] ?? 0) + 1;
      }
      return counts;
    },
    countByVerdict: async () => {
      const counts: Record<string, number> = {};
      for (const r of Object.values(store.read().results))
        counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
      return counts;
    },
    delete: (userKey) =>
      store.update((data) => {
        delete data.results[userKey];
      }),
  };
}
