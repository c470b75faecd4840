/** "🔔 Nhắc tôi: <tỉnh>" buttons under a list of events, told apart by date when needed. */
import { formatDayMonthYear } from "../domain/calendar.js";
import type { EventView } from "../domain/event-views.js";
import type { Lang } from "../domain/types.js";
import { Actions } from "./actions.js";
import type { Translate } from "./i18n-types.js";
import { type Choice, choice } from "./reply.js";

/** Most reminder buttons under one answer. */
const MAX_REMIND_BUTTONS = 6;

/**
 * One reminder button per open event (not past, not cancelled), then the eligibility check.
 * A province that appears twice (two dates, or two programmes) carries the date on each of its
 * buttons, so no two buttons read the same.
 */
export function remindChoices(views: readonly EventView[], t: Translate, lang: Lang): Choice[][] {
  const open = views
    .filter((v) => !v.past && v.event.status !== "cancelled")
    .slice(0, MAX_REMIND_BUTTONS);
  if (open.length === 0) return [];
  const province = (v: EventView) => (lang === "en" ? v.province.asciiName : v.province.name);
  const count = new Map<string, number>();
  for (const v of open) count.set(province(v), (count.get(province(v)) ?? 0) + 1);
  return [
    ...open.map((v) => [
      choice(
        (count.get(province(v)) ?? 0) > 1
          ? t("card.button_remind_province_date", {
              province: province(v),
              date: formatDayMonthYear(v.event.date).slice(0, 5),
            })
          : t("card.button_remind_province", { province: province(v) }),
        Actions.remind,
        v.event.id,
      ),
    ]),
    [choice(t("card.button_check"), Actions.check)],
  ];
}
