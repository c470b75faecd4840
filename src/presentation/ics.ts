/** An iCalendar (.ics) file for an event, in Vietnam's time zone. */
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
  const place = [
    event.venueName,
    event.address,
    lang === "en" ? view.province.asciiName : view.province.name,
  ]
    .filter(Boolean)
    .join(", ");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Loa//Community events//VI",
    "CALSCALE:GREGORIAN",
    ...VTIMEZONE,
    "BEGIN:VEVENT",
    `UID:${event.id}-${event.programmeId}@loa`,
    `DTSTAMP:${now
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d{3}/, "")}`,
    ...when,
    `SUMMARY:${escapeText(title)}`,
    `LOCATION:${escapeText(place)}`,
    `DESCRIPTION:${escapeText(localized(view.programme.description, lang))}`,
    ...(event.location ? [`GEO:${event.location.latitude};${event.location.longitude}`] : []),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
