/**
 * A programme's structured facts and FAQ entries as the rest of the domain reads them, whatever
 * the age of the data: older data kept `doctors` and `privilege` as fields of their own, newer
 * data writes `facts.doctors` and an FAQ entry. Pure.
 */
import type { FaqEntry, Programme, ProgrammeFacts } from "./types.js";

/** The facts of `programme`, the older top-level `doctors` included. */
export function factsOf(programme: Programme): ProgrammeFacts {
  const facts = programme.facts ?? {};
  if (facts.doctors || !programme.doctors) return facts;
  return { ...facts, doctors: programme.doctors };
}

/** Id of the FAQ entry an older `privilege` field is read as. */
export const LEGACY_PRIVILEGE_ID = "privilege";

/**
 * The FAQ entries of `programme`. An older `privilege` field counts as one more entry, asked by
 * the field's own name, unless an entry of that id exists.
 */
export function faqOf(programme: Programme): FaqEntry[] {
  const entries = programme.faq ?? [];
  if (!programme.privilege || entries.some((entry) => entry.id === LEGACY_PRIVILEGE_ID)) {
    return entries;
  }
  return [
    ...entries,
    { id: LEGACY_PRIVILEGE_ID, questions: ["privilege"], answer: programme.privilege },
  ];
}
