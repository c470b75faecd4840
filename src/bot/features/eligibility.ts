import { createConversation } from "@grammyjs/conversations";
import { type Composer, InlineKeyboard, InputFile } from "grammy";
import { viewOf } from "../../domain/event-views.js";
import { localized } from "../../presentation/event-card.js";
import { eventIcs, googleCalendarUrl } from "../../presentation/ics.js";
import { reply } from "../../presentation/reply.js";
import { callbackPattern } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { CustomerCallbacks } from "../customer-callbacks.js";
import {
  ELIGIBILITY_CONVERSATION,
  eligibilityConversation,
  WIZARD_ACTION,
} from "../conversations/eligibility.js";
import type { BotDeps } from "../deps.js";
import { addForgetMe } from "./forget-me.js";
import { loaContext } from "../middlewares/loa-context.js";
import { sendReply } from "../telegram-reply.js";
import { LeanComposer } from "../lean-composer.js";

/** Starts (or restarts) the eligibility check, optionally for one event. */
export async function startCheck(ctx: BotContext, eventId?: string): Promise<void> {
  // Starting again replaces a check in progress.
  await ctx.conversation.exitAll();
  await ctx.conversation.enter(ELIGIBILITY_CONVERSATION, ...(eventId ? [eventId] : []));
}

/** The eligibility check: /check (/dieukien), the check buttons, /cancel, .ics files, /forgetme. */
export function eligibilityFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  const privateChats = feature.chatType("private");
  // Before the conversation, so /cancel works whether or not a check is open.
  privateChats.command(["cancel", "huy"], async (ctx) => {
    const active = ctx.conversation.active(ELIGIBILITY_CONVERSATION) > 0;
    await ctx.conversation.exitAll();
    await sendReply(
      ctx,
      reply(ctx.t(active ? "eligibility.cancelled" : "eligibility.nothing_to_cancel")),
    );
  });
  // The check is entered only by a command (/check, a /start link) or a button, so a plain
  // message with no check open skips setting the conversation up.
  privateChats.filter(
    (ctx) =>
      ctx.conversation.active(ELIGIBILITY_CONVERSATION) > 0 ||
      ctx.callbackQuery !== undefined ||
      ctx.message?.text?.startsWith("/") === true,
    createConversation(eligibilityConversation(deps.eligibilityRules), {
      id: ELIGIBILITY_CONVERSATION,
      plugins: [loaContext(deps)],
    }),
  );
  privateChats.command(["check", "dieukien"], (ctx) => startCheck(ctx));
  // A check button with no check open (finished, cancelled, expired or from before a restart).
  feature.callbackQuery(callbackPattern(WIZARD_ACTION), (ctx) =>
    ctx.answerCallbackQuery({ text: ctx.t("eligibility.stale_button") }),
  );
  const { check, calendar } = CustomerCallbacks;
  feature.callbackQuery(check.pattern, async (ctx, next) => {
    const decoded = check.decode(ctx.callbackQuery.data);
    if (!decoded) return next();
    await ctx.answerCallbackQuery();
    await startCheck(ctx, decoded.event);
  });
  feature.callbackQuery(calendar.pattern, async (ctx, next) => {
    const id = calendar.decode(ctx.callbackQuery.data)?.event;
    if (!id) return next();
    const now = ctx.deps.clock.now();
    const snapshot = await ctx.deps.qa.snapshot(now);
    const event = snapshot.events.find((e) => e.id === id);
    const view = event && viewOf(event, snapshot);
    if (!view) {
      await ctx.answerCallbackQuery({ text: ctx.t("answer.event_gone"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const province = ctx.lang === "en" ? view.province.asciiName : view.province.name;
    const title = ctx.t("eligibility.ics_title", {
      programme: localized(view.programme.name, ctx.lang),
      province,
    });
    const ics = eventIcs(view, ctx.lang, now, title);
    await ctx.replyWithDocument(
      new InputFile(Buffer.from(ics, "utf8"), `loa-${view.event.id}.ics`),
      {
        caption: ctx.t("eligibility.ics_caption"),
        // Android phones open this straight in Google Calendar.
        reply_markup: InlineKeyboard.from([
          [
            InlineKeyboard.url(
              ctx.t("card.button_google_calendar"),
              googleCalendarUrl(view, ctx.lang, title),
            ),
          ],
        ]),
      },
    );
  });
  addForgetMe(feature);
  return feature;
}
