/**
 * What a notice about one event says to each recipient: the notice text in their language
 * (drafted from the change, or the coordinator's own text), the event's card as it is when the
 * notice goes out, and buttons — 🔕 for people reminded of the event, 🔔 for province
 * followers, 📅 the updated calendar entry, 🗺 the map. Channel-agnostic: the broadcast
 * engine's transports render the buttons (Telegram) or leave them out (Zalo).
 */
import { draftChangeNotice, type NoticeLine } from "../../domain/admin/change-notice.js";
import type { AnnouncementContent, NoticeSpec } from "../../domain/admin/types.js";
import type { ContentButton } from "../../domain/broadcast/types.js";
import { type EventView, viewOf } from "../../domain/event-views.js";
import type { CommunityEvent, Lang } from "../../domain/types.js";
import { Actions } from "../../presentation/actions.js";
import { eventCard, fullDate, localized } from "../../presentation/event-card.js";
import { googleCalendarUrl } from "../../presentation/ics.js";
import { escapeHtml } from "../../presentation/html.js";
import { LANGUAGES } from "../../presentation/i18n.js";
import type { Translate } from "../../presentation/i18n-types.js";
import type { BotDeps } from "../deps.js";
import { UNSUBSCRIBE_ACTION } from "./subscribe.js";

/** Whether a recipient is reminded of the event (their buttons differ). */
export type NoticeVariant = "subscribed" | "other";

/** A notice rendered for every language and variant. */
export interface RenderedNotice {
  /** Vietnamese, for province followers: the coordinator's preview and the default. */
  content: AnnouncementContent;
  contentByLang: Record<Lang, AnnouncementContent>;
  /** Keyed `<variant>:<lang>`. */
  byVariant: Record<string, AnnouncementContent>;
  /** The event as the notice shows it. */
  event: CommunityEvent;
}

type NoticeDeps = Pick<BotDeps, "qa" | "i18n" | "admin">;

function provinceNameIn(view: EventView, lang: Lang): string {
  return lang === "en" ? view.province.asciiName : view.province.name;
}

function draftLines(spec: NoticeSpec, view: EventView, lang: Lang, t: Translate): NoticeLine[] {
  const province = provinceNameIn(view, lang);
  if (spec.kind === "new_event") {
    return [{ key: "new_event", values: { province, date: fullDate(view.event.date, t) } }];
  }
  return spec.before ? (draftChangeNotice(spec.before, view.event, province)?.lines ?? []) : [];
}

/** The notice's text in `lang` (HTML): the coordinator's text, or the drafted lines. */
function noticeText(spec: NoticeSpec, view: EventView, lang: Lang, t: Translate): string {
  if (spec.text !== undefined) return spec.text;
  const escapeAll = (values: Record<string, string>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, escapeHtml(v)]));
  return draftLines(spec, view, lang, t)
    .map((line) => t(`admin.notice.${line.key}`, escapeAll(line.values)))
    .join("\n");
}

function buttons(
  spec: NoticeSpec,
  view: EventView,
  t: Translate,
  lang: Lang,
  variant: NoticeVariant,
): ContentButton[][] {
  const id = view.event.id;
  const open = !view.past && view.event.status !== "cancelled";
  const rows: ContentButton[][] = [];
  const first: ContentButton[] = [];
  if (variant === "subscribed") {
    first.push({
      label: t("subscribe.button_unsubscribe"),
      action: UNSUBSCRIBE_ACTION,
      args: ["e", id],
    });
  } else if (open) {
    first.push({ label: t("card.button_remind"), action: Actions.remind, args: [id] });
  }
  // A cancelled event still gets 📅: the updated file removes it from people's calendars.
  if (!view.past) {
    first.push({
      label: t(
        spec.kind === "change"
          ? "admin.notice.button_calendar_updated"
          : "admin.notice.button_calendar",
      ),
      action: Actions.calendar,
      args: [id],
    });
  }
  if (first.length > 0) rows.push(first);
  const second: ContentButton[] = [];
  if (open && view.event.location) {
    second.push({ label: t("card.button_map"), action: Actions.map, args: [id] });
  }
  if (open) {
    const title = t("eligibility.ics_title", {
      programme: localized(view.programme.name, lang),
      province: provinceNameIn(view, lang),
    });
    second.push({
      label: t("card.button_google_calendar"),
      url: googleCalendarUrl(view, lang, title),
    });
  }
  if (second.length > 0) rows.push(second);
  return rows;
}

/**
 * Renders `spec` in every language, for subscribers and for the others. Undefined when the
 * event, its programme or its province is gone.
 */
export async function renderNotice(
  deps: NoticeDeps,
  spec: NoticeSpec,
  now: Date,
): Promise<RenderedNotice | undefined> {
  const event = await deps.admin.events.get(spec.eventId);
  if (!event) return undefined;
  const view = viewOf(event, await deps.qa.snapshot(now));
  if (!view) return undefined;
  const byVariant: Record<string, AnnouncementContent> = {};
  const contentByLang = {} as Record<Lang, AnnouncementContent>;
  for (const lang of LANGUAGES) {
    const t = deps.i18n.t(lang);
    const text = noticeText(spec, view, lang, t);
    const html = [text, eventCard(view, t, lang)].filter(Boolean).join("\n\n");
    for (const variant of ["subscribed", "other"] as const) {
      byVariant[`${variant}:${lang}`] = { html, buttons: buttons(spec, view, t, lang, variant) };
    }
    contentByLang[lang] = byVariant[`other:${lang}`] as AnnouncementContent;
  }
  return { content: contentByLang.vi, contentByLang, byVariant, event };
}

/** The labels of the buttons province followers get, for the coordinator's preview. */
export function buttonSummary(content: AnnouncementContent): string {
  return (content.buttons ?? [])
    .flat()
    .map((b) => b.label)
    .join(" · ");
}
