/** Eligibility check texts shared by every channel: steps and the result. */
import type { CheckConclusion } from "../domain/eligibility/conclude.js";
import type { EligibilityStep } from "../domain/eligibility/rules.js";
import type { Lang } from "../domain/types.js";
import { Actions } from "./actions.js";
import { eventCard, localized } from "./event-card.js";
import { escapeHtml } from "./html.js";
import type { Translate } from "./i18n-types.js";
import { type Choice, choice, type Reply, reply } from "./reply.js";

/** "Bước 2/3" and the question. */
export function stepText(
  step: EligibilityStep,
  position: number,
  total: number,
  t: Translate,
  lang: Lang,
): string {
  return `${t("eligibility.progress", { step: position, total })}\n${escapeHtml(localized(step.question, lang))}`;
}

/** The verdict, services, event (or nearest), what to bring, and the follow-up choices. */
export function eligibilityResultReply(
  conclusion: CheckConclusion,
  t: Translate,
  lang: Lang,
): Reply {
  const { result, event, nearest, province, provinceId } = conclusion;
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
    parts.push(t("eligibility.no_event_here", { province: escapeHtml(provinceName) }));
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
