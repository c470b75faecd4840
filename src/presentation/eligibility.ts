/** Eligibility check texts shared by every channel: steps and the result. */
import type { CheckConclusion } from "../domain/eligibility/conclude.js";
import type { CheckHint, CheckNotice, CheckPrompt } from "../domain/eligibility/machine.js";
import type { Lang, LocalizedText, Programme } from "../domain/types.js";
import { Actions } from "./actions.js";
import { eventCard, fullDate, localized } from "./event-card.js";
import { escapeHtml } from "./html.js";
import type { Translate } from "./i18n-types.js";
import { type Choice, choice, type Reply, reply } from "./reply.js";

/** Where the check is shown: with buttons and edits (Telegram) or as numbered replies (Zalo). */
export type CheckChannel = "telegram" | "zalo";

/** Action of the check's own buttons: `elg:<kind>:<seq>[:<index>]`. */
export const CHECK_ACTION = "elg";

/** Texts that tell people how to answer: "bấm" where there are buttons, numbers on Zalo. */
const PER_CHANNEL = new Set(["province_hint", "programme_hint", "buttons_again", "non_text"]);

function channelKey(key: string, channel: CheckChannel): string {
  return PER_CHANNEL.has(key) ? `eligibility.${channel}.${key}` : `eligibility.${key}`;
}

/** How to answer a question, in the channel's words. */
export function hintText(hint: CheckHint, t: Translate, lang: Lang, channel: CheckChannel): string {
  if (hint.kind === "data") return escapeHtml(localized(hint.text, lang));
  return t(channelKey(`${hint.kind}_hint`, channel));
}

/** One notice of the check (HTML). */
export function noticeText(
  notice: CheckNotice,
  t: Translate,
  lang: Lang,
  channel: CheckChannel,
): string {
  switch (notice.key) {
    case "province_merged":
      return escapeHtml(
        t("eligibility.province_merged", {
          province: localized(notice.province, lang),
          current: localized(notice.current, lang),
        }),
      );
    case "not_understood":
      return t("eligibility.not_understood", { hint: hintText(notice.hint, t, lang, channel) });
    case "unknown_province":
      return t("eligibility.unknown_province", {
        text: escapeHtml(notice.typed),
        hint: hintText(notice.hint, t, lang, channel),
      });
    default:
      return t(channelKey(notice.key, channel));
  }
}

/** "Bước 2/3" and the question, or the programme question. HTML. */
export function promptText(prompt: CheckPrompt, t: Translate, lang: Lang): string {
  if (prompt.kind === "programme" || !prompt.question) return t("eligibility.choose_programme");
  return `${t("eligibility.progress", { step: prompt.position, total: prompt.total })}\n${escapeHtml(localized(prompt.question, lang))}`;
}

function chunk<T>(items: T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}

/**
 * A question as a reply. Telegram: buttons carrying the question's `seq` (so a press on an
 * older one is recognised), "other province", Back and Cancel. Zalo: the choices only (they
 * become a numbered list), then how to answer and how to go back or stop, in words.
 */
export function checkPromptReply(
  prompt: CheckPrompt,
  seq: number,
  t: Translate,
  lang: Lang,
  channel: CheckChannel,
): Reply {
  const notices = prompt.notices.map((n) => noticeText(n, t, lang, channel)).join("\n");
  const text = `${notices ? `${notices}\n\n` : ""}${promptText(prompt, t, lang)}`;
  const options = prompt.choices.map((label: LocalizedText, index) =>
    choice(localized(label, lang), CHECK_ACTION, "s", String(seq), String(index)),
  );
  if (channel === "zalo") return reply(text, [options]);
  const rows =
    prompt.kind === "province"
      ? [
          ...chunk(options, 2),
          [choice(t("eligibility.other_province"), CHECK_ACTION, "o", String(seq))],
        ]
      : options.map((o) => [o]);
  const controls = [
    ...(prompt.canGoBack ? [choice(t("eligibility.back"), CHECK_ACTION, "b", String(seq))] : []),
    choice(t("eligibility.cancel"), CHECK_ACTION, "c", String(seq)),
  ];
  return reply(text, [...rows, controls]);
}

/** Programmes that have no check: whom each is for. Empty: nothing to check at all. */
export function audienceReply(programmes: readonly Programme[], t: Translate, lang: Lang): Reply {
  if (programmes.length === 0) return reply(t("eligibility.no_programmes"));
  const lines = programmes.map((p) =>
    t("eligibility.no_rules", {
      programme: escapeHtml(localized(p.name, lang)),
      audience: escapeHtml(localized(p.audience, lang)),
    }),
  );
  return reply(`${lines.join("\n\n")}\n\n${t("eligibility.no_rules_footer")}`, [
    [choice(t("menu.events"), Actions.events)],
  ]);
}

/** The verdict, services, event (or nearest), what to bring, and the follow-up choices. */
export function eligibilityResultReply(
  conclusion: CheckConclusion,
  t: Translate,
  lang: Lang,
): Reply {
  const { result, event, nearest, past, province, provinceId } = conclusion;
  const provinceName = province ? (lang === "en" ? province.asciiName : province.name) : provinceId;
  const list = (items: Array<{ vi: string; en?: string | undefined }>) =>
    items.map((item) => `• ${escapeHtml(localized(item, lang))}`).join("\n");
  const parts: string[] = [];
  if (result) {
    parts.push(
      `${t(`eligibility.verdict_${result.verdict}`)}\n${escapeHtml(localized(result.reason, lang))}`,
    );
    if (result.services.length > 0)
      parts.push(`${t("eligibility.services_title")}\n${list(result.services)}`);
  }
  const choices: Choice[][] = [];
  if (event) {
    parts.push(`${t("eligibility.event_title")}\n${eventCard(event, t, lang)}`);
    if (result?.verdict !== "not_eligible") {
      choices.push([
        choice(t("card.button_remind"), Actions.remind, event.event.id),
        choice(t("eligibility.add_calendar"), Actions.calendar, event.event.id),
      ]);
    }
  } else {
    parts.push(
      past
        ? t("eligibility.took_place", {
            province: escapeHtml(provinceName),
            date: fullDate(past.event.date, t),
          })
        : t("eligibility.no_event_here", { province: escapeHtml(provinceName) }),
    );
    if (nearest) parts.push(`${t("eligibility.nearest")}\n${eventCard(nearest, t, lang)}`);
    choices.push([
      choice(
        t("eligibility.follow_province", { province: provinceName }),
        Actions.remind,
        "p",
        provinceId,
      ),
    ]);
  }
  if (result && result.bring.length > 0 && (event || nearest)) {
    parts.push(`${t("eligibility.bring_title")}\n${list(result.bring)}`);
  }
  choices.push([choice(t("eligibility.again"), Actions.check)]);
  return reply(parts.join("\n\n"), choices);
}
