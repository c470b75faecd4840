/**
 * An iCalendar (.ics) file for an event, in Vietnam's time zone, and the "Add to Google
 * Calendar" link. The UID is stable and SEQUENCE grows with every change (the event's
 * version), so a calendar app that imports the file again updates the entry instead of adding
 * a second one; a cancelled event goes out as STATUS:CANCELLED. A reminder alarm rings the
 * evening before.
 */
import { addDays } from "../domain/calendar.js";
import type { EventView } from "../domain/event-views.js";
import type { Lang } from "../domain/types.js";
import { localized } from "./event-card.js";

const VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  "TZID:Asia/Ho_Chi_Minh",
  "BEGIN:STANDARD",
  "DTSTART:19750613T000000",
  "TZOFFSETFROM:+0700",
  "TZOFFSETTO:+0700",
  "TZNAME:ICT",
  "END:STANDARD",
  "END:VTIMEZONE",
];

/** Escapes TEXT values (RFC 5545 §3.3.11). */
function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\n/g, "\\n");
}

/** Folds lines longer than 75 octets (RFC 5545 §3.1). */
function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  for (const char of line) {
    if (Buffer.byteLength(current + char) > 73) {
      parts.push(current);
      current = " ";
    }
    current += char;
  }
  parts.push(current);
  return parts.join("\r\n");
}

const compact = (date: string) => date.replace(/-/g, "");
const utcStamp = (instant: Date) =>
  instant
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

/** How long before the start the calendar reminds (the evening before a morning event). */
export const ALARM_BEFORE = "-PT12H";

/** The event's stable calendar UID (same across every version of the event). */
export function eventUid(view: EventView): string {
  return `${view.event.id}-${view.event.programmeId}@loa`;
}

function placeOf(view: EventView, lang: Lang): string {
  const { event } = view;
  return [
    event.venueName,
    event.address,
    lang === "en" ? view.province.asciiName : view.province.name,
  ]
    .filter(Boolean)
    .join(", ");
}

/** "Add to Google Calendar": a link that opens the event pre-filled (most customers use Android). */
export function googleCalendarUrl(view: EventView, lang: Lang, title: string): string {
  const { event } = view;
  const dates = event.startTime
    ? `${compact(event.date)}T${event.startTime.replace(":", "")}00/${compact(event.date)}T${(event.endTime ?? event.startTime).replace(":", "")}00`
    : `${compact(event.date)}/${compact(addDays(event.date, 1))}`;
  const params = new URLSearchParams({
    action: "TEMPLATE",
    text: title,
    dates,
    ctz: "Asia/Ho_Chi_Minh",
    location: placeOf(view, lang),
    details: localized(view.programme.description, lang),
  });
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}

/**
 * The event as a calendar entry: timed in Asia/Ho_Chi_Minh when a start time is known,
 * otherwise an all-day entry. `now` stamps DTSTAMP.
 */
export function eventIcs(view: EventView, lang: Lang, now: Date, title: string): string {
  const { event } = view;
  const when = event.startTime
    ? [
        `DTSTART;TZID=Asia/Ho_Chi_Minh:${compact(event.date)}T${event.startTime.replace(":", "")}00`,
        `DTEND;TZID=Asia/Ho_Chi_Minh:${compact(event.date)}T${(event.endTime ?? event.startTime).replace(":", "")}00`,
      ]
    : [
        `DTSTART;VALUE=DATE:${compact(event.date)}`,
        `DTEND;VALUE=DATE:${compact(addDays(event.date, 1))}`,
      ];
  const place = placeOf(view, lang);
  const cancelled = event.status === "cancelled";
  const updated = Date.parse(event.updatedAt);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Loa//Community events//VI",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    ...VTIMEZONE,
    "BEGIN:VEVENT",
    `UID:${eventUid(view)}`,
    `SEQUENCE:${Math.max(0, event.version - 1)}`,
    `STATUS:${cancelled ? "CANCELLED" : "CONFIRMED"}`,
    `DTSTAMP:${utcStamp(now)}`,
    ...(Number.isFinite(updated) ? [`LAST-MODIFIED:${utcStamp(new Date(updated))}`] : []),
    ...when,
    `SUMMARY:${escapeText(title)}`,
    `LOCATION:${escapeText(place)}`,
    `DESCRIPTION:${escapeText(localized(view.programme.description, lang))}`,
    ...(event.location ? [`GEO:${event.location.latitude};${event.location.longitude}`] : []),
    ...(cancelled
      ? []
      : [
          "BEGIN:VALARM",
          "ACTION:DISPLAY",
          `TRIGGER:${ALARM_BEFORE}`,
          `DESCRIPTION:${escapeText(title)}`,
          "END:VALARM",
        ]),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
