/** Renders a domain {@link Answer} as a channel-agnostic {@link Reply}. */
import type { Answer, ProvinceResult } from "../domain/answers.js";
import type { EventView } from "../domain/event-views.js";
import { factsOf } from "../domain/programme-facts.js";
import type { Lang, Programme, Province } from "../domain/types.js";
import { Actions } from "./actions.js";
import { eventCard, eventLine, fullDate, localized } from "./event-card.js";
import { factPart, renderFaq, renderNotKnown } from "./facts.js";
import { escapeHtml } from "./html.js";
import type { Translate } from "./i18n-types.js";
import { followChoice, nearestNote, renderNearest } from "./answer-nearest.js";
import { type Choice, choice, type Reply, reply } from "./reply.js";
import { remindChoices } from "./remind-choices.js";

function name(province: Province, lang: Lang): string {
  return escapeHtml(lang === "en" ? province.asciiName : province.name);
}

/** Buttons under a single event: check, remind, and map when the event has a location. */
export function eventChoices(view: EventView, t: Translate): Choice[][] {
  if (view.past || view.event.status === "cancelled") return [];
  const row = [
    choice(t("card.button_check"), Actions.check, view.event.id),
    choice(t("card.button_remind"), Actions.remind, view.event.id),
  ];
  const rows = [row];
  if (view.event.location) rows.push([choice(t("card.button_map"), Actions.map, view.event.id)]);
  return rows;
}

function listChoices(views: EventView[], t: Translate, lang: Lang): Choice[][] {
  const open = views.filter((v) => !v.past && v.event.status !== "cancelled");
  if (open.length === 1 && open[0]) return eventChoices(open[0], t);
  return remindChoices(open, t, lang);
}

function cards(views: EventView[], t: Translate, lang: Lang, labelled = false): string {
  return views
    .map((view) =>
      labelled
        ? `<b>${escapeHtml(localized(view.programme.name, lang))}</b>\n${eventCard(view, t, lang)}`
        : eventCard(view, t, lang),
    )
    .join("\n\n");
}

/** One line per event; each names its programme when several programmes are loaded. */
function lines(views: EventView[], t: Translate, lang: Lang, labelled = false): string {
  return views
    .map((view) =>
      labelled
        ? t("answer.line_programme", {
            programme: escapeHtml(localized(view.programme.name, lang)),
            // The bullet goes before the programme: "• <programme> · <tỉnh> — …".
            line: eventLine(view, t, lang).replace(/^• /, ""),
          })
        : eventLine(view, t, lang),
    )
    .join("\n");
}

/** The named programmes, for "<programme> has no date in <province>". */
function namedList(named: readonly Programme[] | undefined, lang: Lang): string | undefined {
  if (!named || named.length === 0) return undefined;
  return named.map((p) => escapeHtml(localized(p.name, lang))).join(", ");
}

function placeName(result: ProvinceResult, t: Translate, lang: Lang): string {
  const { place } = result;
  if (!place.current) return name(place.province, lang);
  return escapeHtml(
    t("card.province_now_part_of", {
      province: lang === "en" ? place.province.asciiName : place.province.name,
      current: lang === "en" ? place.current.asciiName : place.current.name,
    }),
  );
}

