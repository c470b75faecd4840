/**
 * The eligibility check on Zalo: the same state machine, rules and texts as Telegram, asked as
 * fresh numbered messages (Zalo has no buttons and no edits). State is stored by the caller, so
 * a restart continues the check.
 */
import type { BotDeps } from "../bot/deps.js";
import {
  type CheckEnv,
  type CheckState,
  type CheckTurn,
  startCheck,
  stepCheck,
} from "../domain/eligibility/machine.js";
import type { Lang } from "../domain/types.js";
import { Actions } from "../presentation/actions.js";
import {
  audienceReply,
  checkPromptReply,
  eligibilityResultReply,
  hintText,
  noticeText,
} from "../presentation/eligibility.js";
import type { Choice } from "../presentation/reply.js";
import { renderPlain } from "./plain-text.js";

/** A check in progress (older saved checks, without programme or offered list, still load). */
export type ZaloWizard = CheckState;

/** What to say, the wizard's next state (undefined: finished or cancelled), and result choices. */
export interface WizardTurn {
  text: string;
  wizard: ZaloWizard | undefined;
  choices: Choice[];
}

async function envOf(deps: BotDeps, now: Date): Promise<CheckEnv> {
  return { rules: deps.eligibilityRules, snapshot: await deps.qa.snapshot(now) };
}

async function render(
  deps: BotDeps,
  turn: CheckTurn,
  now: Date,
  lang: Lang,
  userKey: string,
): Promise<WizardTurn> {
  const t = deps.i18n.t(lang);
  const plain = (text: string) => renderPlain({ html: text, choices: [] }, t).text;
  switch (turn.kind) {
    case "ask": {
      const { prompt } = turn;
      const body = renderPlain(checkPromptReply(prompt, turn.state.seq ?? 0, t, lang, "zalo"), t);
      const hint =
        prompt.hint && prompt.hint.kind !== "data"
          ? `\n${plain(hintText(prompt.hint, t, lang, "zalo"))}`
          : "";
      return {
        text: `${body.text}${hint}\n${t("zalo.wizard_controls")}`,
        wizard: turn.state,
        choices: [],
      };
    }
    case "retry":
      return {
        text: plain(noticeText(turn.notice, t, lang, "zalo")),
        wizard: turn.state,
        choices: [],
      };
    case "type_province":
    case "stale":
      // Neither happens without buttons; keep the question as it is.
      return { text: plain(t("eligibility.type_province")), wizard: turn.state, choices: [] };
    case "result": {
      if (userKey) {
        await deps.eligibility.record({
          ...turn.conclusion.record,
          userKey,
          at: now.toISOString(),
        });
      }
      const result = eligibilityResultReply(turn.conclusion, t, lang);
      // No documents on Zalo: no calendar file.
      const rows = result.choices.map((row) => row.filter((c) => c.action !== Actions.calendar));
      const { text, choices } = renderPlain({ ...result, choices: rows }, t);
      return { text, wizard: undefined, choices };
    }
    case "audience": {
      const { text, choices } = renderPlain(audienceReply(turn.programmes, t, lang), t);
      return { text, wizard: undefined, choices };
    }
    case "cancelled":
      return { text: t("eligibility.cancelled"), wizard: undefined, choices: [] };
    case "expired":
      return { text: t("eligibility.expired"), wizard: undefined, choices: [] };
  }
}

/** Starts a check, for the event it was started from when there is one. */
export async function startWizard(
  deps: BotDeps,
  now: Date,
  lang: Lang,
  eventId?: string,
  userKey = "",
): Promise<WizardTurn> {
  const turn = startCheck(await envOf(deps, now), { eventId }, now.getTime());
  return render(deps, turn, now, lang, userKey);
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
  const turn = stepCheck(await envOf(deps, now), current, { kind: "text", text }, now.getTime());
  return render(deps, turn, now, lang, userKey);
}
