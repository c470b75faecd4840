/** The audit log: every change coordinators make, and every refused attempt. */
import type { AuditRepository } from "./ports.js";
import type { AuditEntry } from "./types.js";

/** What a caller records; id and time are filled in. */
export type AuditInput = Omit<AuditEntry, "id" | "at">;

/** Records and lists audit entries. */
export interface AuditLog {
  record(entry: AuditInput, now: Date): Promise<AuditEntry>;
  recent(limit: number): Promise<AuditEntry[]>;
}

/** Creates the audit log. `newId` is injected so tests and replays stay deterministic. */
export function createAuditLog(repo: AuditRepository, newId: () => string): AuditLog {
  return {
    async record(input, now) {
      const entry: AuditEntry = { id: newId(), at: now.toISOString(), ...input };
      await repo.append(entry);
      return entry;
    },
    recent: (limit) => repo.recent(limit),
  };
}

/** A short, readable rendering of a before/after value for chat (no HTML). */
export function describeValue(value: unknown, maxLength = 120): string {
  if (value === undefined || value === null) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
