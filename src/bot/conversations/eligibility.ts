/**
 * The eligibility check on Telegram: a thin loop around the domain state machine
 * (`src/domain/eligibility/machine.ts`). Each question edits the step message in place when it
 * follows a button press; after a typed answer the old step loses its keyboard and the question
 * comes as a new message, so only the current step's buttons are ever live. State is persisted
 * by the conversations plugin, so a restart (even `kill -9`) continues at the same step.
 */
import type { Conversation } from "@grammyjs/conversations";
import {
  type CheckInput,
  type CheckTurn,
  startCheck,
  stepCheck,
} from "../../domain/eligibility/machine.js";
import type { ProgrammeRules } from "../../domain/eligibility/rules.js";
import {
  audienceReply,
  CHECK_ACTION,
  checkPromptReply,
  noticeText,
} from "../../presentation/eligibility.js";
import { reply } from "../../presentation/reply.js";
import { decodeCallback } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { finishCheck, plainSnapshot, snapshotFrom } from "./eligibility-result.js";
import { clearKeyboard, editOrSend, type StepMessage } from "./step-message.js";

/** Conversation id. */
export const ELIGIBILITY_CONVERSATION = "eligibility";
/** Callback action of the check's own buttons. */
export const WIZARD_ACTION = CHECK_ACTION;

type EligibilityConversation = Conversation<BotContext, BotContext>;

/** What a press or a message means to the check; undefined: it is not for the check. */
function inputOf(ctx: BotContext): CheckInput | "command" | "cancel_command" | "foreign" {
  const data = ctx.callbackQuery?.data;
  if (data !== undefined) {
    const decoded = decodeCallback(data);
    if (decoded?.action !== WIZARD_ACTION) return "foreign";
    const [kind, seqText = "", index = ""] = decoded.args;
    const seq = Number(seqText);
    // Buttons of an older format (no question number) are always stale.
    const stamp = Number.isInteger(seq) && seqText !== "" ? seq : -1;
    if (kind === "s") return { kind: "pick", index: Number(index), seq: stamp };
    if (kind === "b") return { kind: "back", seq: stamp };
    if (kind === "o") return { kind: "other_province", seq: stamp };
    if (kind === "c")
      return stamp === -1 ? { kind: "pick", index: -1, seq: -1 } : { kind: "cancel" };
    return { kind: "pick", index: -1, seq: -1 };
  }
  const text = ctx.message?.text;
  if (text === undefined) return { kind: "unreadable" };
  if (text.startsWith("/")) return /^\/(cancel|huy)\b/.test(text) ? "cancel_command" : "command";
  return { kind: "text", text };
}

/** Builds the conversation for the rules per programme. Arguments: the event it started from. */
export function eligibilityConversation(rules: ProgrammeRules) {
  return async function eligibility(
    conversation: EligibilityConversation,
    ctx: BotContext,
    startEventId?: string,
  ): Promise<void> {
    const now = new Date(await conversation.external(() => ctx.deps.clock.now().toISOString()));
    const plain = await conversation.external(() => plainSnapshot(ctx, now));
    const env = { rules, snapshot: snapshotFrom(plain, ctx.deps.gazetteer) };
    // Measured before anything is sent, on the bot's clock (BOT_CLOCK and tests move it).
    let turn: CheckTurn = startCheck(env, { eventId: startEventId }, now.getTime());
    let current = ctx;
    let step: StepMessage | undefined;
    /** The turn answers a press on the step message itself: edit it rather than send anew. */
    let pressed = false;
    for (;;) {
      switch (turn.kind) {
        case "ask": {
          const shown = checkPromptReply(
            turn.prompt,
            turn.state.seq ?? 0,
            ctx.t,
            ctx.lang,
            "telegram",
          );
          step = await editOrSend(
            current,
            pressed ? step : await clearKeyboard(current, step),
            shown,
          );
          break;
        }
        case "retry":
          await current.reply(noticeText(turn.notice, ctx.t, ctx.lang, "telegram"), {
            parse_mode: "HTML",
          });
          break;
        case "type_province":
          await current.reply(ctx.t("eligibility.type_province"));
          break;
        case "stale":
          break;
        case "result":
          await clearKeyboard(current, step);
          await finishCheck(conversation, current, turn.conclusion, now);
          return;
        case "audience":
          await clearKeyboard(current, step);
          await editOrSend(current, undefined, audienceReply(turn.programmes, ctx.t, ctx.lang));
          return;
        case "cancelled":
          if (pressed && step)
            await editOrSend(current, step, reply(ctx.t("eligibility.cancelled")));
          else {
            await clearKeyboard(current, step);
            await current.reply(ctx.t("eligibility.cancelled"));
          }
          return;
        case "expired":
          // Abandoned: say so, then let the message be handled as if no check were open.
          await clearKeyboard(current, step);
          await current.reply(ctx.t("eligibility.expired"));
          await conversation.halt({ next: true });
          return;
      }
      const state = turn.state;
      current = await conversation.wait();
      const input = inputOf(current);
      pressed = current.callbackQuery !== undefined;
      if (input === "foreign" || input === "command") {
        // A button from elsewhere (an old card) or another command: stop and let it run.
        if (pressed) await current.answerCallbackQuery();
        await clearKeyboard(current, step);
        await current.reply(ctx.t("eligibility.stopped_for_command"));
        await conversation.halt({ next: true });
        return;
      }
      const answeredAt = await conversation.external(() => ctx.deps.clock.now().getTime());
      turn = stepCheck(
        env,
        state,
        input === "cancel_command" ? { kind: "cancel" } : input,
        answeredAt,
      );
      if (pressed) {
        const onStep = current.callbackQuery?.message?.message_id === step?.messageId;
        const live = turn.kind !== "stale" && onStep;
        await current.answerCallbackQuery(live ? {} : { text: ctx.t("eligibility.stale_button") });
        if (!live) turn = { kind: "stale", state };
      }
    }
  };
}
