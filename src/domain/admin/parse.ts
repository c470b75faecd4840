/**
 * Parsing what coordinators type: dates, times, statuses. Lenient about how people write
 * (day/month with or without the year, "ngày <d> tháng <m>", "mùng <d>", "7h30-11h"), strict about
 * what is stored (`YYYY-MM-DD`, `HH:MM`).
 */
import { daysBetween, isoDateFromParts } from "../calendar.js";
import type { EventStatus, IsoDate, LocalTime } from "../types.js";

/** Lower-case, without diacritics, `đ` → `d`, spaces collapsed. */
export function foldBasic(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** A parsed date: the ISO date, and whether the year was guessed. */
export type DateParse =
  | { ok: true; date: IsoDate; yearGiven: boolean; past: boolean }
  | { ok: false; error: "date_invalid" };

function dayMonthYear(folded: string): { day: number; month: number; year?: number } | undefined {
  const numeric = folded.match(
    /^(?:ngay |mung |mong )?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?$/,
  );
  if (numeric) {
    const year = numeric[3] ? Number(numeric[3]) : undefined;
    return {
      day: Number(numeric[1]),
      month: Number(numeric[2]),
      ...(year !== undefined ? { year: year < 100 ? 2000 + year : year } : {}),
    };
  }
  const words = folded.match(
    /^(?:ngay |mung |mong )?(\d{1,2})\s*(?:thang|th)\s*(\d{1,2})(?:\s*(?:nam)\s*(\d{4}))?$/,
  );
  if (words) {
    return {
      day: Number(words[1]),
      month: Number(words[2]),
      ...(words[3] ? { year: Number(words[3]) } : {}),
    };
  }
  return undefined;
}

/**
 * Parses a date. Without a year, the occurrence nearest to `today` wins (so "5/1" typed in
 * late December means next January, and "2/10" typed on 30 October is this year's, past).
 */
export function parseEventDate(text: string, today: IsoDate): DateParse {
  const parts = dayMonthYear(foldBasic(text).replace(/[,.]$/, ""));
  if (!parts) return { ok: false, error: "date_invalid" };
  const thisYear = Number(today.slice(0, 4));
  const candidates =
    parts.year !== undefined ? [parts.year] : [thisYear - 1, thisYear, thisYear + 1];
  let best: IsoDate | undefined;
  for (const year of candidates) {
    const iso = isoDateFromParts(year, parts.month, parts.day);
    if (!iso) continue;
    if (!best || Math.abs(daysBetween(today, iso)) < Math.abs(daysBetween(today, best))) {
      best = iso;
    }
  }
  if (!best) return { ok: false, error: "date_invalid" };
  return { ok: true, date: best, yearGiven: parts.year !== undefined, past: best < today };
}

function clock(hours: string, minutes: string | undefined): LocalTime | undefined {
  const h = Number(hours);
  const m = minutes ? Number(minutes) : 0;
  if (h > 23 || m > 59) return undefined;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** A parsed time of day, optionally a range. */
export type TimeParse =
  | { ok: true; start: LocalTime; end?: LocalTime | undefined }
  | { ok: false; error: "time_invalid" };

/** Parses "7:30", "7h30", "7 giờ", "07:30-11:00", "7h - 11h30". */
export function parseEventTime(text: string): TimeParse {
  const one = String.raw`(\d{1,2})\s*(?:[:h]|gio)?\s*(\d{2})?\s*(?:phut)?`;
  const match = foldBasic(text).match(
    new RegExp(`^(?:tu )?${one}(?:\\s*(?:-|–|den|toi)\\s*${one})?$`),
  );
  if (!match?.[1]) return { ok: false, error: "time_invalid" };
  const start = clock(match[1], match[2]);
  const end = match[3] ? clock(match[3], match[4]) : undefined;
  if (!start || (match[3] && (!end || end <= start))) return { ok: false, error: "time_invalid" };
  return { ok: true, start, end };
}

/** Parses a status typed or picked: "binh thuong", "doi lich", "huy"; or the English ids. */
export function parseEventStatus(text: string): EventStatus | undefined {
  const folded = foldBasic(text);
  if (["scheduled", "binh thuong", "dien ra", "theo lich"].includes(folded)) return "scheduled";
  if (["moved", "doi lich", "doi", "thay doi"].includes(folded)) return "moved";
  if (["cancelled", "huy", "da huy", "hoan"].includes(folded)) return "cancelled";
  return undefined;
}

/** True when the coordinator asked to clear an optional field ("-", "bỏ", "không"). */
export function isClearValue(text: string): boolean {
  return ["-", "bo", "khong", "xoa", "none", "skip", "bo qua"].includes(foldBasic(text));
}
