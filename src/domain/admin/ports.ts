/** Repositories the coordinator side needs. Implementations live in `src/storage/`. */
import type { AdminRecord, AuditEntry, PendingAction, TakeResult } from "./types.js";

/** Coordinators added by owners. */
export interface AdminRepository {
  list(): Promise<AdminRecord[]>;
  /** Adds or replaces the record for `record.userId`. */
  put(record: AdminRecord): Promise<void>;
  /** Removes; true when someone was removed. */
  remove(userId: number): Promise<boolean>;
  /** Replaces every record (import). */
  replaceAll(records: AdminRecord[]): Promise<void>;
}

/** Append-only audit log (the store may drop the oldest entries past a cap). */
export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  recent(limit: number): Promise<AuditEntry[]>;
}

/** Pending confirmations. `take` must be atomic: of two taps, exactly one wins. */
export interface PendingActionRepository {
  put(action: PendingAction): Promise<void>;
  /** Marks the action used and returns it, or says why it cannot be used. */
  take(token: string, actorId: number, now: Date): Promise<TakeResult>;
  /** Reads without using (for previews and edits of a draft). */
  peek(token: string): Promise<PendingAction | undefined>;
  /** Marks an action used without running it (Cancel). */
  discard(token: string, now: Date): Promise<void>;
}