function renderProvinces(
  answer: Extract<Answer, { kind: "provinces" }>,
  t: Translate,
  lang: Lang,
): Reply {
  const parts: string[] = [];
  const shown: EventView[] = [];
  const programme = namedList(answer.named, lang);
  const first = answer.results.find((r) => r.views.length > 0);
  const firstView = first?.views.find((v) => !v.past) ?? first?.views[0];
  if (answer.wrongDay && first && firstView) {
    parts.push(
      t("answer.not_that_day", {
        province: placeName(first, t, lang),
        date: fullDate(firstView.event.date, t),
      }),
    );
  }
  for (const result of answer.results) {
    const merged = result.place.merged.filter((p) => p.id !== result.place.province.id);
    const mergedNote =
      merged.length > 0
        ? `\n${t("answer.province_merged", { province: name(result.place.province, lang), former: merged.map((p) => name(p, lang)).join(", ") })}`
        : "";
    if (result.views.length === 0) {
      const none = programme
        ? t("answer.programme_none", { programme, province: placeName(result, t, lang) })
        : t("answer.province_none", { province: placeName(result, t, lang) });
      parts.push(
        `${none}${mergedNote}${nearestNote(result, t, lang, answer.labelled && !programme)}`,
      );
      continue;
    }
    const venueUnknown =
      answer.focus === "where" && result.views.some((v) => !v.past && !v.event.venueName);
    parts.push(
      [
        `${
          programme
            ? t("answer.programme_has", { programme, province: placeName(result, t, lang) })
            : t("answer.province_has", { province: placeName(result, t, lang) })
        }${mergedNote}`,
        cards(result.views, t, lang, answer.labelled && !programme),
        venueUnknown
          ? `${t("answer.where_venue_unknown", { province: name(result.place.province, lang) })}\n${t("facts.logged")}`
          : "",
      ]
        .filter(Boolean)
        .join("\n\n"),
    );
    shown.push(...result.views);
  }
  // "Tôi ở Yên Bái": the promise to tell them comes with the button that keeps it.
  const missing = answer.results.filter((r) => r.views.length === 0).slice(0, 2);
  const follow = missing.map((r) => [followChoice(r.place, t, lang)]);
  if (answer.elsewhere.length > 0) {
    const allPast = answer.elsewhere.every((v) => v.past);
    parts.push(
      [
        programme && !allPast
          ? t("answer.programme_elsewhere", { programme })
          : t(allPast ? "answer.elsewhere_past" : "answer.elsewhere"),
        lines(answer.elsewhere, t, lang, answer.labelled && !programme),
      ]
        .filter(Boolean)
        .join("\n"),
    );
  }
  if (missing.length > 0) {
    const names = missing.map((r) => name(r.place.province, lang)).join(", ");
    parts.push(t("nearest.follow_hint", { province: names }));
  }
  const choices =
    shown.length > 0 ? listChoices(shown, t, lang) : listChoices(answer.elsewhere, t, lang);
  return reply(parts.join("\n\n"), [...follow, ...choices]);
}

function renderDay(answer: Extract<Answer, { kind: "day" }>, t: Translate, lang: Lang): Reply {
  const first = answer.views[0];
  if (first) {
    return reply(
      `${t("answer.day_has", { date: fullDate(first.event.date, t) })}\n\n${cards(answer.views, t, lang, answer.labelled && (answer.named?.length ?? 0) !== 1)}`,
      listChoices(answer.views, t, lang),
    );
  }
  // As the customer wrote it: the day alone for "mùng D", day/month for "D/M", the full date for "D/M/YYYY".
  const { day, month, year } = answer.day;
  const pad = (n: number) => String(n).padStart(2, "0");
  const written = `${pad(day)}${month > 0 ? `/${pad(month)}` : ""}${year ? `/${year}` : ""}`;
  const allPast = answer.elsewhere.every((v) => v.past);
  return reply(
    [
      t("answer.day_none", { date: written }),
      `${t(allPast ? "answer.elsewhere_past" : "answer.elsewhere")}\n${lines(answer.elsewhere, t, lang, answer.labelled && !answer.named?.length)}`,
    ].join("\n\n"),
    listChoices(answer.elsewhere, t, lang),
  );
}

function renderList(
  answer: Extract<Answer, { kind: "event_list" }>,
  t: Translate,
  lang: Lang,
): Reply {
  const labelled = answer.labelled && (answer.named?.length ?? 0) !== 1;
  if (answer.range) {
    const range = {
      from: fullDate(answer.range.from, t),
      to: fullDate(answer.range.to, t),
    };
    if (answer.views.length === 0) {
      const next = answer.next
        ? `\n\n${t("answer.window_next")}\n${cards([answer.next], t, lang, labelled)}`
        : "";
      return reply(
        `${t("answer.window_none", range)}${next}`,
        answer.next ? listChoices([answer.next], t, lang) : [],
      );
    }
    return reply(
      `${t("answer.window_title", range)}\n\n${cards(answer.views, t, lang, labelled)}`,
      listChoices(answer.views, t, lang),
    );
  }
  if (answer.views.length === 0) {
    return reply(t("answer.month_none", { month: answer.month ?? "" }));
  }
  const title =
    answer.month !== undefined
      ? t("answer.month_title", { month: answer.month })
      : answer.onlyPast
        ? t("answer.none_upcoming")
        : answer.views.every((v) => v.past)
          ? t("answer.past_title")
          : t("answer.upcoming_title");
  const body =
    answer.views.length === 1
      ? cards(answer.views, t, lang)
      : lines(answer.views, t, lang, answer.labelled && (answer.named?.length ?? 0) !== 1);
  return reply(`${title}\n${body}`, listChoices(answer.views, t, lang));
}

