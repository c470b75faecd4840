/**
 * Drafts the change notice customers receive when an event moves, changes time or venue, or
 * is cancelled. Returns message keys and plain values; the bot renders them in Vietnamese
 * and the coordinator can rewrite the text before it goes out.
 */
import { formatDayMonthYear } from "../calendar.js";
import type { CommunityEvent } from "../types.js";
import type { Audience } from "./types.js";

/** One line of a notice: a key under `admin.notice` and its values (plain text, unescaped). */
export interface NoticeLine {
  key: string;
  values: Record<string, string>;
}

/** A drafted notice: a headline and the changed facts. */
export interface NoticeDraft {
  lines: NoticeLine[];
  audience: Audience;
}

const dayMonth = (date: string) => formatDayMonthYear(date).slice(0, 5);
const time = (e: CommunityEvent) => [e.startTime, e.endTime].filter(Boolean).join("–");
const venue = (e: CommunityEvent) => [e.venueName, e.address].filter(Boolean).join(", ");

/**
 * Drafts the notice for the change `before` → `after`. `provinceName` is the name customers
 * know (as the province data spells it). Returns undefined when nothing customers care about changed.
 */
export function draftChangeNotice(
  before: CommunityEvent,
  after: CommunityEvent,
  provinceName: string,
): NoticeDraft | undefined {
  const province = provinceName;
  const lines: NoticeLine[] = [];
  if (after.status === "cancelled" && before.status !== "cancelled") {
    lines.push({ key: "cancelled", values: { province, date: dayMonth(before.date) } });
  } else {
    if (before.date !== after.date) {
      lines.push({
        key: "date",
        values: { province, from: dayMonth(before.date), to: dayMonth(after.date) },
      });
    }
    if (time(before) !== time(after)) {
      lines.push({
        key: time(after) ? "time" : "time_cleared",
        values: {
          province,
          from: time(before) || "—",
          to: time(after),
          date: dayMonth(after.date),
        },
      });
    }
    if (venue(before) !== venue(after) && venue(after)) {
      lines.push({
        key: "venue",
        values: { province, venue: venue(after), date: dayMonth(after.date) },
      });
    }
    if (before.status === "cancelled" && after.status !== "cancelled") {
      lines.push({ key: "restored", values: { province, date: dayMonth(after.date) } });
    }
  }
  if (lines.length === 0) return undefined;
  return {
    lines,
    audience: { kind: "event_and_province", eventId: after.id, provinceId: after.provinceId },
  };
}
