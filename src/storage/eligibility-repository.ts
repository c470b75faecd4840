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
    list: async () => structuredClone(Object.values(store.read().results)),
    delete: (userKey) =>
      store.update((data) => {
        delete data.results[userKey];
      }),
  };
}
