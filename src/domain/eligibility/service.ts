/** Eligibility results per customer: the latest only, and no more personal data than needed. */
import type { Verdict } from "./engine.js";

/** The latest check of one customer. */
export interface EligibilityRecord {
  userKey: string;
  /** The matching event, when the customer's province has one. */
  eventId?: string | undefined;
  provinceId: string;
  outcomeId: string;
  verdict: Verdict;
  at: string;
}

/** Where the latest results live. */
export interface EligibilityRepository {
  save(record: EligibilityRecord): Promise<void>;
  get(userKey: string): Promise<EligibilityRecord | undefined>;
  list(): Promise<EligibilityRecord[]>;
  delete(userKey: string): Promise<void>;
}

/** Results as coordinators need them. */
export interface EligibilityService {
  record(record: EligibilityRecord): Promise<void>;
  /** Customers whose latest check found them eligible or partly eligible, per event. */
  countEligibleByEvent(): Promise<Record<string, number>>;
  /** Latest verdicts counted over all customers. */
  outcomes(): Promise<Record<string, number>>;
  forget(userKey: string): Promise<void>;
}

/** Creates the eligibility service. */
export function createEligibilityService(repository: EligibilityRepository): EligibilityService {
  return {
    record: (record) => repository.save(record),
    async countEligibleByEvent() {
      const counts: Record<string, number> = {};
      for (const record of await repository.list()) {
        if (!record.eventId || (record.verdict !== "eligible" && record.verdict !== "partly"))
          continue;
        counts[record.eventId] = (counts[record.eventId] ?? 0) + 1;
      }
      return counts;
    },
    async outcomes() {
      const counts: Record<string, number> = {};
      for (const record of await repository.list()) {
        counts[record.verdict] = (counts[record.verdict] ?? 0) + 1;
      }
      return counts;
    },
    forget: (userKey) => repository.delete(userKey),
  };
}
