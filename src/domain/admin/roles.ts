/** Who is a coordinator: owners from configuration, coordinators added by owners. */
import type { AdminRepository } from "./ports.js";
import type { AdminRecord, Role } from "./types.js";

/** Result of adding or removing a coordinator. */
export type RoleChange =
  | { ok: true; record: AdminRecord }
  | { ok: false; reason: "not_owner" | "is_owner" | "already" | "not_found" | "invalid_id" };

/** Checks and changes roles. */
export interface RoleService {
  roleOf(userId: number): Promise<Role>;
  /** True for owners and coordinators. */
  isCoordinator(userId: number): Promise<boolean>;
  owners(): readonly number[];
  coordinators(): Promise<AdminRecord[]>;
  add(actorId: number, userId: number, name: string | undefined, now: Date): Promise<RoleChange>;
  remove(actorId: number, userId: number): Promise<RoleChange>;
}

/** Creates the role service. `ownerIds` come from `ADMIN_IDS`. */
export function createRoleService(
  ownerIds: readonly number[],
  admins: AdminRepository,
): RoleService {
  const owners = new Set(ownerIds);
  const roleOf = async (userId: number): Promise<Role> => {
    if (owners.has(userId)) return "owner";
    const list = await admins.list();
    return list.some((a) => a.userId === userId) ? "coordinator" : "customer";
  };
  return {
    roleOf,
    isCoordinator: async (userId) => (await roleOf(userId)) !== "customer",
    owners: () => [...owners],
    coordinators: () => admins.list(),
    async add(actorId, userId, name, now) {
      if (!owners.has(actorId)) return { ok: false, reason: "not_owner" };
      if (!Number.isSafeInteger(userId) || userId <= 0) return { ok: false, reason: "invalid_id" };
      if (owners.has(userId)) return { ok: false, reason: "is_owner" };
      const existing = (await admins.list()).find((a) => a.userId === userId);
      if (existing) return { ok: false, reason: "already" };
      const record: AdminRecord = { userId, name, addedBy: actorId, addedAt: now.toISOString() };
      await admins.put(record);
      return { ok: true, record };
    },
    async remove(actorId, userId) {
      if (!owners.has(actorId)) return { ok: false, reason: "not_owner" };
      if (owners.has(userId)) return { ok: false, reason: "is_owner" };
      const existing = (await admins.list()).find((a) => a.userId === userId);
      if (!existing || !(await admins.remove(userId))) return { ok: false, reason: "not_found" };
      return { ok: true, record: existing };
    },
  };
}
