/**
 * `/export` and `/import`: a JSON backup of events, programmes, coordinators and
 * subscriptions, and a CSV of subscribers per event. The import is validated in full before
 * anything is written.
 */
import { z } from "zod";
import type { CommunityEvent, Programme } from "../types.js";
import { MAX_FIELD_CHARS } from "./event-editing.js";
import type { SubscriptionRow } from "./ports-needed.js";
import type { AdminRecord } from "./types.js";

/** Identifies our backups; bumped when the format changes incompatibly. */
export const BACKUP_FORMAT = "loa-backup";
/** Current backup format version. */
export const BACKUP_VERSION = 1;

/** What a backup holds. */
export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
  events: CommunityEvent[];
  programmes: Programme[];
  admins: AdminRecord[];
  subscriptions: SubscriptionRow[];
}

const text = z.object({ vi: z.string().min(1), en: z.string().optional() });
/** Imported free text gets the same limits as /newevent. */
const limitedText = (max: number) =>
  z.object({ vi: z.string().min(1).max(max), en: z.string().max(max).optional() });
const eventSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{2,16}$/),
  programmeId: z.string().min(1),
  provinceId: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  startTime: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional(),
  endTime: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional(),
  venueName: z.string().max(MAX_FIELD_CHARS.venue).optional(),
  address: z.string().max(MAX_FIELD_CHARS.address).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  status: z.enum(["scheduled", "moved", "cancelled"]),
  notes: limitedText(MAX_FIELD_CHARS.notes).optional(),
  version: z.number().int().min(1),
  updatedAt: z.string(),
});
const programmeSchema = z
  .object({
    id: z.string().min(1),
    name: text,
    organiser: text,
    description: text,
    services: z.array(text),
    cost: text,
    audience: text,
  })
  .loose();
const backupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: z.string(),
  events: z.array(eventSchema),
  programmes: z.array(programmeSchema),
  admins: z.array(
    z.object({
      userId: z.number().int(),
      name: z.string().optional(),
      addedBy: z.number().int(),
      addedAt: z.string(),
    }),
  ),
  subscriptions: z.array(
    z.object({
      userKey: z.string().min(1),
      kind: z.enum(["event", "province"]),
      target: z.string().min(1),
      createdAt: z.string().optional(),
    }),
  ),
});

/** Builds a backup. */
export function buildBackup(parts: Omit<Backup, "format" | "version">): Backup {
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, ...parts };
}

/** A parsed backup, or why it cannot be used (a short English reason for the log and chat). */
export type BackupParse =
  | { ok: true; backup: Backup }
  | {
      ok: false;
      /** Message key under `admin.import.errors`. */
      error: "not_json" | "too_long" | "invalid_field" | "unknown_programme";
      /** Where: the field path, or the event id. */
      path?: string;
    };

/** Parses and validates a backup file's text. Checks that every event's programme exists. */
export function parseBackup(json: string): BackupParse {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ok: false, error: "not_json" };
  }
  const parsed = backupSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: issue?.code === "too_big" ? "too_long" : "invalid_field",
      path: issue?.path.join(".") ?? "",
    };
  }
  const backup = parsed.data as unknown as Backup;
  const programmeIds = new Set(backup.programmes.map((p) => p.id));
  const orphan = backup.events.find((e) => !programmeIds.has(e.programmeId));
  if (orphan) return { ok: false, error: "unknown_programme", path: orphan.id };
  return { ok: true, backup };
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV of event subscribers: one row per (event, subscriber). */
export function subscribersCsv(
  events: readonly CommunityEvent[],
  rows: readonly SubscriptionRow[],
): string {
  const byId = new Map(events.map((e) => [e.id, e]));
  const lines = [["event_id", "event_date", "province_id", "user_key", "subscribed_at"].join(",")];
  for (const row of rows.filter((r) => r.kind === "event")) {
    const event = byId.get(row.target);
    lines.push(
      [row.target, event?.date ?? "", event?.provinceId ?? "", row.userKey, row.createdAt ?? ""]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
