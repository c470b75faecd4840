import { formatDayMonthYear, weekdayOf } from "../domain/calendar.js";
import type { EventView } from "../domain/event-views.js";
import type { Lang, LocalizedText } from "../domain/types.js";
import type { Translate } from "./i18n-types.js";
import { escapeHtml } from "./html.js";

/** Picks the text in `lang`, falling back to Vietnamese (the source of truth). */
export function localized(text: LocalizedText, lang: Lang): string {
  return (lang === "en" ? text.en : undefined) ?? text.vi;
}

/** Province name as customers need it: "<former name> (nay thuộc tỉnh <current name>)". Escaped. */
export function provinceLabel(view: EventView, t: Translate, lang: Lang): string {
  const name = lang === "en" ? view.province.asciiName : view.province.name;
  if (!view.currentProvince) return escapeHtml(name);
  const current = lang === "en" ? view.currentProvince.asciiName : view.currentProvince.name;
  return escapeHtml(t("card.province_now_part_of", { province: name, current }));
}

/** Weekday and date, e.g. "Thứ Bảy, dd/mm/yyyy". */
export function fullDate(date: string, t: Translate): string {
  return `${t(`weekday.${weekdayOf(date)}`)}, ${formatDayMonthYear(date)}`;
}

/** "còn 3 ngày" / "hôm nay" / "đã diễn ra". */
export function countdown(view: EventView, t: Translate): string {
  if (view.past) return t("card.past");
  if (view.daysLeft === 0) return t("card.today");
  if (view.daysLeft === 1) return t("card.tomorrow");
  return t("card.days_left", { count: view.daysLeft });
}

/**
 * The full card of one event, in HTML. Every coordinator-entered value is escaped. A past or
 * cancelled card promises nothing: no countdown on a cancelled one, no "venue announced later".
 */
export function eventCard(view: EventView, t: Translate, lang: Lang): string {
  const { event } = view;
  const lines = [`<b>${provinceLabel(view, t, lang)}</b>`];
  if (event.status === "cancelled") lines.push(t("card.status_cancelled"));
  else if (event.status === "moved") lines.push(t("card.status_moved"));
  const dateLine = t("card.date_line", {
    weekday: t(`weekday.${weekdayOf(event.date)}`),
    date: formatDayMonthYear(event.date),
  });
  // A cancelled event counts down to nothing.
  const closed = view.past || event.status === "cancelled";
  lines.push(event.status === "cancelled" ? dateLine : `${dateLine} · ${countdown(view, t)}`);
  if (event.startTime && event.endTime) {
    lines.push(t("card.time_range", { start: event.startTime, end: event.endTime }));
  } else if (event.startTime) {
    lines.push(t("card.time_start", { start: event.startTime }));
  }
  const venue = [event.venueName, event.address].filter(Boolean).join(", ");
  // "Announced later" is a promise only an event still to come can keep.
  if (venue) lines.push(t("card.venue", { venue: escapeHtml(venue) }));
  else if (!closed) lines.push(t("card.venue_unknown"));
  lines.push(t("card.programme", { programme: escapeHtml(localized(view.programme.name, lang)) }));
  if (event.notes) lines.push(t("card.notes", { notes: escapeHtml(localized(event.notes, lang)) }));
  return lines.join("\n");
}

/** One line per event for lists: "• <tỉnh> — <thứ>, dd/mm/yyyy (còn N ngày)". */
export function eventLine(view: EventView, t: Translate, lang: Lang): string {
  const status =
    view.event.status === "cancelled"
      ? ` ${t("card.status_cancelled")}`
      : view.event.status === "moved"
        ? ` ${t("card.status_moved")}`
        : "";
  const left = view.event.status === "cancelled" ? "" : ` (${countdown(view, t)})`;
  return `• <b>${provinceLabel(view, t, lang)}</b> — ${fullDate(view.event.date, t)}${left}${status}`;
}
