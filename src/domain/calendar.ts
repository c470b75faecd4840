/**
 * Calendar arithmetic in Vietnam's time zone (Asia/Ho_Chi_Minh, UTC+7 all year, no DST),
 * done with fixed offsets so it is exact and needs no time-zone database.
 */
import type { IsoDate, LocalTime } from "./types.js";

/** Vietnam's offset from UTC in milliseconds. */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar date in Vietnam at `instant`. */
export function vietnamDateOf(instant: Date): IsoDate {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** `date` shifted by `days`. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** `dd/mm/yyyy`, the way Vietnamese write dates. */
export function formatDayMonthYear(date: IsoDate): string {
  const [year, month, day] = date.split("-");
  return `${day}/${month}/${year}`;
}

/** The UTC instant of a Vietnam-local date and time. */
export function vietnamInstant(date: IsoDate, time: LocalTime = "00:00"): Date {
  return new Date(Date.parse(`${date}T${time}:00Z`) - VIETNAM_OFFSET_MS);
}

/** Builds an ISO date from parts, or undefined when it is not a real date. */
export function isoDateFromParts(year: number, month: number, day: number): IsoDate | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return undefined;
  if (date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}
