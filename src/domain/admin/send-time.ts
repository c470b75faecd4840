/**
 * When a coordinator wants a broadcast to go out: "07:00 ngày mai", "gửi lúc 18h hôm nay",
 * "7h30 5/3", "tomorrow 7:00". Vietnam time (Asia/Ho_Chi_Minh) on the bot's clock.
 */
import { addDays, formatDayMonthYear, vietnamDateOf, vietnamInstant } from "../calendar.js";
import type { IsoDate } from "../types.js";
import { foldBasic, parseEventDate } from "./parse.js";

/** How far ahead a broadcast can be scheduled. */
export const MAX_SCHEDULE_DAYS = 60;

/** A parsed send time, or why not (a key under `admin.schedule.errors`). */
export type SendTimeParse =
  | { ok: true; at: Date; date: IsoDate; time: string }
  | { ok: false; error: "not_understood" | "past" | "too_far" };

const DAY_WORDS: Array<[RegExp, number]> = [
  [/\b(ngay kia|ngay mot|mot)\b/, 2],
  [/\b(ngay mai|mai|sang mai|toi mai|tomorrow)\b/, 1],
  [/\b(hom nay|nay|toi nay|sang nay|chieu nay|today|tonight)\b/, 0],
];

/** Parses `text` relative to `now`. Without a day, the next time it is that o'clock. */
export function parseSendTime(text: string, now: Date): SendTimeParse {
  const folded = foldBasic(text)
    .replace(/^(gui|send)\s+/, "")
    .replace(/\b(luc|vao|at|on)\b/g, " ");
  const clock = folded.match(/\b(\d{1,2})\s*(?::|h|gio)\s*(\d{2})?\b|\b(\d{1,2})\s*(am|pm)\b/);
  if (!clock) return { ok: false, error: "not_understood" };
  let hours = Number(clock[1] ?? clock[3]);
  const minutes = Number(clock[2] ?? 0);
  if (clock[4] === "pm" && hours < 12) hours += 12;
  if (clock[4] === "am" && hours === 12) hours = 0;
  if (hours > 23 || minutes > 59) return { ok: false, error: "not_understood" };
  const time = `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
  const rest = folded.replace(clock[0], " ").replace(/\s+/g, " ").trim();
  const today = vietnamDateOf(now);
  let date: IsoDate | undefined;
  for (const [pattern, days] of DAY_WORDS) {
    if (pattern.test(rest)) {
      date = addDays(today, days);
      break;
    }
  }
  if (!date) {
    const dayText = rest.replace(/\b(ngay|sang|chieu|toi)\b/g, " ").trim();
    if (dayText) {
      const parsed = parseEventDate(dayText, today);
      if (!parsed.ok) return { ok: false, error: "not_understood" };
      date = parsed.date;
    } else {
      date = vietnamInstant(today, time) > now ? today : addDays(today, 1);
    }
  }
  const at = vietnamInstant(date, time);
  if (at.getTime() <= now.getTime()) return { ok: false, error: "past" };
  if (at.getTime() - now.getTime() > MAX_SCHEDULE_DAYS * 86_400_000) {
    return { ok: false, error: "too_far" };
  }
  return { ok: true, at, date, time };
}

/** "07:00, 28/02/2029" for messages. */
export function formatSendTime(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `${local.slice(11, 16)}, ${formatDayMonthYear(vietnamDateOf(at))}`;
}
