/** Latest eligibility results, one per customer, in the sharded collection `DATA_DIR/eligibility/`. */
import type { z } from "zod";
import type { EligibilityRecord, EligibilityRepository } from "../domain/eligibility/service.js";
import { openCollection } from "./legacy.js";
import { eligibilitySchema, legacySchemas } from "./state-schemas.js";
import type { ShardOptions } from "./user-repository.js";

function bump(counts: Map<string, number>, key: string, delta: number): void {
  const next = (counts.get(key) ?? 0) + delta;
  if (next === 0) counts.delete(key);
  else counts.set(key, next);
}

/** Opens the results; counts per event and per verdict are kept beside them. */
export async function openEligibilityRepository(
  dataDir: string,
  options: ShardOptions = {},
): Promise<EligibilityRepository> {
  const eligibleByEvent = new Map<string, number>();
  const byVerdict = new Map<string, number>();
  const count = (record: EligibilityRecord, delta: 1 | -1) => {
    bump(byVerdict, record.verdict, delta);
    if (record.eventId && (record.verdict === "eligible" || record.verdict === "partly")) {
      bump(eligibleByEvent, record.eventId, delta);
    }
  };
  const results = await openCollection<typeof legacySchemas.eligibility, EligibilityRecord>(
    dataDir,
    "eligibility",
    {
      ...options,
      schema: eligibilitySchema as unknown as z.ZodType<EligibilityRecord>,
      onChange: (_key, before, after) => {
        if (before) count(before, -1);
        if (after) count(after, 1);
      },
    },
    {
      name: "eligibility.json",
      schema: legacySchemas.eligibility,
      entries: (data) => Object.entries(data.results) as Array<[string, EligibilityRecord]>,
    },
  );
  return {
    save: (record) => results.put(record.userKey, record),
    get: (userKey) => results.get(userKey),
    delete: (userKey) => results.delete(userKey),
    countEligibleByEvent: async () => Object.fromEntries(eligibleByEvent),
    countByVerdict: async () => Object.fromEntries(byVerdict),
  };
}
