/** Renders the "nearest event" answer: where the closest upcoming event is, and what to follow. */
import type { Answer, ProvinceRef, ProvinceResult } from "../domain/answers.js";
import type { NearbyEvent } from "../domain/nearest.js";
import type { Lang } from "../domain/types.js";
import { Actions } from "./actions.js";
import { eventCard, eventLine, fullDate, localized, provinceLabel } from "./event-card.js";
import { escapeHtml } from "./html.js";
import type { Translate } from "./i18n-types.js";
import { type Choice, choice, type Reply, reply } from "./reply.js";
import { remindChoices } from "./remind-choices.js";

/** "Yên Bái (nay thuộc tỉnh Lào Cai)", escaped. */
export function originName(origin: ProvinceRef, t: Translate, lang: Lang): string {
  const name = (p: ProvinceRef["province"]) => (lang === "en" ? p.asciiName : p.name);
  if (!origin.current) return escapeHtml(name(origin.province));
  return escapeHtml(
    t("card.province_now_part_of", {
      province: name(origin.province),
      current: name(origin.current),
    }),
  );
}

/** The "🔔 Báo tôi khi có ở <tỉnh>" choice: follows the province (new events are announced). */
export function followChoice(origin: ProvinceRef, t: Translate, lang: Lang): Choice {
  const { province } = origin;
  return choice(
    t("nearest.button_follow", { province: lang === "en" ? province.asciiName : province.name }),
    Actions.remind,
    "p",
    province.id,
  );
}

/** Distances read better rounded: "khoảng 80 km", never "83.4 km". */
function roundKm(km: number): number {
  return km < 50 ? Math.max(5, Math.round(km / 5) * 5) : Math.round(km / 10) * 10;
}

function distance(nearby: NearbyEvent, t: Translate, lang: Lang): string {
  const place = provinceLabel(nearby.view, t, lang);
  return nearby.km === undefined
    ? t("nearest.place", { place })
    : t("nearest.place_km", { place, km: roundKm(nearby.km) });
}

/** "\nGần <tỉnh> nhất: <tỉnh khác>, cách khoảng <n> km — <thứ>, <dd/mm/yyyy>.", or "" without one. */
export function nearestNote(
  result: ProvinceResult,
  t: Translate,
  lang: Lang,
  labelled = false,
): string {
  const { nearest } = result;
  if (!nearest) return "";
  return `\n${t(labelled ? "nearest.note_programme" : "nearest.note", {
    programme: escapeHtml(localized(nearest.view.programme.name, lang)),
    province: escapeHtml(
      lang === "en" ? result.place.province.asciiName : result.place.province.name,
    ),
    place: distance(nearest, t, lang),
    date: fullDate(nearest.view.event.date, t),
  })}`;
}

/** Renders a {@link Answer} of kind "nearest" in `lang`. */
export function renderNearest(
  answer: Extract<Answer, { kind: "nearest" }>,
  t: Translate,
  lang: Lang,
): Reply {
  const { origin, nearby } = answer;
  const open = nearby.map((n) => n.view);
  if (!origin) {
    const labelled = answer.labelled && !answer.named?.length;
    const lines = open
      .map((view) =>
        labelled
          ? t("answer.line_programme", {
              programme: escapeHtml(localized(view.programme.name, lang)),
              line: eventLine(view, t, lang).replace(/^• /, ""),
            })
          : eventLine(view, t, lang),
      )
      .join("\n");
    return reply(
      [t("nearest.ask_province"), lines ? `${t("answer.upcoming_title")}\n${lines}` : ""]
        .filter(Boolean)
        .join("\n\n"),
      remindChoices(open, t, lang),
    );
  }
  const province = originName(origin, t, lang);
  const plainName = escapeHtml(lang === "en" ? origin.province.asciiName : origin.province.name);
  const named = answer.named?.length
    ? answer.named.map((p) => escapeHtml(localized(p.name, lang))).join(", ")
    : undefined;
  const none = named
    ? t("answer.programme_none", { programme: named, province })
    : t("answer.province_none", { province });
  const follow = [followChoice(origin, t, lang)];
  // "Hòa Bình had one on 20/03, cancelled": say so rather than pretend there never was one.
  const cancelled = (answer.cancelledHere ?? [])
    .map(
      (view) =>
        `\n${t("nearest.cancelled_here", {
          province: escapeHtml(lang === "en" ? view.province.asciiName : view.province.name),
          date: fullDate(view.event.date, t),
        })}`,
    )
    .join("");
  if (nearby.length === 0) {
    return reply(
      `${none}${cancelled}\n\n${t("nearest.none_upcoming")}\n${t("nearest.follow_hint", { province: plainName })}`,
      [follow],
    );
  }
  const parts = [`${none}${cancelled}`];
  if (nearby.length === 1 && nearby[0]) {
    parts.push(
      `${t("nearest.title_one", { province, place: distance(nearby[0], t, lang) })}\n${eventCard(nearby[0].view, t, lang)}`,
    );
  } else {
    parts.push(t("nearest.title_many", { province }));
    for (const n of nearby) {
      parts.push(
        `${t("nearest.item", {
          programme: escapeHtml(localized(n.view.programme.name, lang)),
          place: distance(n, t, lang),
        })}\n${eventCard(n.view, t, lang)}`,
      );
    }
  }
  parts.push(t("nearest.follow_hint", { province: plainName }));
  return reply(parts.join("\n\n"), [follow, ...remindChoices(open, t, lang)]);
}
