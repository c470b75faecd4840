/** Export and import of the whole programme state, recorded in the audit log. */
import type { EventRepository, ProgrammeRepository } from "../ports.js";
import type { AuditLog } from "./audit.js";
import { type Backup, buildBackup, subscribersCsv } from "./backup.js";
import type { AdminRepository } from "./ports.js";
import type { SubscriptionGateway } from "./ports-needed.js";

/** Counts of what an import restored. */
export interface ImportReport {
  events: number;
  programmes: number;
  admins: number;
  subscriptions: number;
}

/** Export/import. */
export interface BackupService {
  export(now: Date): Promise<{ backup: Backup; json: string; csv: string }>;
  /**
   * Restores a validated backup: upserts events and programmes; replaces the coordinator list
   * only when the actor is an owner (`ADMIN_IDS`). A coordinator's import never changes who is
   * a coordinator, so an edited backup cannot grant the role.
   */
  import(backup: Backup, actorId: number, now: Date): Promise<ImportReport>;
  /** Whether an import by this actor would restore the backup's coordinator list. */
  restoresAdmins(actorId: number): boolean;
}

/** What {@link createBackupService} needs. */
export interface BackupDeps {
  events: EventRepository;
  programmes: ProgrammeRepository;
  admins: AdminRepository;
  subscriptions: SubscriptionGateway;
  audit: AuditLog;
  /** Owners from configuration: the only people who may change the coordinator list. */
  ownerIds: readonly number[];
}

/** Creates the backup service. */
export function createBackupService(deps: BackupDeps): BackupService {
  const owners = new Set(deps.ownerIds);
  return {
    restoresAdmins: (actorId) => owners.has(actorId),
    async export(now) {
      const [events, programmes, admins, subscriptions] = await Promise.all([
        deps.events.list(),
        deps.programmes.list(),
        deps.admins.list(),
        deps.subscriptions.all(),
      ]);
      const backup = buildBackup({
        exportedAt: now.toISOString(),
        events,
        programmes,
        admins,
        subscriptions,
      });
      return {
        backup,
        json: `${JSON.stringify(backup, null, 2)}\n`,
        csv: subscribersCsv(events, subscriptions),
      };
    },
    async import(backup, actorId, now) {
      for (const programme of backup.programmes) await deps.programmes.save(programme);
      for (const event of backup.events) await deps.events.save(event);
      const restoreAdmins = owners.has(actorId);
      // Owners are configuration, never data: a backup cannot list one as a coordinator.
      if (restoreAdmins)
        await deps.admins.replaceAll(backup.admins.filter((a) => !owners.has(a.userId)));
      const subscriptions = await deps.subscriptions.restore(backup.subscriptions);
      const report: ImportReport = {
        events: backup.events.length,
        programmes: backup.programmes.length,
        admins: restoreAdmins ? backup.admins.length : 0,
        subscriptions,
      };
      await deps.audit.record(
        { actorId, action: "import", target: backup.exportedAt, after: report },
        now,
      );
      return report;
    },
  };
}