function renderProgramme(
  answer: Extract<Answer, { kind: "programme" }>,
  t: Translate,
  lang: Lang,
): Reply {
  const several = answer.programmes.length > 1;
  const parts = answer.programmes.map((programme) => {
    const programmeName = escapeHtml(localized(programme.name, lang));
    // Several programmes: each part says whose it is (services, about, organiser already do).
    const label = several ? `<b>${programmeName}</b>\n` : "";
    // Facts, "is <service> included?" and who may come (audience and limits): facts.ts.
    const fact = factPart(answer, programme, t, lang);
    if (fact !== undefined) return answer.topic === "eligibility" ? label + fact : fact;
    const text = (value: { vi: string; en?: string | undefined } | undefined) =>
      value ? escapeHtml(localized(value, lang)) : undefined;
    switch (answer.topic) {
      case "services":
        return t("answer.services", {
          programme: programmeName,
          list: programme.services.map((s) => `• ${escapeHtml(localized(s, lang))}`).join("\n"),
        });
      case "cost":
        return label + t("answer.cost", { cost: text(programme.cost) });
      case "doctors": {
        const doctors = factsOf(programme).doctors;
        return (
          label +
          (doctors ? t("answer.doctors", { doctors: text(doctors) }) : t("answer.doctors_unknown"))
        );
      }
      case "about":
        return t("answer.about", {
          programme: programmeName,
          description: text(programme.description),
          organiser: text(programme.organiser),
        });
      case "organiser":
        return t("answer.organiser", {
          programme: programmeName,
          organiser: text(programme.organiser),
        });
      case "contact":
        return (
          label +
          (programme.contact
            ? t("answer.contact", { contact: text(programme.contact) })
            : t("answer.contact_unknown"))
        );
    }
    return "";
  });
  const extra =
    answer.views.length > 0
      ? `\n\n${lines(answer.views, t, lang, answer.programmes.length > 1)}`
      : "";
  const choices =
    answer.topic === "eligibility"
      ? [
          [
            choice(
              t("card.button_check"),
              Actions.check,
              ...(answer.views[0] ? [answer.views[0].event.id] : []),
            ),
          ],
        ]
      : [[choice(t("menu.events"), Actions.events)]];
  return reply(parts.join("\n\n") + extra, choices);
}

/** Renders `answer` in `lang`. */
export function renderAnswer(
  answer: Answer,
  t: Translate,
  lang: Lang,
  gazetteerName?: (id: string) => string | undefined,
): Reply {
  switch (answer.kind) {
    case "greeting":
    case "thanks":
    case "goodbye":
      return reply(
        t(`answer.${answer.kind}`),
        answer.kind === "greeting" ? [[choice(t("menu.events"), Actions.events)]] : [],
      );
    case "help":
      return reply(t("help.text"));
    case "language":
      return reply(t("language.choose"), [
        [
          choice(t("language.vi"), Actions.language, "vi"),
          choice(t("language.en"), Actions.language, "en"),
        ],
      ]);
    case "unknown": {
      const mentioned = answer.provinceIds.map((id) => gazetteerName?.(id)).filter(Boolean);
      const prefix =
        mentioned.length > 0
          ? t("answer.unknown_province", { province: escapeHtml(mentioned.join(", ")) })
          : "";
      return reply(prefix + t("answer.unknown"), [
        [choice(t("menu.events"), Actions.events), choice(t("menu.help"), Actions.help)],
      ]);
    }
    case "subscribe":
    case "unsubscribe":
      return reply(t("answer.subscribe_soon"));
    case "programme":
      return renderProgramme(answer, t, lang);
    case "event_list":
      return renderList(answer, t, lang);
    case "provinces":
      return renderProvinces(answer, t, lang);
    case "day":
      return renderDay(answer, t, lang);
    case "faq":
      return renderFaq(answer, t, lang);
    case "not_known":
      return renderNotKnown(answer, t, lang);
    case "nearest":
      return renderNearest(answer, t, lang);
  }
}
