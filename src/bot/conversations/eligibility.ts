/**
 * The eligibility check as a grammY conversation: steps come from the rules file, buttons first,
 * typed answers always accepted, Back and Cancel on every step. State is persisted by the
 * conversations plugin, so a restart (even `kill -9`) continues at the same step.
 */
import type { Conversation } from "@grammyjs/conversations";
import type { EligibilityRules, EligibilityStep } from "../../domain/eligibility/rules.js";
import {
  activeSteps,
  type Answers,
  matchOption,
  nextStep,
} from "../../domain/eligibility/engine.js";
import { upcomingViews } from "../../domain/event-views.js";
import { localized } from "../../presentation/event-card.js";
import { stepText } from "../../presentation/eligibility.js";
import { escapeHtml } from "../../presentation/html.js";
import { type Choice, choice, reply } from "../../presentation/reply.js";
import { decodeCallback } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { sendReply } from "../telegram-reply.js";
import { finishCheck, plainSnapshot, snapshotFrom } from "./eligibility-result.js";

/** Conversation id. */
export const ELIGIBILITY_CONVERSATION = "eligibility";
/** Callback action of the wizard's own buttons: `elg:<kind>:<arg>`. */
export const WIZARD_ACTION = "elg";
/** A wizard untouched this long expires politely. */
export const WIZARD_TTL_MS = 24 * 60 * 60 * 1000;
/** After this many answers it could not read, the wizard shows the buttons again. */
const MAX_MISSES = 3;

type EligibilityConversation = Conversation<BotContext, BotContext>;

async function askStep(
  ctx: BotContext,
  step: EligibilityStep,
  answers: Answers,
  rules: EligibilityRules,
  provinceChoices: Choice[],
  prefix = "",
): Promise<void> {
  const steps = activeSteps(rules, answers);
  const position = steps.findIndex((s) => s.id === step.id) + 1;
  const options =
    step.kind === "choice"
      ? step.options.map((option) => [
          choice(localized(option.label, ctx.lang), WIZARD_ACTION, "a", option.id),
        ])
      : [
          ...chunk(provinceChoices, 2),
          [choice(ctx.t("eligibility.other_province"), WIZARD_ACTION, "o")],
        ];
  const controls = [
    ...(position > 1 ? [choice(ctx.t("eligibility.back"), WIZARD_ACTION, "b")] : []),
    choice(ctx.t("eligibility.cancel"), WIZARD_ACTION, "c"),
  ];
  const text = `${prefix}${stepText(step, position, steps.length, ctx.t, ctx.lang)}`;
  await sendReply(ctx, reply(text, [...options, controls]));
}

function chunk<T>(items: T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}

/** Builds the conversation for `rules`. The optional argument is the event the check started from. */
export function eligibilityConversation(rules: EligibilityRules) {
  return async function eligibility(
    conversation: EligibilityConversation,
    ctx: BotContext,
    startEventId?: string,
  ): Promise<void> {
    const now = new Date(await conversation.external(() => ctx.deps.clock.now().toISOString()));
    const plain = await conversation.external(() => plainSnapshot(ctx, now));
    const snapshot = snapshotFrom(plain, ctx.deps.gazetteer);
    const provinceChoices = [...new Map(upcomingViews(snapshot).map((v) => [v.province.id, v]))]
      .slice(0, 6)
      .map(([id, view]) =>
        choice(
          ctx.lang === "en" ? view.province.asciiName : view.province.name,
          WIZARD_ACTION,
          "p",
          id,
        ),
      );
    const answers: Record<string, string> = {};
    const history: string[] = [];
    let misses = 0;
    let prefix = "";
    // Measured before anything is sent, on the bot's clock (BOT_CLOCK and tests move it).
    let lastSeenAt = now.getTime();
    for (;;) {
      const step = nextStep(rules, answers);
      if (!step) break;
      await askStep(ctx, step, answers, rules, provinceChoices, prefix);
      prefix = "";
      let answered = false;
      while (!answered) {
        const next = await conversation.wait();
        const answeredAt = await conversation.external(() => ctx.deps.clock.now().getTime());
        if (answeredAt - lastSeenAt > WIZARD_TTL_MS) {
          // Abandoned: say so, then let the message be handled as if no wizard were open.
          await next.reply(ctx.t("eligibility.expired"));
          await conversation.halt({ next: true });
          return;
        }
        lastSeenAt = answeredAt;
        const data = next.callbackQuery?.data;
        if (data !== undefined) {
          const decoded = decodeCallback(data);
          if (decoded?.action !== WIZARD_ACTION) {
            // A button from elsewhere (an old card): leave the wizard and let it work.
            await next.reply(ctx.t("eligibility.stopped_for_command"));
            await conversation.halt({ next: true });
            return;
          }
          await next.answerCallbackQuery();
          const [kind, value = ""] = decoded.args;
          if (kind === "c") {
            await next.reply(ctx.t("eligibility.cancelled"));
            return;
          }
          if (kind === "b") {
            const previous = history.pop();
            if (previous) delete answers[previous];
            answered = true;
            continue;
          }
          if (kind === "o") {
            await next.reply(ctx.t("eligibility.type_province"));
            continue;
          }
          if (
            (kind === "a" && step.kind === "choice" && step.options.some((o) => o.id === value)) ||
            (kind === "p" && step.kind === "province" && ctx.deps.gazetteer.get(value))
          ) {
            answers[step.id] = value;
            history.push(step.id);
            misses = 0;
            answered = true;
            continue;
          }
          // A button of an earlier step: ask the current step again.
          await askStep(ctx, step, answers, rules, provinceChoices);
          continue;
        }
        const text = next.message?.text;
        if (text === undefined) {
          await next.reply(ctx.t("eligibility.non_text"));
          continue;
        }
        if (text.startsWith("/")) {
          if (/^\/(cancel|huy)\b/.test(text)) {
            await next.reply(ctx.t("eligibility.cancelled"));
            return;
          }
          // Another command cancels the check cleanly and then runs (said in /help).
          await next.reply(ctx.t("eligibility.stopped_for_command"));
          await conversation.halt({ next: true });
          return;
        }
        const value =
          step.kind === "choice" ? matchOption(step, text) : ctx.deps.gazetteer.resolve(text)?.id;
        if (value) {
          answers[step.id] = value;
          history.push(step.id);
          misses = 0;
          answered = true;
          if (step.kind === "province") {
            const province = ctx.deps.gazetteer.get(value);
            const current = ctx.deps.gazetteer.currentOf(value);
            if (province && current && current.id !== province.id) {
              prefix = `${escapeHtml(ctx.t("eligibility.province_merged", { province: province.name, current: current.name }))}\n\n`;
            }
          }
          continue;
        }
        misses++;
        const hint = localized(step.hint, ctx.lang);
        const problem =
          step.kind === "province"
            ? ctx.t("eligibility.unknown_province", { text: escapeHtml(text.slice(0, 60)), hint })
            : ctx.t("eligibility.not_understood", { hint });
        if (misses >= MAX_MISSES) {
          misses = 0;
          await askStep(
            ctx,
            step,
            answers,
            rules,
            provinceChoices,
            `${problem}\n${ctx.t("eligibility.buttons_again")}\n\n`,
          );
        } else {
          await next.reply(problem, { parse_mode: "HTML" });
        }
      }
    }
    await finishCheck(conversation, ctx, rules, answers, snapshot, now, startEventId);
  };
}
