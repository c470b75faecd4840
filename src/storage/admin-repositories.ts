/** lowdb files of the coordinator side: `admins.json`, `audit.json`, `admin-pending.json`. */
import { join } from "node:path";
import type {
  AdminRepository,
  AuditRepository,
  PendingActionRepository,
} from "../domain/admin/ports.js";
import type { AdminRecord, AuditEntry, PendingAction } from "../domain/admin/types.js";
import type { z } from "zod";
import { JsonStore } from "./json-store.js";
import { adminsStateSchema, auditStateSchema, pendingStateSchema } from "./state-schemas.js";

/** Entries kept in the audit file; the oldest are dropped past it. */
export const AUDIT_CAP = 5000;
/** Used or expired confirmations are dropped this long after they stop being useful. */
const PENDING_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Coordinators in `admins.json`. */
export async function openAdminRepository(dataDir: string): Promise<AdminRepository> {
  const store = await JsonStore.open<{ admins: AdminRecord[] }>(
    join(dataDir, "admins.json"),
    { admins: [] },
    adminsStateSchema as unknown as z.ZodType<{ admins: AdminRecord[] }>,
  );
  return {
    list: async () => structuredClone(store.read().admins),
    put: (record) =>
      store.update((data) => {
        data.admins = [
          ...data.admins.filter((a) => a.userId !== record.userId),
          structuredClone(record),
        ];
      }),
    remove: (userId) =>
      store.update((data) => {
        const before = data.admins.length;
        data.admins = data.admins.filter((a) => a.userId !== userId);
        return data.admins.length < before;
      }),
    replaceAll: (records) =>
      store.update((data) => {
        data.admins = structuredClone(records);
      }),
  };
}

/** The audit log in `audit.json`, capped at {@link AUDIT_CAP} entries. */
export async function openAuditRepository(dataDir: string): Promise<AuditRepository> {
  const store = await JsonStore.open<{ entries: AuditEntry[] }>(
    join(dataDir, "audit.json"),
    { entries: [] },
    auditStateSchema as unknown as z.ZodType<{ entries: AuditEntry[] }>,
  );
  return {
    append: (entry) =>
      store.update((data) => {
        data.entries.push(structuredClone(entry));
        if (data.entries.length > AUDIT_CAP)
          data.entries.splice(0, data.entries.length - AUDIT_CAP);
      }),
    recent: async (limit) => structuredClone(store.read().entries.slice(-limit).reverse()),
  };
}

/**
 * Pending confirmations in `admin-pending.json`. `take` checks and marks in one synchronous
 * step before the write, so of two taps processed concurrently exactly one wins.
 */
export async function openPendingActionRepository(
  dataDir: string,
): Promise<PendingActionRepository> {
  const store = await JsonStore.open<{ actions: PendingAction[] }>(
    join(dataDir, "admin-pending.json"),
    { actions: [] },
    pendingStateSchema as unknown as z.ZodType<{ actions: PendingAction[] }>,
  );
  return {
    put: (action) =>
      store.update((data) => {
        const cutoff = Date.parse(action.createdAt) - PENDING_RETENTION_MS;
        data.actions = data.actions.filter((a) => Date.parse(a.expiresAt) > cutoff);
        data.actions.push(structuredClone(action));
      }),
    take: (token, actorId, now) =>
      store.update((data) => {
        const action = data.actions.find((a) => a.token === token);
        if (!action) return { ok: false, reason: "missing" } as const;
        if (action.actorId !== actorId) return { ok: false, reason: "not_yours" } as const;
        if (action.usedAt) return { ok: false, reason: "used" } as const;
        if (Date.parse(action.expiresAt) <= now.getTime()) {
          return { ok: false, reason: "expired" } as const;
        }
        action.usedAt = now.toISOString();
        return { ok: true, action: structuredClone(action) } as const;
      }),
    peek: async (token) => structuredClone(store.read().actions.find((a) => a.token === token)),
    discard: (token, now) =>
      store.update((data) => {
        const action = data.actions.find((a) => a.token === token);
        if (action && !action.usedAt) action.usedAt = now.toISOString();
      }),
  };
}
