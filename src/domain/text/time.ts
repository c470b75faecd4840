/**
 * Time windows people name relative to today: this/next week (Monday-based, as Vietnam
 * counts), this Saturday, the weekend, this/next month ("tháng sau" is next month, "tháng sáu"
 * is June), early/late in a month, the next event, and "after <province>". Parsing is pure and
 * reads no clock; {@link resolveWindow} turns a window into dates given today.
 */
import { addDays, isoDateFromParts, weekdayOf } from "../calendar.js";
import type { IsoDate } from "../types.js";

/** A window as written; resolved against today by {@link resolveWindow}. */
export type TimeWindow =
  /** Weeks from this one: 0 this week, 1 next week, 2 the week after. */
  | { kind: "week"; weeks: number }
  | { kind: "weekend"; weeks: number }
  /** A weekday (1 Monday … 7 Sunday) of this week or a later one. */
  | { kind: "weekday"; weekday: number; weeks: number }
  /** Months from this one: 0 this month, 1 next month. */
  | { kind: "month"; months: number }
  /** Days 1–10 ("đầu tháng") or 21–end ("cuối tháng") of a month (0 = this month). */
  | { kind: "month_part"; month: number; part: "early" | "late" }
  /** The next event from today. */
  | { kind: "next" }
  /** The next stop after the province the question names. */
  | { kind: "after" };

/** Concrete bounds, both inclusive. */
export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

const WEEKDAYS: readonly (readonly [RegExp, number])[] = [
  [/\b(thu hai|thu 2|t2|monday)\b/, 1],
  [/\b(thu ba|thu 3|t3|tuesday)\b/, 2],
  [/\b(thu tu|thu 4|t4|wednesday)\b/, 3],
  [/\b(thu nam|thu 5|t5|thursday)\b/, 4],
  [/\b(thu sau|thu 6|t6|friday)\b/, 5],
  [/\b(thu bay|thu 7|t7|saturday)\b/, 6],
  [/\b(chu nhat|cn|sunday)\b/, 7],
];

/** Weeks ahead named after a week word: "tuần sau nữa" 2, "tuần sau/tới" 1, otherwise 0. */
function weeksAfter(folded: string, word: string): number {
  if (new RegExp(`\\b${word} (sau|toi) nua\\b|week after next`).test(folded)) return 2;
  if (new RegExp(`\\b${word} (sau|toi)\\b|next (week|weekend)`).test(folded)) return 1;
  return 0;
}

/**
 * The window `raw` names, or undefined. `raw` is the message lowercased in NFC (to tell
 * "tháng sau" from "tháng sáu"); `folded` is its folded form with province names replaced by
 * `provinceToken`.
 */
export function parseTimeWindow(
  raw: string,
  folded: string,
  provinceToken: string,
): TimeWindow | undefined {
  folded = folded.replace(/\s+/g, " ");
  if (new RegExp(`\\b(sau|after|sau khi) ${provinceToken}\\b`).test(folded)) {
    return { kind: "after" };
  }
  const part = /\b(dau|cuoi|early|late|end of)\s+(?:thang|month)(?:\s+(\d{1,2}))?\b/.exec(folded);
  if (part && !/\bcuoi tuan\b/.test(folded)) {
    const month = Number(part[2] ?? 0);
    if (month <= 12) {
      return {
        kind: "month_part",
        month,
        part: part[1] === "dau" || part[1] === "early" ? "early" : "late",
      };
    }
  }
  // "tháng sau"/"thang sau"/"tháng tới" = next month; "tháng sáu" (accented) = June.
  if (/\bth[aá]ng (sau|tới|toi)(?![\p{L}])/u.test(raw) || /\bnext month\b/.test(folded)) {
    return { kind: "month", months: 1 };
  }
  if (/\b(thang nay|this month)\b/.test(folded)) return { kind: "month", months: 0 };
  for (const [pattern, weekday] of WEEKDAYS) {
    if (pattern.test(folded))
      return { kind: "weekday", weekday, weeks: weeksAfter(folded, "tuan") };
  }
  if (/\b(cuoi tuan|weekend)\b/.test(folded)) {
    return { kind: "weekend", weeks: weeksAfter(folded, "cuoi tuan") };
  }
  if (
    /\b(tuan|week)\b/.test(folded) &&
    /\b(tuan (nay|sau|toi)|(this|next) week|week after next)\b/.test(folded)
  ) {
    return { kind: "week", weeks: weeksAfter(folded, "tuan") };
  }
  if (
    /\b(dot|diem|chang|lan|buoi|noi) (tiep theo|ke tiep|toi|sau)\b/.test(folded) ||
    /\b(dot|lan|buoi|ngay|hom|su kien|chuong trinh) gan nhat\b/.test(folded) ||
    /\b(the next one|next one|next stop|next event|tiep theo o dau|ke tiep o dau)\b/.test(folded)
  ) {
    return { kind: "next" };
  }
  return undefined;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The Monday of the week of `date` (weeks run Monday to Sunday). */
function mondayOf(date: IsoDate): IsoDate {
  const weekday = weekdayOf(date); // 0 Sunday … 6 Saturday
  return addDays(date, weekday === 0 ? -6 : 1 - weekday);
}

/**
 * Dates of `window` given `today`; never starts before today (past days of this week are
 * over). Undefined for the windows that depend on events ("next", "after").
 */
export function resolveWindow(window: TimeWindow, today: IsoDate): DateRange | undefined {
  const clip = (range: DateRange): DateRange =>
    range.from < today ? { ...range, from: today } : range;
  const [year, month] = today.split("-").map(Number) as [number, number];
  switch (window.kind) {
    case "week": {
      const monday = addDays(mondayOf(today), 7 * window.weeks);
      return clip({ from: monday, to: addDays(monday, 6) });
    }
    case "weekend": {
      const saturday = addDays(mondayOf(today), 5 + 7 * window.weeks);
      return clip({ from: saturday, to: addDays(saturday, 1) });
    }
    case "weekday": {
      const day = addDays(mondayOf(today), window.weekday - 1 + 7 * window.weeks);
      // "thứ bảy này" said on Sunday means the coming one.
      const date = day < today && window.weeks === 0 ? addDays(day, 7) : day;
      return { from: date, to: date };
    }
    case "month": {
      const m = month + window.months;
      const y = year + Math.floor((m - 1) / 12);
      const mm = ((m - 1) % 12) + 1;
      return clip({
        from: isoDateFromParts(y, mm, 1) ?? today,
        to: isoDateFromParts(y, mm, lastDayOfMonth(y, mm)) ?? today,
      });
    }
    case "month_part": {
      const mm = window.month || month;
      const y = mm < month ? year + 1 : year;
      const from = window.part === "early" ? 1 : 21;
      const to = window.part === "early" ? 10 : lastDayOfMonth(y, mm);
      return clip({
        from: isoDateFromParts(y, mm, from) ?? today,
        to: isoDateFromParts(y, mm, to) ?? today,
      });
    }
    default:
      return undefined;
  }
}
