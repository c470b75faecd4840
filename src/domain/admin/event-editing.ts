/**
 * Editing events: one field at a time, old → new, saved with an optimistic version check so
 * two coordinators never overwrite each other silently.
 */
import type { EventRepository } from "../ports.js";
import type { CommunityEvent, EventStatus, IsoDate, Province } from "../types.js";
import { isClearValue, parseEventDate, parseEventStatus, parseEventTime } from "./parse.js";

/** Fields a coordinator can change. */
export const EDITABLE_FIELDS = [
  "province",
  "date",
  "time",
  "venue",
  "address",
  "status",
  "notes",
] as const;

/** One editable field. */
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** Changes customers must hear about. */
export const NOTICE_FIELDS: ReadonlySet<EditableField> = new Set([
  "date",
  "time",
  "venue",
  "address",
  "status",
]);

/** What parsing a typed value needs. */
export interface EditContext {
  today: IsoDate;
  resolveProvince(name: string): Province | undefined;
}

/** Longest free text a coordinator can put in a field. */
export const MAX_FIELD_CHARS = { venue: 200, address: 300, notes: 800 } as const;

/** A parsed field value, or why it was refused (a message key under `admin.errors`). */
export type FieldParse =
  | { ok: true; patch: Partial<CommunityEvent>; pastDate?: boolean }
  | { ok: false; error: string };

function freeText(field: keyof typeof MAX_FIELD_CHARS, raw: string): FieldParse {
  const text = raw.trim();
  const key = field === "venue" ? "venueName" : field;
  if (isClearValue(text)) {
    return { ok: true, patch: field === "notes" ? { notes: undefined } : { [key]: undefined } };
  }
  if (text.length === 0) return { ok: false, error: "empty" };
  if (text.length > MAX_FIELD_CHARS[field]) return { ok: false, error: "too_long" };
  if (field === "notes") return { ok: true, patch: { notes: { vi: text } } };
  return { ok: true, patch: { [key]: text } };
}

/** Parses what the coordinator typed for `field` into a patch of the event. */
export function parseField(field: EditableField, raw: string, ctx: EditContext): FieldParse {
  switch (field) {
    case "province": {
      const province = ctx.resolveProvince(raw);
      return province
        ? { ok: true, patch: { provinceId: province.id } }
        : { ok: false, error: "province_unknown" };
    }
    case "date": {
      const parsed = parseEventDate(raw, ctx.today);
      return parsed.ok
        ? { ok: true, patch: { date: parsed.date }, pastDate: parsed.past }
        : { ok: false, error: parsed.error };
    }
    case "time": {
      if (isClearValue(raw))
        return { ok: true, patch: { startTime: undefined, endTime: undefined } };
      const parsed = parseEventTime(raw);
      return parsed.ok
        ? { ok: true, patch: { startTime: parsed.start, endTime: parsed.end } }
        : { ok: false, error: parsed.error };
    }
    case "status": {
      const status: EventStatus | undefined = parseEventStatus(raw);
      return status ? { ok: true, patch: { status } } : { ok: false, error: "status_unknown" };
    }
    case "venue":
    case "address":
    case "notes":
      return freeText(field, raw);
  }
}

/** The event after a patch, with version and time bumped. Keys set to undefined are removed. */
export function applyPatch(
  event: CommunityEvent,
  patch: Partial<CommunityEvent>,
  now: Date,
): CommunityEvent {
  const next: Record<string, unknown> = { ...event, ...patch };
  for (const [key, value] of Object.entries(next)) if (value === undefined) delete next[key];
  return {
    ...(next as unknown as CommunityEvent),
    id: event.id,
    version: event.version + 1,
    updatedAt: now.toISOString(),
  };
}

/** Plain-text value of a field, as shown in "old → new". */
export function fieldValue(event: CommunityEvent, field: EditableField): string {
  switch (field) {
    case "province":
      return event.provinceId;
    case "date":
      return event.date;
    case "time":
      return [event.startTime, event.endTime].filter(Boolean).join("–");
    case "venue":
      return event.venueName ?? "";
    case "address":
      return event.address ?? "";
    case "status":
      return event.status;
    case "notes":
      return event.notes?.vi ?? "";
  }
}

/** Fields whose value differs between two versions of an event. */
export function changedFields(before: CommunityEvent, after: CommunityEvent): EditableField[] {
  const fields = EDITABLE_FIELDS.filter((f) => fieldValue(before, f) !== fieldValue(after, f));
  const moved = (a: CommunityEvent) => JSON.stringify(a.location ?? null);
  return moved(before) !== moved(after) && !fields.includes("address")
    ? [...fields, "address"]
    : fields;
}

/** True when the change between two versions should be announced to customers. */
export function needsNotice(before: CommunityEvent, after: CommunityEvent): boolean {
  return changedFields(before, after).some((f) => NOTICE_FIELDS.has(f));
}

/** Result of a versioned save. */
export type EditResult =
  | { ok: true; event: CommunityEvent; before: CommunityEvent | undefined }
  | { ok: false; reason: "conflict"; current: CommunityEvent }
  | { ok: false; reason: "missing" };

/**
 * Saves `after` if the stored event still has `expectedVersion`; otherwise reports the
 * newer state so the coordinator sees it instead of overwriting it.
 */
export async function saveEdit(
  events: EventRepository,
  after: CommunityEvent,
  expectedVersion: number,
): Promise<EditResult> {
  const before = await events.get(after.id);
  if (!before) return { ok: false, reason: "missing" };
  // The repository refuses a stale version atomically; a second check here would only hide
  // a repository that stopped checking.
  const saved = await events.save({ ...after, version: expectedVersion + 1 }, expectedVersion);
  return saved.ok
    ? { ok: true, event: saved.value, before }
    : { ok: false, reason: "conflict", current: saved.current };
}

/**
 * A short id coordinators can type: initials of the province and the two-digit year;
 * a `-2` suffix when taken.
 */
export function newEventId(province: Province, date: IsoDate, taken: ReadonlySet<string>): string {
  const initials = province.asciiName
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0])
    .join("")
    .slice(0, 6);
  const base = `${initials.length >= 1 ? initials : "ev"}${date.slice(2, 4)}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
