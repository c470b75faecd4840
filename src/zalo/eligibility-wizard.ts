/**
 * The eligibility check on Zalo: the same rules, engine and texts as Telegram, asked as numbered
 * replies (no buttons on Zalo). State is stored by the caller, so a restart continues the check.
 */
import type { BotDeps } from "../bot/deps.js";
import { concludeCheck } from "../domain/eligibility/conclude.js";
import { activeSteps, matchOption, nextStep } from "../domain/eligibility/engine.js";
import { upcomingViews } from "../domain/event-views.js";
import { fold } from "../domain/text/normalize.js";
import type { Lang } from "../domain/types.js";
import { Actions } from "../presentation/actions.js";
import { eligibilityResultReply, stepText } from "../presentation/eligibility.js";
import { localized } from "../presentation/event-card.js";
import { type Choice, choice, reply } from "../presentation/reply.js";
import { renderPlain } from "./plain-text.js";

/** A check in progress. */
export interface ZaloWizard {
  answers: Record<string, string>;
  history: string[];
  misses: number;
  /** Epoch ms of the user's last answer, on the bot clock. */
  lastSeenAt: number;
}

/** What to say, the wizard's next state (undefined: finished or cancelled), and result choices. */
export interface WizardTurn {
  text: string;
  wizard: ZaloWizard | undefined;
  choices: Choice[];
}

const TTL_MS = 24 * 60 * 60 * 1000;
const CANCEL = new Set(["huy", "cancel", "thoat", "dung", "stop"]);
const BACK = new Set(["quay lai", "back", "lui", "tro lai"]);

async function provinceChoices(deps: BotDeps, now: Date, lang: Lang): Promise<Choice[]> {
  const snapshot = await deps.qa.snapshot(now);
  const unique = new Map(upcomingViews(snapshot).map((v) => [v.province.id, v.province]));
  return [...unique.values()]
    .slice(0, 6)
    .map((p) => choice(lang === "en" ? p.asciiName : p.name, "province", p.id));
}

async function ask(
  deps: BotDeps,
  wizard: ZaloWizard,
  now: Date,
  lang: Lang,
  lead = "",
): Promise<WizardTurn> {
  const t = deps.i18n.t(lang);
  const step = nextStep(deps.eligibilityRules, wizard.answers);
  if (!step) return finish(deps, wizard, now, lang, "");
  const steps = activeSteps(deps.eligibilityRules, wizard.answers);
  const options =
    step.kind === "choice"
      ? step.options.map((o) => choice(localized(o.label, lang), "option", o.id))
      : await provinceChoices(deps, now, lang);
  const position = steps.findIndex((s) => s.id === step.id) + 1;
  const body = renderPlain(
    reply(stepText(step, position, steps.length, t, lang), [options]),
    t,
  ).text;
  const extra = step.kind === "province" ? `\n${localized(step.hint, lang)}` : "";
  return { text: `${lead}${body}${extra}\n${t("zalo.wizard_controls")}`, wizard, choices: [] };
}

async function finish(
  deps: BotDeps,
  wizard: ZaloWizard,
  now: Date,
  lang: Lang,
  userKey: string,
): Promise<WizardTurn> {
  const t = deps.i18n.t(lang);
  const snapshot = await deps.qa.snapshot(now);
  const conclusion = concludeCheck(deps.eligibilityRules, wizard.answers, snapshot);
  if (userKey)
    await deps.eligibility.record({ ...conclusion.record, userKey, at: now.toISOString() });
  const result = eligibilityResultReply(conclusion, t, lang);
  // No documents on Zalo: no calendar file.
  const rows = result.choices.map((row) => row.filter((c) => c.action !== Actions.calendar));
  const { text, choices } = renderPlain({ ...result, choices: rows }, t);
  return { text, wizard: undefined, choices };
}

/** Starts a check. */
export function startWizard(deps: BotDeps, now: Date, lang: Lang): Promise<WizardTurn> {
  return ask(deps, { answers: {}, history: [], misses: 0, lastSeenAt: now.getTime() }, now, lang);
}

/** Handles one typed answer. */
export async function continueWizard(
  deps: BotDeps,
  current: ZaloWizard,
  text: string,
  now: Date,
  lang: Lang,
  userKey: string,
): Promise<WizardTurn> {
  const t = deps.i18n.t(lang);
  if (now.getTime() - current.lastSeenAt > TTL_MS) {
    return { text: t("eligibility.expired"), wizard: undefined, choices: [] };
  }
  const wizard: ZaloWizard = {
    ...current,
    answers: { ...current.answers },
    history: [...current.history],
    lastSeenAt: now.getTime(),
  };
  const typed = fold(text);
  if (CANCEL.has(typed) || typed === "huy bo")
    return { text: t("eligibility.cancelled"), wizard: undefined, choices: [] };
  if (BACK.has(typed)) {
    const previous = wizard.history.pop();
    if (previous) delete wizard.answers[previous];
    return ask(deps, wizard, now, lang);
  }
  const step = nextStep(deps.eligibilityRules, wizard.answers);
  if (!step) return finish(deps, wizard, now, lang, userKey);
  const digit = /^\d{1,2}$/.test(typed) ? Number(typed) : undefined;
  let value: string | undefined;
  if (step.kind === "choice") {
    value = digit ? step.options[digit - 1]?.id : matchOption(step, text);
  } else {
    const listed = await provinceChoices(deps, now, lang);
    value = digit ? listed[digit - 1]?.args[0] : deps.gazetteer.resolve(text)?.id;
  }
  if (!value) {
    wizard.misses++;
    const hint = localized(step.hint, lang);
    if (wizard.misses >= 3) {
      wizard.misses = 0;
      return ask(deps, wizard, now, lang, `${t("eligibility.not_understood", { hint })}\n\n`);
    }
    return { text: t("eligibility.not_understood", { hint }), wizard, choices: [] };
  }
  wizard.answers[step.id] = value;
  wizard.history.push(step.id);
  wizard.misses = 0;
  if (!nextStep(deps.eligibilityRules, wizard.answers))
    return finish(deps, wizard, now, lang, userKey);
  return ask(deps, wizard, now, lang);
}
