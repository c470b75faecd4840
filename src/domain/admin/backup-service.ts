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
  /** Restores a validated backup: upserts events and programmes, replaces coordinators. */
  import(backup: Backup, actorId: number, now: Date): Promise<ImportReport>;
}

/** What {@link createBackupService} needs. */
export interface BackupDeps {
  events: EventRepository;
  programmes: ProgrammeRepository;
  admins: AdminRepository;
  subscriptions: SubscriptionGateway;
  audit: AuditLog;
}

/** Creates the backup service. */
export function createBackupService(deps: BackupDeps): BackupService {
  return {
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
      await deps.admins.replaceAll(backup.admins);
      const subscriptions = await deps.subscriptions.restore(backup.subscriptions);
      const report: ImportReport = {
        events: backup.events.length,
        programmes: backup.programmes.length,
        admins: backup.admins.length,
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
