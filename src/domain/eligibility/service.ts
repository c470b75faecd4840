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

/** Where the latest results live (one per customer). */
export interface EligibilityRepository {
  /** Replaces the customer's latest result; durable when it resolves. */
  save(record: EligibilityRecord): Promise<void>;
  get(userKey: string): Promise<EligibilityRecord | undefined>;
  delete(userKey: string): Promise<void>;
  /** Customers whose latest result is eligible or partly eligible, per event id. */
  countEligibleByEvent(): Promise<Record<string, number>>;
  /** Latest results counted per verdict. */
  countByVerdict(): Promise<Record<string, number>>;
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
    countEligibleByEvent: () => repository.countEligibleByEvent(),
    outcomes: () => repository.countByVerdict(),
    forget: (userKey) => repository.delete(userKey),
  };
}
