/**
 * Renders the answers about specific facts: FAQ entries, structured facts (what to bring, start
 * time, limits), "is <service> included?", and the honest "not announced yet: <thing>" with what
 * is known.
 */
import type { Answer } from "../domain/answers.js";
import type { EventView } from "../domain/event-views.js";
import type { FaqAnswer, NotKnownAnswer } from "../domain/fact-answers.js";
import { factsOf } from "../domain/programme-facts.js";
import type { Lang, LocalizedText, Programme } from "../domain/types.js";
import { Actions } from "./actions.js";
import { eventLine, localized } from "./event-card.js";
import { escapeHtml } from "./html.js";
import type { Translate } from "./i18n-types.js";
import { choice, type Reply, reply } from "./reply.js";

/** Text in `lang`, falling back to the language present (an FAQ answer may be English only). */
function either(text: LocalizedText, lang: Lang): string {
  return escapeHtml(lang === "vi" ? text.vi || (text.en ?? "") : localized(text, lang));
}

function programmeName(programme: Programme, lang: Lang): string {
  return escapeHtml(localized(programme.name, lang));
}

/** An FAQ entry's answer, naming its programme when several are loaded. */
export function renderFaq(answer: FaqAnswer, t: Translate, lang: Lang): Reply {
  const text = either(answer.entry.answer, lang);
  const body = answer.labelled
    ? t("facts.faq_labelled", { programme: programmeName(answer.programme, lang), answer: text })
    : t("facts.faq", { answer: text });
  return reply(body, [[choice(t("menu.events"), Actions.events)]]);
}

function lines(views: EventView[], t: Translate, lang: Lang, labelled: boolean): string {
  return views
    .map((view) =>
      labelled
        ? t("answer.line_programme", {
            programme: programmeName(view.programme, lang),
            line: eventLine(view, t, lang),
          })
        : eventLine(view, t, lang),
    )
    .join("\n");
}

/** What each programme says on the subject of a thing not known, when it says anything. */
function relatedText(
  thing: NotKnownAnswer["thing"],
  programme: Programme,
): LocalizedText | undefined {
  if (thing === "doctor_count") return factsOf(programme).doctors;
  if (thing === "age") return programme.audience;
  if (thing === "registration") return programme.contact;
  return undefined;
}

/**
 * "Chưa có thông tin về <thing>", then what is known: the programme's own text on the subject
 * and the events asked about; says the question was passed on to coordinators.
 */
export function renderNotKnown(answer: NotKnownAnswer, t: Translate, lang: Lang): Reply {
  const thing = t(`facts.thing.${answer.thing}`);
  const parts = [t("facts.not_known", { thing })];
  const several = answer.programmes.length > 1;
  for (const programme of answer.programmes) {
    const related = relatedText(answer.thing, programme);
    if (!related) continue;
    const text = escapeHtml(localized(related, lang));
    parts.push(
      several
        ? t("facts.known_labelled", { programme: programmeName(programme, lang), text })
        : t("facts.known", { text }),
    );
  }
  const open = answer.views.filter((v) => !v.past).slice(0, 6);
  if (open.length > 0) {
    const labelled = new Set(open.map((v) => v.programme.id)).size > 1;
    parts.push(`${t("facts.known_events")}\n${lines(open, t, lang, labelled)}`);
  }
  parts.push(t("facts.logged"));
  // What to bring and who may come are also what the eligibility check ends with.
  const check =
    answer.thing === "bring" || answer.thing === "age"
      ? [[choice(t("card.button_check"), Actions.check)]]
      : [];
  return reply(parts.join("\n\n"), [
    ...check,
    [choice(t("menu.events"), Actions.events), choice(t("menu.help"), Actions.help)],
  ]);
}

type ProgrammeAnswer = Extract<Answer, { kind: "programme" }>;

/**
 * The part of a programme answer for one programme, for the topics that come from structured
 * facts and service lines; undefined for the other topics.
 */
export function factPart(
  answer: ProgrammeAnswer,
  programme: Programme,
  t: Translate,
  lang: Lang,
): string | undefined {
  const facts = factsOf(programme);
  const text = (value: LocalizedText) => escapeHtml(localized(value, lang));
  const name = programmeName(programme, lang);
  switch (answer.topic) {
    case "bring":
      return facts.bring
        ? t("facts.bring", { programme: name, bring: text(facts.bring) })
        : t("facts.not_known_for", { programme: name, thing: t("facts.thing.bring") });
    case "start_time":
    case "end_time": {
      const end = answer.topic === "end_time";
      const timed = (answer.timed ?? []).filter((v) => v.programme.id === programme.id);
      const times = timed.map((v) =>
        v.event.startTime && v.event.endTime
          ? t("facts.event_time_range", {
              line: eventLine(v, t, lang),
              start: v.event.startTime,
              end: v.event.endTime,
            })
          : t("facts.event_time", { line: eventLine(v, t, lang), time: v.event.startTime ?? "" }),
      );
      if (facts.startTime && !end) {
        const general = t("facts.start_time", { programme: name, time: text(facts.startTime) });
        return [general, ...times].join("\n");
      }
      if (times.length > 0) {
        const title = t(end ? "facts.end_times" : "facts.start_times", { programme: name });
        return [title, ...times].join("\n");
      }
      return t("facts.not_known_for", {
        programme: name,
        thing: t(end ? "facts.thing.end_time" : "facts.thing.start_time"),
      });
    }
    case "services": {
      if (!answer.included) return undefined;
      const mine = answer.included.filter((ref) => ref.programmeId === programme.id);
      const list = programme.services.map((s) => `• ${text(s)}`).join("\n");
      if (mine.length === 0) return t("facts.service_not_listed", { programme: name, list });
      const named = mine
        .map((ref) => programme.services[ref.index])
        .filter((s): s is LocalizedText => s !== undefined)
        .map((s) => `✅ ${text(s)}`)
        .join("\n");
      return t("facts.service_included", { programme: name, services: named });
    }
    case "eligibility": {
      const limits = facts.limits ? `\n${t("facts.limits", { limits: text(facts.limits) })}` : "";
      const silent = answer.silentOnAge?.includes(programme.id)
        ? `\n${t("facts.not_known_for", { programme: name, thing: t("facts.thing.age") })}`
        : "";
      return t("answer.eligibility", { audience: `${text(programme.audience)}${limits}${silent}` });
    }
    default:
      return undefined;
  }
}
